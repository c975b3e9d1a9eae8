"""OCDS identifiers from what the sources publish, never from the store's own row ids, so that a researcher's kept
export matches the next one: the same on SQLite and PostgreSQL, after a rebuild, in any arrival order.

- ocid: a project with a 项目编号 takes ``ocds-tenderwatch-c-`` + a hash of the code (as a key: store.linking.code_key)
  and the source of the first notice that printed it; a project without one (or the later of two projects that share
  a source and a code, kept apart by linking) takes ``ocds-tenderwatch-n-`` + a hash of the source and source id of its
  earliest-published call (招标/采购公告 or 资格预审公告; else its earliest notice other than a 采购意向; else its earliest
  notice). A notice in no project has the ``-n-`` ocid of itself.
- tender.id: the 项目编号 as its first notice printed it, else ``source-source_id`` of that earliest call; the
  project's title is that call's title.
- "Earliest" is by publication time, then source, then source id: a total order on published data.

``settle`` recomputes these for the projects linking touched; linking calls it after every pass.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from store.codes import code_key as code_key_of
from store.models import Notice, Project, ProjectLink
from common.notice_types import INTENT, PREQUALIFICATION, TENDER

PREFIX = "ocds-tenderwatch-"
CALLS = (TENDER, PREQUALIFICATION)
SETTLED = PREFIX + "_-%"  # the form of an ocid made here (older stores hashed row ids: re-settled on the next pass)


def _hash(basis: str) -> str:
    return hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]


def notice_ocid(source: str, source_id: str) -> str:
    """The ocid of a process known from one notice (its earliest call)."""
    return f"{PREFIX}n-{_hash(f'{source}:{source_id}')}"


def code_ocid(source: str, code_key: str) -> str:
    return f"{PREFIX}c-{_hash(f'{source}:{code_key}')}"


@dataclass(frozen=True)
class Member:
    source: str
    source_id: str
    notice_type: str | None
    published_at: object  # datetime | None
    project_code: str | None
    title: str | None

    def order(self) -> tuple:
        return (self.published_at is None, self.published_at or 0, self.source, self.source_id)


@dataclass(frozen=True)
class Identity:
    ocid: str
    fallback_ocid: str  # the earliest call's: for the later of two projects that share a source and a code
    code_basis: tuple | None  # (source, code_key, order of the first notice printing the code)
    tender_id: str
    project_code: str | None
    title: str | None


def identity(members: list[Member], code_key: str | None) -> Identity:
    """A project's identifiers from its notices (pure: the same notices give the same answer in any order)."""
    basis = (min((m for m in members if m.notice_type in CALLS), key=Member.order, default=None)
             or min((m for m in members if m.notice_type != INTENT), key=Member.order, default=None)
             or min(members, key=Member.order))
    coded = [m for m in members if code_key and code_key_of(m.project_code) == code_key]
    first_code = min(coded, key=Member.order) if coded else None
    if first_code:
        printed = first_code.project_code.strip()[:200]
        return Identity(code_ocid(first_code.source, code_key), notice_ocid(basis.source, basis.source_id),
                        (first_code.source, code_key, first_code.order()),
                        printed[:300], printed, basis.title)
    own = notice_ocid(basis.source, basis.source_id)
    return Identity(own, own, None, f"{basis.source}-{basis.source_id}"[:300],
                    None, basis.title)


def _members(session: Session, project_ids: list[int]) -> dict[int, list[Member]]:
    out: dict[int, list[Member]] = {}
    for i in range(0, len(project_ids), 500):
        for r in session.execute(select(Notice.project_id, Notice.source, Notice.source_id, Notice.notice_type,
                                        Notice.published_at, Notice.project_code, Notice.title)
                                 .where(Notice.project_id.in_(project_ids[i:i + 500]))):
            out.setdefault(r.project_id, []).append(Member(*r[1:]))
    return out


def settle(session: Session, project_ids: set[int] | None = None, _depth: int = 0) -> int:
    """Give the projects (None: all; also every project still carrying an older ocid) the identifiers their notices
    publish. Projects that share a 项目编号 are settled together: of those whose code came first from one source, the
    earliest keeps the code's ocid and the others fall back to their own call's. A project every notice has left
    (linked elsewhere after a re-parse) is deleted. Returns the projects changed."""
    q = select(Project.id)
    if project_ids is not None:
        stale = ~Project.ocid.like(SETTLED)
        q = q.where(or_(Project.id.in_(sorted(project_ids)), stale) if project_ids else stale)
    ids = set(session.execute(q).scalars())
    if not ids:
        return 0
    keys = {k for k in session.execute(select(Project.code_key).where(Project.id.in_(sorted(ids)),
                                                                       Project.code_key.is_not(None))).scalars()}
    for key in sorted(keys):  # the projects sharing a code are settled together
        ids |= set(session.execute(select(Project.id).where(Project.code_key == key)).scalars())
    projects = {p.id: p for p in session.execute(select(Project).where(Project.id.in_(sorted(ids)))).scalars()}
    members = _members(session, sorted(projects))
    empty = [pid for pid in projects if not members.get(pid)]  # every notice left it (re-linked elsewhere)
    if empty:
        linked = set(session.execute(select(ProjectLink.project_id).where(ProjectLink.project_id.in_(empty)))
                     .scalars())
        gone = [pid for pid in empty if pid not in linked]
        if gone:
            session.execute(delete(Project).where(Project.id.in_(gone)))
            session.flush()
        for pid in empty:
            projects.pop(pid)
    found = {pid: identity(members[pid], projects[pid].code_key) for pid in projects if members.get(pid)}
    owner: dict[str, tuple] = {}  # code ocid → (order, project id) of its earliest claimant
    for pid, ident in found.items():
        if ident.code_basis:
            claim = (ident.code_basis[2], pid)
            owner[ident.ocid] = min(owner.get(ident.ocid, claim), claim)
    final: dict[int, tuple[str, str, str | None, str | None]] = {}
    for pid, ident in found.items():
        ocid = ident.ocid if not ident.code_basis or owner[ident.ocid][1] == pid else ident.fallback_ocid
        final[pid] = (ocid, ident.tender_id, ident.project_code, ident.title)
    changed = [pid for pid, (ocid, tid, code, title) in final.items()
               if (projects[pid].ocid, projects[pid].tender_id) != (ocid, tid)
               or (code and projects[pid].project_code != code) or projects[pid].title != title]
    if not changed:
        return 0
    # another project (not settled in this pass) may hold an ocid wanted here: settle it too
    wanted = {final[pid][0] for pid in changed}
    holders = set(session.execute(select(Project.id).where(Project.ocid.in_(sorted(wanted)))).scalars()) - set(final)
    if holders:
        if _depth > 5:
            raise RuntimeError(f"store.ocids.settle: projects {sorted(holders)[:5]} hold ocids that others publish")
        return settle(session, set(final) | holders, _depth + 1)
    for pid in changed:  # two steps, so that two projects may swap ocids under the unique index
        projects[pid].ocid = f"{PREFIX}settling-{pid}"
    session.flush()
    for pid in changed:
        p = projects[pid]
        p.ocid, p.tender_id, p.title = final[pid][0], final[pid][1], final[pid][3]
        if final[pid][2]:
            p.project_code = final[pid][2]
    session.flush()
    return len(changed)
