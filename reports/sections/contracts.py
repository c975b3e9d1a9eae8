"""Expiring contracts: relevant awards and contracts whose 履约期限 / 服务期 (the notice's period_months, else
period_days) ends in the six months after the week, counted from the contract's signing date (a 合同公告) or else
the award's publication: the projects likely to be tendered again soon."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pandas as pd
from dateutil.relativedelta import relativedelta
from sqlalchemy import or_

from common.notice_types import CONTRACT
from reports.base import AWARD, RELEVANT, Context, Scope, df
from reports.format import safe_url
from store.models import Notice

LOOKBACK_YEARS = 5  # a contract that ends soon was awarded within this many years
AHEAD_MONTHS = 6
SHOWN = 30  # rows on the page; the CSV has them all


def _start(row: dict) -> date | None:
    """The day the period runs from: a contract's 签订日期, else the notice's publication day."""
    signed = (row.get("contract") or {}).get("signed_date") if isinstance(row.get("contract"), dict) else None
    if signed:
        try:
            return date.fromisoformat(str(signed)[:10])
        except ValueError:
            pass
    published = row.get("published_at")
    return published.date() if isinstance(published, datetime) else None


def period_end(start: date, months: int | None, days: int | None) -> date | None:
    """The last day of a period of ``months`` (calendar months, preferred) or ``days`` from ``start`` (its first)."""
    if months and months > 0:
        return start + relativedelta(months=months) - timedelta(days=1)
    if days and days > 0:
        return start + timedelta(days=days - 1)
    return None


def _periods(session, end: datetime) -> pd.DataFrame:  # noqa: ANN001
    scope = Scope(end - relativedelta(years=LOOKBACK_YEARS), end)
    q = (scope.base(Notice.id, Notice.title, Notice.url, Notice.notice_type, Notice.published_at, Notice.buyer_raw,
                    Notice.suppliers, Notice.award_cny, Notice.period_days, Notice.period_months, Notice.period_raw,
                    Notice.contract, Notice.project_id)
         .where(RELEVANT, Notice.notice_type.in_((AWARD, CONTRACT)),
                or_(Notice.period_days.is_not(None), Notice.period_months.is_not(None)))
         .order_by(Notice.published_at, Notice.id))
    return df(session, q)


def _supplier(row: dict) -> str:
    contract = row.get("contract") if isinstance(row.get("contract"), dict) else {}
    if contract.get("supplier"):
        return str(contract["supplier"])
    names = [s.get("name") for s in (row.get("suppliers") or []) if isinstance(s, dict) and s.get("name")]
    return "、".join(dict.fromkeys(names))


def expiring(session, end: datetime) -> pd.DataFrame:  # noqa: ANN001
    """One row per contract ending in [end, end + AHEAD_MONTHS): a project's 合同公告 stand for its awards."""
    first, last = end.date(), end.date() + relativedelta(months=AHEAD_MONTHS)
    rows = []
    for r in _periods(session, end).to_dict("records"):
        for k in ("contract", "suppliers"):
            if isinstance(r[k], str):
                r[k] = json.loads(r[k])
        months = None if pd.isna(r["period_months"]) else int(r["period_months"])
        days = None if pd.isna(r["period_days"]) else int(r["period_days"])
        start = _start(r)
        ends = period_end(start, months, days) if start else None
        if ends is None or not first <= ends < last:
            continue
        rows.append({"id": int(r["id"]), "title": r["title"], "url": r["url"], "safe_url": safe_url(r["url"]),
                     "notice_type": r["notice_type"], "buyer_raw": r["buyer_raw"], "supplier": _supplier(r),
                     "amount": r["award_cny"], "start": start, "period": f"{months} 个月" if months else f"{days} 天",
                     "period_raw": r["period_raw"], "ends": ends, "days_left": (ends - (first - timedelta(days=1))).days,
                     "project_id": None if pd.isna(r["project_id"]) else int(r["project_id"])})
    with_contract = {r["project_id"] for r in rows if r["project_id"] is not None and r["notice_type"] == CONTRACT}
    rows = [r for r in rows if r["notice_type"] == CONTRACT or r["project_id"] not in with_contract]
    columns = ["id", "title", "url", "safe_url", "notice_type", "buyer_raw", "supplier", "amount", "start", "period",
               "period_raw", "ends", "days_left", "project_id"]
    return pd.DataFrame(sorted(rows, key=lambda r: (r["ends"], r["id"])), columns=columns)


def build(ctx: Context) -> dict:
    out = expiring(ctx.session, ctx.end)
    return {"expiring": out, "expiring_shown": out.head(SHOWN)}


def csv(v: dict) -> dict[str, pd.DataFrame]:
    return {"expiring": v["expiring"].drop(columns=["safe_url"])}
