"""Awards against their calls: the award/budget ratio, the days from call to award, and the projects' outcomes
(awarded or failed)."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from reports.base import AWARD, FAILED, RELEVANT, TENDER, Context, Scope, df
from reports.format import safe_url
from store.models import Notice, ProjectLink


def award_ratios(session: Session, scope: Scope) -> pd.DataFrame:
    """The week's relevant awards whose project (store/linking.py) has a call for tenders: the award, the budget
    and their ratio (when the call states a budget), and the days from the first call to the award."""
    tender = aliased(Notice)
    calls = (select(tender.project_id, func.max(tender.budget_cny).label("budget"),
                    func.min(tender.published_at).label("tendered_at"))
             .where(tender.notice_type == TENDER, tender.project_id.in_(scope.project_ids()),
                    tender.duplicate_of.is_(None))
             .group_by(tender.project_id).subquery())
    q = (scope.base(Notice.id, Notice.title, Notice.url, Notice.project_id, Notice.published_at,
                    Notice.award_cny.label("award"), calls.c.budget, calls.c.tendered_at, ProjectLink.lot)
         .join(calls, calls.c.project_id == Notice.project_id)
         .join(ProjectLink, ProjectLink.notice_id == Notice.id, isouter=True)
         .where(RELEVANT, Notice.notice_type == AWARD))
    out = df(session, q)
    if len(out):  # an award of named lots answers those lots' budgets when the call lists them
        lot_budgets = _lot_budgets(session, {int(p) for p in out["project_id"]})
        out["budget"] = [sum(lot_budgets[p][x] for x in lots.split(",")) if isinstance(lots, str) and lots
                         and all(x in lot_budgets.get(p, {}) for x in lots.split(",")) else b
                         for p, lots, b in zip(out["project_id"], out["lot"], out["budget"])]
    out["ratio"] = [float(a) / float(b) if a is not None and b and b > 0 and a > 0 else None
                    for a, b in zip(out.get("award", []), out.get("budget", []))]
    out["days"] = [(p - t).total_seconds() / 86400 if t is not None and p is not None and p >= t else None
                   for p, t in zip(out.get("published_at", []), out.get("tendered_at", []))]
    return out


def _lot_budgets(session: Session, project_ids: set[int]) -> dict[int, dict[str, Decimal]]:
    """Per project, the budget of each lot its calls for tenders list."""
    from store.linking import lot_budgets

    out: dict[int, dict[str, Decimal]] = {}
    ids = sorted(project_ids)
    for i in range(0, len(ids), 900):
        for pid, lots in session.execute(select(Notice.project_id, Notice.lots).where(
                Notice.project_id.in_(ids[i:i + 900]), Notice.notice_type == TENDER)):
            out.setdefault(pid, {}).update(lot_budgets(lots))
    return out


def outcomes(session: Session, scope: Scope) -> pd.DataFrame:
    """Relevant projects whose outcome was published this week: awarded (a 中标/成交公告) or failed (a 终止/废标公告
    and no award). One row per project, with the notice that tells."""
    q = (scope.base(Notice.id, Notice.project_id, Notice.notice_type)
         .where(RELEVANT, Notice.project_id.is_not(None), Notice.notice_type.in_((AWARD, FAILED)))
         .order_by(Notice.published_at, Notice.id))
    rows: dict[int, dict] = {}
    for r in df(session, q).to_dict("records"):
        now = rows.get(r["project_id"])
        if now is None or (now["outcome"] == "failed" and r["notice_type"] == AWARD):
            rows[r["project_id"]] = {"project_id": r["project_id"], "id": r["id"],
                                     "outcome": "awarded" if r["notice_type"] == AWARD else "failed"}
    return pd.DataFrame(list(rows.values()), columns=["project_id", "id", "outcome"])


def build(ctx: Context) -> dict:
    linked = award_ratios(ctx.session, ctx.scope)
    linked["safe_url"] = [safe_url(u) for u in linked.get("url", [])]
    ratios = linked[linked["ratio"].notna()].reset_index(drop=True) if len(linked) else linked
    timed = linked[linked["days"].notna()] if len(linked) else linked
    done = outcomes(ctx.session, ctx.scope)
    failed = done[done["outcome"] == "failed"]
    summary = {"n": len(ratios), "median": float(ratios["ratio"].median()) if len(ratios) else None,
               "overall": (float(sum(map(Decimal, ratios["award"])) / sum(map(Decimal, ratios["budget"])))
                           if len(ratios) else None),
               "days_n": len(timed), "days_median": float(timed["days"].median()) if len(timed) else None,
               "days_ids": [int(i) for i in timed.get("id", [])],
               "outcomes": len(done), "failed": len(failed),
               "failed_rate": len(failed) / len(done) if len(done) else None,
               "failed_ids": [int(i) for i in failed["id"]], "outcome_ids": [int(i) for i in done["id"]]}
    return {"ratios": ratios, "ratio_summary": summary}


def drill(v: dict, notices: list[dict]) -> dict[str, list[int]]:
    s = v["ratio_summary"]
    return {"ratio": [int(i) for i in v["ratios"].get("id", [])], "tender_to_award": s["days_ids"],
            "outcomes": s["outcome_ids"], "failed": s["failed_ids"]}


def csv(v: dict) -> dict[str, pd.DataFrame]:
    return {"award_ratio": v["ratios"]}
