"""The pipeline: relevant tenders whose bid deadline falls in the two weeks after the week."""

from __future__ import annotations

from datetime import datetime, timedelta

import pandas as pd
from sqlalchemy.orm import Session

from reports.base import RELEVANT, TENDER, Context, Scope, budget, df
from reports.format import safe_url
from store.models import Classification, Notice


def pipeline(session: Session, end: datetime, days: int = 14) -> pd.DataFrame:
    """Relevant tenders published before ``end`` whose bid deadline in force (a correction may have moved it) falls
    in [end, end + days)."""
    scope = Scope(end - timedelta(days=120), end)
    q = (scope.base(Notice.id, Notice.title, Notice.url, Notice.buyer_raw, budget().label("budget_cny"),
                    Notice.current_deadline.label("deadline"), Notice.method, Classification.level,
                    Classification.delivery_model)
         .where(RELEVANT, Notice.notice_type == TENDER, Notice.current_deadline >= end,
                Notice.current_deadline < end + timedelta(days=days))
         .order_by(Notice.current_deadline, Notice.id))
    return df(session, q)


def build(ctx: Context) -> dict:
    out = pipeline(ctx.session, ctx.end)
    out["safe_url"] = [safe_url(u) for u in out["url"]]
    return {"pipeline": out}


def csv(v: dict) -> dict[str, pd.DataFrame]:
    return {"pipeline": v["pipeline"]}
