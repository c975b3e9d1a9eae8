"""The headline: this week's notices, budgets and awards (all and relevant), against last week and the four weeks
before, and the five-week trend chart."""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

import pandas as pd
from markupsafe import Markup
from sqlalchemy import case, func, literal, literal_column
from sqlalchemy.orm import Session

from reports.base import Context, Scope, df, measures
from reports.charts import Bar, bar_chart
from reports.format import yuan
from reports.weeks import week_of
from store.models import Classification, Notice


def weekly_totals(session: Session, start: datetime, weeks: int = 5) -> pd.DataFrame:
    """One row per week back from ``start`` (0 = this week, 1 = the week before …), all and relevant measures."""
    scope = Scope(start - timedelta(days=7 * (weeks - 1)), start + timedelta(days=7))
    bucket = case(*[(Notice.published_at >= start - timedelta(days=7 * k), literal(k)) for k in range(weeks)],
                  else_=literal(weeks))
    # grouped by the output names: PostgreSQL does not match two bound copies of the CASE expression
    q = scope.base(bucket.label("ago"), func.coalesce(Classification.relevant, False).label("rel"),
                   *measures()).group_by(literal_column("ago"), literal_column("rel"))
    return df(session, q)


def _change(now: Decimal | int, before: Decimal | int | float) -> float | None:
    return None if not before else float(Decimal(now) / Decimal(str(before)) - 1)


COUNTED = {"notices": "notices", "budget": "tenders", "award": "awards"}  # the notices whose figure it is


def trend(totals: pd.DataFrame) -> tuple[dict, list[dict]]:
    def week_values(ago: int, relevant: bool | None) -> dict:
        rows = totals[(totals["ago"] == ago) & ((totals["rel"] == relevant) if relevant is not None else True)]
        return {"notices": int(rows["notices"].fillna(0).sum()), "tenders": int(rows["tenders"].fillna(0).sum()),
                "budget": yuan(rows["budget"].map(yuan).sum()), "awards": int(rows["awards"].fillna(0).sum()),
                "award": yuan(rows["award"].map(yuan).sum()),
                "with_budget": int(rows["with_budget"].fillna(0).sum()),
                "with_award": int(rows["with_award"].fillna(0).sum())}

    headline = {"all": week_values(0, None), "relevant": week_values(0, True)}
    history = [week_values(k, True) for k in range(1, 5)]
    out = []
    known = {"notices": "notices", "budget": "with_budget", "award": "with_award"}  # the notices a figure sums
    for key, name in (("notices", "相关公告"), ("budget", "相关招标预算"), ("award", "相关中标金额")):
        now, prev = headline["relevant"][key], history[0][key]
        avg = sum(Decimal(h[key]) for h in history) / 4
        out.append({"key": key, "name": name, "now": now, "prev": prev, "avg4": avg,
                    "vs_prev": _change(now, prev), "vs_avg4": _change(now, avg),
                    "known": bool(headline["relevant"][known[key]]), "prev_known": bool(history[0][known[key]]),
                    "count": headline["relevant"][COUNTED[key]], "prev_count": history[0][COUNTED[key]],
                    "history": [h[key] for h in reversed(history)] + [now],
                    "history_known": [bool(h[known[key]]) for h in reversed(history)]
                    + [bool(headline["relevant"][known[key]])],
                    "history_count": [h[COUNTED[key]] for h in reversed(history)]
                    + [headline["relevant"][COUNTED[key]]]})
    return headline, out


def build(ctx: Context) -> dict:
    headline, weeks = trend(weekly_totals(ctx.session, ctx.start))
    return {"headline": headline, "trend": weeks}


def charts(report) -> dict[str, Markup]:  # noqa: ANN001
    notices, budgets = report.trend[0], report.trend[1]
    bars = [Bar(week_of(report.start - timedelta(days=7 * (4 - i))), int(n), b if known else None, priced=tenders)
            for i, (n, b, known, tenders) in enumerate(zip(notices["history"], budgets["history"],
                                                           budgets["history_known"], budgets["history_count"]))]
    return {"trend": bar_chart(bars, "近五周相关公告数与招标预算", amount_name="招标预算")}


def csv(v: dict) -> dict[str, pd.DataFrame]:
    rows = []
    for t in v["trend"]:  # a sum no notice states is empty, never 0
        row = {k: x for k, x in t.items() if not k.startswith("history")}
        if row["key"] != "notices":
            row["now"] = row["now"] if row["known"] else None
            row["prev"] = row["prev"] if row["prev_known"] else None
        rows.append(row)
    return {"headline": pd.DataFrame(rows)}
