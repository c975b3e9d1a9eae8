"""The pipeline: relevant tenders whose bid deadline falls in the two weeks after the week, and the largest relevant
tenders still open at the week's end, each with the days left to its deadline."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy.orm import Session

from reports.base import RELEVANT, TENDER, Context, Scope, budget, df
from reports.format import safe_url
from store.models import Classification, Notice

LOOKBACK_DAYS = 120  # a call still open was published within this many days


def _open_calls(end: datetime):
    """Relevant tenders published in the LOOKBACK_DAYS before ``end`` whose bid deadline in force (a correction may
    have moved it) is at or after ``end``."""
    scope = Scope(end - timedelta(days=LOOKBACK_DAYS), end)
    return (scope.base(Notice.id, Notice.title, Notice.url, Notice.buyer_raw, budget().label("budget_cny"),
                       Notice.current_deadline.label("deadline"), Notice.method, Classification.level,
                       Classification.delivery_model)
            .where(RELEVANT, Notice.notice_type == TENDER, Notice.current_deadline >= end))


def pipeline(session: Session, end: datetime, days: int = 14) -> pd.DataFrame:
    """Open relevant tenders whose deadline falls in [end, end + days), soonest first."""
    q = (_open_calls(end).where(Notice.current_deadline < end + timedelta(days=days))
         .order_by(Notice.current_deadline, Notice.id))
    return df(session, q)


def largest_open(session: Session, end: datetime, limit: int = 10) -> pd.DataFrame:
    """The open relevant tenders with the largest budgets in force (those that state one), largest first."""
    q = (_open_calls(end).where(budget().is_not(None))
         .order_by(budget().desc(), Notice.current_deadline, Notice.id).limit(limit))
    return df(session, q)


def days_left(deadline: datetime | None, end: datetime) -> int | None:
    """Calendar days from the week's last day (the Sunday before ``end``) to the deadline: a deadline on the
    Monday after the week has 1 day left."""
    if deadline is None or pd.isna(deadline):
        return None
    return (deadline.date() - (end - timedelta(days=1)).date()).days


def _shaped(out: pd.DataFrame, end: datetime) -> pd.DataFrame:
    out["safe_url"] = [safe_url(u) for u in out["url"]]
    out["days_left"] = pd.Series([days_left(d, end) for d in out["deadline"]], index=out.index, dtype=object)
    return out


def build(ctx: Context) -> dict:
    return {"pipeline": _shaped(pipeline(ctx.session, ctx.end), ctx.end),
            "open_largest": _shaped(largest_open(ctx.session, ctx.end), ctx.end)}


def csv(v: dict) -> dict[str, pd.DataFrame]:
    return {"pipeline": v["pipeline"], "open_largest": v["open_largest"]}
