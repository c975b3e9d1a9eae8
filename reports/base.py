"""The report's one base query and what every section shares: the week's notices joined to their newest
classification (``Scope.base``), the measures every breakdown sums, and the shaping of a breakdown into a frame.

Every aggregate is computed by the database over the week (or the weeks before it), never by loading the store.
Results come back as small pandas frames for shaping.

Conventions (stated in the report's footnotes too):
- a notice belongs to the week of its published_at (Beijing time, as stored); a notice that duplicates one from
  another source (duplicate_of) is not counted;
- labels are those of the newest classification of each notice; "relevant" means classified relevant;
- tendered = budgets of 招标/采购公告; awarded = award amounts of 中标/成交公告; a notice's *amount* is the one
  that fits its type (budget of a tender, award of an award), and other types have none.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import pandas as pd
from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, aliased

from common.notice_types import AWARD, CORRECTION, FAILED, TENDER  # noqa: F401 - the sections read them from here
from reports.format import UNKNOWN, yuan
from store.filters import newest_classification
from store.models import Classification, Notice

RESTATING = (CORRECTION, FAILED)
SINGLE_SOURCE = "单一来源"


def budget():
    """A call's budget in force: a correction's new budget (store/in_force.py), else what the call printed."""
    return func.coalesce(Notice.current_budget_cny, Notice.budget_cny)


def amount():
    return case((Notice.notice_type == TENDER, budget()), (Notice.notice_type == AWARD, Notice.award_cny),
                else_=None)


def measures():
    is_tender = Notice.notice_type == TENDER
    is_award = Notice.notice_type == AWARD
    return [
        func.count(Notice.id).label("notices"),
        func.sum(case((is_tender, 1), else_=0)).label("tenders"),
        func.sum(case((is_tender, budget()), else_=0)).label("budget"),
        func.sum(case((is_award, 1), else_=0)).label("awards"),
        func.sum(case((is_award, Notice.award_cny), else_=0)).label("award"),
        func.sum(amount()).label("amount"),
        func.count(amount()).label("with_amount"),
        func.count(case((is_tender, budget()), else_=None)).label("with_budget"),
        func.count(case((is_award, Notice.award_cny), else_=None)).label("with_award"),
    ]


@dataclass
class Scope:
    """The notices published in [start, end) with their newest classification."""

    start: datetime
    end: datetime

    def base(self, *columns):
        """Notices of the range joined to their newest classification (a correlated lookup on the
        classification.notice_id index: the cost follows the range, not the table)."""
        return (select(*columns).select_from(Notice)
                .join(Classification, Classification.id == newest_classification(), isouter=True)
                .where(Notice.published_at >= self.start, Notice.published_at < self.end,
                       Notice.duplicate_of.is_(None)))

    def project_ids(self):
        return (select(Notice.project_id).where(Notice.published_at >= self.start, Notice.published_at < self.end,
                                                Notice.project_id.is_not(None)).scalar_subquery())


RELEVANT = Classification.relevant.is_(True)


def df(session: Session, q) -> pd.DataFrame:  # noqa: ANN001
    rows = session.execute(q).all()
    return pd.DataFrame([dict(r._mapping) for r in rows], columns=list(q.selected_columns.keys()))


def by_dimension(session: Session, scope: Scope, column, name: str, relevant_only: bool = True) -> pd.DataFrame:  # noqa: ANN001
    q = scope.base(column.label(name), *measures())
    if relevant_only:
        q = q.where(RELEVANT)
    return df(session, q.group_by(column))


def project_method(scope: Scope):
    """The procurement method of each project of the week as its tender states it (award notices often do not
    repeat it). Only the week's projects are looked up, so the cost follows the week, not the store."""
    tender = aliased(Notice)
    return (select(tender.project_id, func.max(tender.method).label("method"))
            .where(tender.notice_type == TENDER, tender.method.is_not(None),
                   tender.project_id.in_(scope.project_ids()))
            .group_by(tender.project_id).subquery())


COUNTS = ("notices", "tenders", "awards", "with_amount", "with_budget", "with_award")
KNOWN_BY = {"budget": "with_budget", "award": "with_award", "amount": "with_amount"}  # an amount's notices


def measures_frame(frame: pd.DataFrame, key: str, order: tuple[str, ...] | list[str],
                   totals: dict | None = None) -> pd.DataFrame:
    """A breakdown by ``key`` in ``order`` (then the keys the data adds; no key is 未识别), with the measures and
    the average amount. A sum none of whose notices states an amount is None (shown 未公布, never 0). With
    ``totals`` ({notices, amount}: the week's relevant ones) each row has its ``share`` of the notices and its
    ``amount_share`` of the amount."""
    cols = [key, "notices", "tenders", "budget", "awards", "award", "amount", *COUNTS[3:]]
    out = frame.reindex(columns=cols).copy()
    out[key] = out[key].where(out[key].notna(), UNKNOWN)
    if len(out):
        out = out.groupby(key, as_index=False, sort=False).agg(lambda s: s.sum(min_count=1))
    full = list(order) + [k for k in out[key].tolist() if k not in order]
    out = out.set_index(key).reindex(full).reset_index()
    for col in COUNTS:
        out[col] = out[col].fillna(0).astype(int)
    for col, known in KNOWN_BY.items():
        out[col] = pd.Series([yuan(v) if n else None for v, n in zip(out[col], out[known])], index=out.index,
                             dtype=object)
    out["average"] = pd.Series([yuan(a / n) if n else None for a, n in zip(out["amount"], out["with_amount"])],
                               index=out.index, dtype=object)
    if totals is not None:
        add_shares(out, totals)
    return out


def add_shares(out: pd.DataFrame, totals: dict) -> pd.DataFrame:
    """Each row's share of the week's relevant notices and of their amount (None without a total)."""
    n, amt = totals.get("notices") or 0, totals.get("amount")
    out["share"] = [c / n if n else None for c in out["notices"]]
    out["amount_share"] = [float(a / amt) if amt and a is not None else None for a in out["amount"]]
    return out


def relevant_totals(values: dict) -> dict:
    """The week's relevant notices and amount (budgets of calls + awards), what shares are shares of."""
    rel = values["headline"]["relevant"]
    amount = rel["budget"] + rel["award"]
    return {"notices": rel["notices"], "amount": amount if amount else None}


@dataclass
class Context:
    """What a section builds from: the store, the week, and the values of the sections built before it."""

    session: Session
    week: str
    start: datetime
    end: datetime
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def scope(self) -> Scope:
        return Scope(self.start, self.end)
