"""The parties: the top buyers (by organisation) and the suppliers of the week's relevant awards."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from reports.base import AWARD, RELEVANT, Context, Scope, amount, df, measures, measures_frame, relevant_totals
from reports.format import yuan
from store.models import Notice, Organization


def top_buyers(session: Session, scope: Scope, limit: int = 10) -> pd.DataFrame:
    """Buyers by organisation: the name variants of one buyer (store/orgs.py) count together."""
    q = (scope.base(Organization.name.label("buyer"), *measures())
         .join(Organization, Organization.id == Notice.buyer_id)
         .where(RELEVANT)
         .group_by(Organization.name)
         .order_by(func.coalesce(func.sum(amount()), 0).desc(), func.count(Notice.id).desc(), Organization.name)
         .limit(limit))
    return df(session, q)


def organisation_names(session: Session, ids: set[int]) -> dict[int, str]:
    ids = sorted(ids)
    out: dict[int, str] = {}
    for i in range(0, len(ids), 900):
        out |= dict(session.execute(select(Organization.id, Organization.name)
                                    .where(Organization.id.in_(ids[i:i + 900]))).all())
    return out


def suppliers(relevant: list[dict], names: dict[int, str]) -> pd.DataFrame:
    """Suppliers of the week's relevant awards, by organisation (a supplier's short name, branch or spelling
    counts with the organisation it was merged into, named by ``names``): awards won and their amount (each
    supplier's own amount where the notice gives one, else the notice's award)."""
    won: dict[str, dict] = {}
    for n in relevant:
        if n["notice_type"] != AWARD:
            continue
        for s in n["suppliers"] or []:
            name = (s or {}).get("name") if isinstance(s, dict) else None
            if not name:
                continue
            name = names.get(s.get("org_id"), name)
            w = won.setdefault(name, {"supplier": name, "awards": 0, "amount": Decimal(0), "with_amount": 0,
                                      "ids": []})
            w["awards"] += 1
            got = s.get("award_cny") or n["award_cny"]
            if got is not None:
                w["amount"] += yuan(got)
                w["with_amount"] += 1
            w["ids"].append(n["id"])
    out = pd.DataFrame(list(won.values()), columns=["supplier", "awards", "amount", "with_amount", "ids"])
    out = out.sort_values(["amount", "awards"], ascending=False).head(10).reset_index(drop=True)
    out["amount"] = pd.Series([a if k else None for a, k in zip(out["amount"], out["with_amount"])],
                              index=out.index, dtype=object)  # no award stated: 未公布, not 0
    return out


def build(ctx: Context) -> dict:
    buyers = measures_frame(top_buyers(ctx.session, ctx.scope), "buyer", [], relevant_totals(ctx.values))
    buyers = buyers.sort_values(["amount", "notices"], ascending=False).reset_index(drop=True)
    relevant = [n for n in ctx.values["notices"] if n["relevant"]]
    org_ids = {s["org_id"] for n in relevant for s in (n["suppliers"] or [])
               if isinstance(s, dict) and s.get("org_id")}
    won = suppliers(relevant, organisation_names(ctx.session, org_ids))
    awarded = ctx.values["headline"]["relevant"]["award"]
    won["amount_share"] = [float(a / awarded) if awarded and a is not None else None for a in won["amount"]]
    return {"buyers": buyers, "suppliers": won}


def drill(v: dict, notices: list[dict]) -> dict[str, list[int]]:
    rel = [n for n in notices if n["relevant"]]
    d: dict[str, list[int]] = {}
    for buyer in v["buyers"]["buyer"]:
        d[f"buyer:{buyer}"] = [n["id"] for n in rel if n["buyer_org"] == buyer]
    for s in v["suppliers"].to_dict("records"):
        d[f"supplier:{s['supplier']}"] = list(s["ids"])
    return d


def csv(v: dict) -> dict[str, pd.DataFrame]:
    return {"buyers": v["buyers"], "suppliers": v["suppliers"].drop(columns=[c for c in ["ids"]
                                                                             if c in v["suppliers"].columns])}
