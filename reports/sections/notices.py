"""The week's notices, one row each: the notice table at the foot of the page and what every drill-down lists."""

from __future__ import annotations

import json
import math

import pandas as pd
from sqlalchemy import String, cast, func, select
from sqlalchemy.orm import Session

from reports.base import AWARD, TENDER, Context, Scope, amount, df, project_method
from reports.format import safe_url, yuan
from store.models import Classification, ClassificationCategory, Notice, Organization


def buyer_name():
    """The organisation name of a notice's buyer (its variants merged), as a column."""
    return select(Organization.name).where(Organization.id == Notice.buyer_id).scalar_subquery()


def week_rows(session: Session, scope: Scope) -> pd.DataFrame:
    """The week's notices, one row each (bounded by the week): what the drill-down lists and the notice table show."""
    pm = project_method(scope)
    q = scope.base(Notice.id, Notice.source, Notice.title, Notice.url, Notice.notice_type, Notice.published_at,
                   Notice.buyer_raw, buyer_name().label("buyer_org"), Notice.buyer_region_code, func.coalesce(Notice.method, pm.c.method).label(
                       "method"), Notice.budget_cny, Notice.award_cny,
                   amount().label("amount"), Notice.deadline, Notice.project_id, Notice.suppliers, Notice.ppp,
                   cast(Notice.warnings, String).label("warnings"),
                   func.coalesce(Classification.relevant, False).label("relevant"), Classification.level,
                   Classification.delivery_model, Classification.id.label("cid")).join(
        pm, pm.c.project_id == Notice.project_id, isouter=True).order_by(Notice.published_at.desc(), Notice.id)
    out = df(session, q)
    cats: dict[int, list[str]] = {}
    cids = [int(c) for c in out["cid"].dropna().tolist()]
    for i in range(0, len(cids), 900):  # bound the IN list
        for cid, cat in session.execute(select(ClassificationCategory.classification_id,
                                               ClassificationCategory.category)
                                        .where(ClassificationCategory.classification_id.in_(cids[i:i + 900]))):
            cats.setdefault(cid, []).append(cat)
    out["categories"] = [cats.get(int(c), []) if pd.notna(c) else [] for c in out["cid"]]
    return out


def notice_dicts(rows: pd.DataFrame) -> list[dict]:
    out = []
    for r in rows.to_dict("records"):
        r = {k: (None if (isinstance(v, float) and math.isnan(v)) or v is pd.NaT else v) for k, v in r.items()}
        r["relevant"] = bool(r["relevant"])
        r["safe_url"] = safe_url(r["url"])
        r["amount"] = None if r["amount"] is None else yuan(r["amount"])
        r["province"] = str(r["buyer_region_code"])[:2] if r["buyer_region_code"] else None
        r["city"] = str(r["buyer_region_code"])[:4] if r["buyer_region_code"] else None
        if isinstance(r["ppp"], str):
            r["ppp"] = json.loads(r["ppp"])
        if isinstance(r["suppliers"], str):
            r["suppliers"] = json.loads(r["suppliers"])
        out.append(r)
    return out


def build(ctx: Context) -> dict:
    return {"notices": notice_dicts(week_rows(ctx.session, ctx.scope))}


def drill(v: dict, notices: list[dict]) -> dict[str, list[int]]:
    rel = [n for n in notices if n["relevant"]]
    return {
        "all": [n["id"] for n in notices],
        "relevant": [n["id"] for n in rel],
        "relevant:tenders": [n["id"] for n in rel if n["notice_type"] == TENDER],
        "relevant:awards": [n["id"] for n in rel if n["notice_type"] == AWARD],
    }
