"""The one clock: Beijing time (Asia/Shanghai) computed from an aware UTC now, whatever the machine's time zone.

The store keeps naive datetimes in Beijing time, the time every source publishes in (store/models.py); so "now"
for the store is ``beijing_now()``, a naive Beijing datetime, and text meant for others (OCDS, Atom, exports) labels
Beijing times with ``iso()``. Never ``datetime.now()`` or ``date.today()``: on a machine whose clock is UTC they are
eight hours behind Beijing, and a deadline filter or a publication date computed from them is wrong by as much.
"""

from __future__ import annotations

from datetime import date, datetime, timezone
from zoneinfo import ZoneInfo

SHANGHAI = ZoneInfo("Asia/Shanghai")


def utc_now() -> datetime:
    """Now, aware, in UTC (the one place that reads the system clock)."""
    return datetime.now(timezone.utc)


def beijing(t: datetime) -> datetime:
    """An aware datetime as a naive Beijing time (the store's convention); a naive one is taken as Beijing already."""
    return t.astimezone(SHANGHAI).replace(tzinfo=None) if t.tzinfo else t


def beijing_now(microseconds: bool = False) -> datetime:
    """Now as a naive Beijing datetime, for the store (to the second unless ``microseconds``)."""
    t = beijing(utc_now())
    return t if microseconds else t.replace(microsecond=0)


def beijing_today() -> date:
    """Today's date in Beijing (from 16:00 UTC on, Beijing is already on the next day)."""
    return beijing(utc_now()).date()


def aware(t: datetime) -> datetime:
    """A naive Beijing time (as stored) made aware in Asia/Shanghai; an aware one converted to it."""
    return t.astimezone(SHANGHAI) if t.tzinfo else t.replace(tzinfo=SHANGHAI)


def iso(t: datetime | None) -> str | None:
    """ISO 8601 with the offset, for a naive Beijing time or an aware time: ``2026-11-17T09:30:00+08:00``."""
    return aware(t).isoformat() if t is not None else None
