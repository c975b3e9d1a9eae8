"""The values in force: a 更正公告 that moves a call's deadline, opening time or budget moves it for the call, its
project, search's deadline filter and sort, the report's pipeline and budgets, and the OCDS record (issue 16).
``Notice.deadline`` / ``opening`` / ``budget_cny`` stay what each notice printed; ``Notice.current_deadline`` /
``current_opening`` / ``current_budget_cny`` are, for a call or a correction, the value of the latest-published
call or correction of its project that gives one, and for any other notice its own."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from common.notice_types import CORRECTION, TENDER
from store.models import Notice

MOVABLE = (TENDER, CORRECTION)
# printed field → the column that holds the value in force (a field a parser does not fill yet is skipped)
IN_FORCE = {"deadline": "current_deadline", "opening": "current_opening", "budget_cny": "current_budget_cny"}


def in_force(members: list[tuple]) -> dict[int, object]:
    """``members``: (id, notice_type, published_at, value) of one project's notices → id → the value in force.
    Pure: the latest-published call or correction that gives a value decides (ties: the later id)."""
    giving = [m for m in members if m[1] in MOVABLE and m[3] is not None]
    latest = max(giving, key=lambda m: (m[2] is not None, m[2] or 0, m[0]), default=None)
    return {m[0]: (latest[3] if latest is not None and m[1] in MOVABLE else m[3]) for m in members}


def fields_in_force() -> dict[str, str]:
    """The pairs of IN_FORCE whose printed field is a Notice column."""
    return {f: c for f, c in IN_FORCE.items() if f in Notice.__table__.columns}


def initial(values: dict) -> dict:
    """A new notice's values in force: its own, until linking says what its project's corrections moved."""
    return {column: values.get(field) for field, column in fields_in_force().items()}


def refresh(session: Session, project_ids: set[int] | None) -> int:
    """Set the values in force on the notices of these projects; returns how many notices changed."""
    ids = sorted(i for i in (project_ids or ()) if i is not None)
    pairs = fields_in_force()
    cols = [Notice.project_id, Notice.id, Notice.notice_type, Notice.published_at]
    cols += [getattr(Notice, f) for f in pairs] + [getattr(Notice, c) for c in pairs.values()]
    changed = 0
    for start in range(0, len(ids), 500):
        rows = session.execute(select(*cols).where(Notice.project_id.in_(ids[start:start + 500]))).all()
        projects: dict[int, list] = {}
        for r in rows:
            projects.setdefault(r.project_id, []).append(r)
        for members in projects.values():
            wanted = {c: in_force([(r.id, r.notice_type, r.published_at, getattr(r, f)) for r in members])
                      for f, c in pairs.items()}
            for r in members:
                new = {c: w[r.id] for c, w in wanted.items() if getattr(r, c) != w[r.id]}
                if new:
                    session.execute(update(Notice).where(Notice.id == r.id).values(**new))
                    changed += 1
    return changed
