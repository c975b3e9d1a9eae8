"""The deadline in force: a 更正公告 that moves a call's deadline moves it for the call, its project, search's
deadline filter and sort, and the report's pipeline (issue 16). ``Notice.deadline`` stays what each notice
printed; ``Notice.current_deadline`` is, for a call or a correction, the deadline of the latest-published call or
correction of its project that gives one, and for any other notice its own."""

from __future__ import annotations

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from common.notice_types import CORRECTION, TENDER
from store.models import Notice

MOVABLE = (TENDER, CORRECTION)


def in_force(members: list[tuple]) -> dict[int, object]:
    """``members``: (id, notice_type, published_at, deadline) of one project's notices → id → the deadline in force.
    Pure: the latest-published call or correction that gives a deadline decides (ties: the later id)."""
    giving = [m for m in members if m[1] in MOVABLE and m[3] is not None]
    latest = max(giving, key=lambda m: (m[2] is not None, m[2] or 0, m[0]), default=None)
    return {m[0]: (latest[3] if latest is not None and m[1] in MOVABLE else m[3]) for m in members}


def refresh(session: Session, project_ids: set[int] | None) -> int:
    """Set ``current_deadline`` on the notices of these projects; returns how many changed."""
    ids = sorted(i for i in (project_ids or ()) if i is not None)
    changed = 0
    for start in range(0, len(ids), 500):
        rows = session.execute(select(Notice.project_id, Notice.id, Notice.notice_type, Notice.published_at,
                                      Notice.deadline, Notice.current_deadline)
                               .where(Notice.project_id.in_(ids[start:start + 500]))).all()
        projects: dict[int, list] = {}
        for r in rows:
            projects.setdefault(r.project_id, []).append(r)
        for members in projects.values():
            wanted = in_force([(r.id, r.notice_type, r.published_at, r.deadline) for r in members])
            for r in members:
                if r.current_deadline != wanted[r.id]:
                    session.execute(update(Notice).where(Notice.id == r.id).values(current_deadline=wanted[r.id]))
                    changed += 1
    return changed
