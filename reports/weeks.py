"""ISO weeks in Beijing time: ``2026-W48`` → [Monday 00:00, next Monday 00:00)."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta

WEEK_RE = re.compile(r"^(\d{4})-W(\d{2})$")


def parse_week(text: str) -> tuple[datetime, datetime]:
    """Start and end (exclusive) of an ISO week; ValueError with a readable message when malformed."""
    m = WEEK_RE.match(text.strip())
    if not m:
        raise ValueError(f"week must look like 2026-W47, not {text!r}")
    year, week = int(m.group(1)), int(m.group(2))
    try:
        monday = date.fromisocalendar(year, week, 1)
    except ValueError:
        raise ValueError(f"{text} is not a week of {year}") from None
    start = datetime.combine(monday, datetime.min.time())
    return start, start + timedelta(days=7)


def week_of(d: date | datetime) -> str:
    y, w, _ = d.isocalendar()
    return f"{y}-W{w:02d}"


def store_weeks(session) -> list[str]:  # noqa: ANN001 - a SQLAlchemy session
    """Every ISO week in which the store holds a notice (a duplicate of another source's aside), oldest first: one
    indexed look-up per week found, however long the gaps between them."""
    from sqlalchemy import func, select

    from store.models import Notice

    def first_from(at: datetime | None) -> datetime | None:
        q = select(func.min(Notice.published_at)).where(Notice.duplicate_of.is_(None))
        return session.execute(q if at is None else q.where(Notice.published_at >= at)).scalar()

    weeks, found = [], first_from(None)
    while found is not None:
        week = week_of(found)
        weeks.append(week)
        found = first_from(parse_week(week)[1])
    return weeks
