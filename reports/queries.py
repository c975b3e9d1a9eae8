"""The report's SQL: every aggregate is computed by the database over the week (or the weeks before it), never by
loading the store. Results come back as small pandas frames for shaping.

Conventions (stated in the report's footnotes too):
- a notice belongs to the week of its published_at (Beijing time, as stored); a notice that duplicates one from
  another source (duplicate_of) is not counted;
- labels are those of the newest classification of each notice; "relevant" means classified relevant;
- tendered = budgets of 招标/采购公告; awarded = award amounts of 中标/成交公告; a notice's *amount* is the one
  that fits its type (budget of a tender, award of an award), and other types have none.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

import pandas as pd
from sqlalchemy import String, and_, case, cast, func, literal, literal_column, select
from sqlalchemy.orm import Session, aliased

from common.notice_types import AWARD, CORRECTION, FAILED, TENDER  # reports.weekly reads them as Q.TENDER, …
from store.filters import newest_classification
from store.models import Classification, ClassificationCategory, Notice, Organization, ProjectLink, RawPage

RESTATING = (CORRECTION, FAILED)
SINGLE_SOURCE = "单一来源"


def amount():
    return case((Notice.notice_type == TENDER, Notice.budget_cny), (Notice.notice_type == AWARD, Notice.award_cny),
                else_=None)


def measures():
    is_tender = Notice.notice_type == TENDER
    is_award = Notice.notice_type == AWARD
    return [
        func.count(Notice.id).label("notices"),
        func.sum(case((is_tender, 1), else_=0)).label("tenders"),
        func.sum(case((is_tender, Notice.budget_cny), else_=0)).label("budget"),
        func.sum(case((is_award, 1), else_=0)).label("awards"),
        func.sum(case((is_award, Notice.award_cny), else_=0)).label("award"),
        func.sum(amount()).label("amount"),
        func.count(amount()).label("with_amount"),
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


def _df(session: Session, q) -> pd.DataFrame:
    rows = session.execute(q).all()
    return pd.DataFrame([dict(r._mapping) for r in rows], columns=list(q.selected_columns.keys()))


def weekly_totals(session: Session, start: datetime, weeks: int = 5) -> pd.DataFrame:
    """One row per week back from ``start`` (0 = this week, 1 = the week before …), all and relevant measures."""
    scope = Scope(start - timedelta(days=7 * (weeks - 1)), start + timedelta(days=7))
    bucket = case(*[(Notice.published_at >= start - timedelta(days=7 * k), literal(k)) for k in range(weeks)],
                  else_=literal(weeks))
    # grouped by the output names: PostgreSQL does not match two bound copies of the CASE expression
    q = scope.base(bucket.label("ago"), func.coalesce(Classification.relevant, False).label("rel"),
                   *measures()).group_by(literal_column("ago"), literal_column("rel"))
    return _df(session, q)


def by_dimension(session: Session, scope: Scope, column, name: str, relevant_only: bool = True) -> pd.DataFrame:
    q = scope.base(column.label(name), *measures())
    if relevant_only:
        q = q.where(RELEVANT)
    return _df(session, q.group_by(column))


def by_category(session: Session, scope: Scope, extra=None) -> pd.DataFrame:  # noqa: ANN001
    cols = [ClassificationCategory.category.label("category")] + ([extra.label("level")] if extra is not None else [])
    q = (scope.base(*cols, *measures())
         .join(ClassificationCategory, ClassificationCategory.classification_id == Classification.id)
         .where(RELEVANT).group_by(*[c for c in (ClassificationCategory.category, extra) if c is not None]))
    return _df(session, q)


def matrix(session: Session, scope: Scope) -> pd.DataFrame:
    """Level × category: count, amount, notices with an amount (for the average)."""
    return by_category(session, scope, Classification.level)


def project_method(scope: Scope):
    """The procurement method of each project of the week as its tender states it (award notices often do not
    repeat it). Only the week's projects are looked up, so the cost follows the week, not the store."""
    tender = aliased(Notice)
    return (select(tender.project_id, func.max(tender.method).label("method"))
            .where(tender.notice_type == TENDER, tender.method.is_not(None),
                   tender.project_id.in_(scope.project_ids()))
            .group_by(tender.project_id).subquery())


def method_split(session: Session, scope: Scope) -> pd.DataFrame:
    pm = project_method(scope)
    method = func.coalesce(Notice.method, pm.c.method)
    q = (scope.base(method.label("method"), *measures()).join(pm, pm.c.project_id == Notice.project_id, isouter=True)
         .where(RELEVANT).group_by(method))
    return _df(session, q)


def region_split(session: Session, scope: Scope, digits: int) -> pd.DataFrame:
    code = func.substr(Notice.buyer_region_code, 1, digits)
    return by_dimension(session, scope, code, "code")


def top_buyers(session: Session, scope: Scope, limit: int = 10) -> pd.DataFrame:
    """Buyers by organisation: the name variants of one buyer (store/orgs.py) count together."""
    q = (scope.base(Organization.name.label("buyer"), *measures())
         .join(Organization, Organization.id == Notice.buyer_id)
         .where(RELEVANT)
         .group_by(Organization.name)
         .order_by(func.coalesce(func.sum(amount()), 0).desc(), func.count(Notice.id).desc(), Organization.name)
         .limit(limit))
    return _df(session, q)


def buyer_name():
    """The organisation name of a notice's buyer (its variants merged), as a column."""
    return select(Organization.name).where(Organization.id == Notice.buyer_id).scalar_subquery()


def organisation_names(session: Session, ids: set[int]) -> dict[int, str]:
    ids = sorted(ids)
    out: dict[int, str] = {}
    for i in range(0, len(ids), 900):
        out |= dict(session.execute(select(Organization.id, Organization.name)
                                    .where(Organization.id.in_(ids[i:i + 900]))).all())
    return out


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
    df = _df(session, q)
    cats: dict[int, list[str]] = {}
    cids = [int(c) for c in df["cid"].dropna().tolist()]
    for i in range(0, len(cids), 900):  # bound the IN list
        for cid, cat in session.execute(select(ClassificationCategory.classification_id,
                                               ClassificationCategory.category)
                                        .where(ClassificationCategory.classification_id.in_(cids[i:i + 900]))):
            cats.setdefault(cid, []).append(cat)
    df["categories"] = [cats.get(int(c), []) if pd.notna(c) else [] for c in df["cid"]]
    return df


def pipeline(session: Session, end: datetime, days: int = 14) -> pd.DataFrame:
    """Relevant tenders published before ``end`` whose bid deadline falls in [end, end + days)."""
    scope = Scope(end - timedelta(days=120), end)
    q = (scope.base(Notice.id, Notice.title, Notice.url, Notice.buyer_raw, Notice.budget_cny, Notice.deadline,
                    Notice.method, Classification.level, Classification.delivery_model)
         .where(RELEVANT, Notice.notice_type == TENDER, Notice.deadline >= end,
                Notice.deadline < end + timedelta(days=days))
         .order_by(Notice.deadline, Notice.id))
    return _df(session, q)


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
    df = _df(session, q)
    if len(df):  # an award of named lots answers those lots' budgets when the call lists them
        lot_budgets = _lot_budgets(session, {int(p) for p in df["project_id"]})
        df["budget"] = [sum(lot_budgets[p][x] for x in lots.split(",")) if isinstance(lots, str) and lots
                        and all(x in lot_budgets.get(p, {}) for x in lots.split(",")) else b
                        for p, lots, b in zip(df["project_id"], df["lot"], df["budget"])]
    df["ratio"] = [float(a) / float(b) if a is not None and b and b > 0 and a > 0 else None
                   for a, b in zip(df.get("award", []), df.get("budget", []))]
    df["days"] = [(p - t).total_seconds() / 86400 if t is not None and p is not None and p >= t else None
                  for p, t in zip(df.get("published_at", []), df.get("tendered_at", []))]
    return df


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
    df = _df(session, q)
    rows: dict[int, dict] = {}
    for r in df.to_dict("records"):
        now = rows.get(r["project_id"])
        if now is None or (now["outcome"] == "failed" and r["notice_type"] == AWARD):
            rows[r["project_id"]] = {"project_id": r["project_id"], "id": r["id"],
                                     "outcome": "awarded" if r["notice_type"] == AWARD else "failed"}
    return pd.DataFrame(list(rows.values()), columns=["project_id", "id", "outcome"])


def coverage(session: Session, scope: Scope) -> pd.DataFrame:
    """Per source: pages fetched in the week, notices, notices with parse warnings, with an amount, a buyer, a
    method."""
    has = lambda cond: func.sum(case((cond, 1), else_=0))  # noqa: E731
    q = (scope.base(Notice.source.label("source"), func.count(Notice.id).label("notices"),
                    has(func.coalesce(func.length(cast(Notice.warnings, String)), 0) > 2).label("with_warnings"),
                    has(amount().is_not(None)).label("with_amount"),
                    has(and_(Notice.buyer_raw.is_not(None), Notice.buyer_raw != "")).label("with_buyer"),
                    has(and_(Notice.method.is_not(None), Notice.method != "")).label("with_method"),
                    has(Notice.notice_type.in_((TENDER, AWARD))).label("priced_types"))
         .group_by(Notice.source))
    notices = _df(session, q)
    pages = _df(session, select(RawPage.source.label("source"), func.count(RawPage.id).label("pages"))
                .where(RawPage.fetched_at >= scope.start, RawPage.fetched_at < scope.end).group_by(RawPage.source))
    out = pages.merge(notices, on="source", how="outer") if len(pages) or len(notices) else notices.assign(pages=0)
    for col in ("pages", "notices", "with_warnings", "with_amount", "with_buyer", "with_method", "priced_types"):
        out[col] = out[col].fillna(0).astype(int) if col in out else 0
    return out.sort_values("source").reset_index(drop=True)


def restatements(session: Session, scope: Scope) -> pd.DataFrame:
    """This week's corrections and cancellations of projects that earlier weeks already counted."""
    earlier = aliased(Notice)
    restating = (select(Notice.project_id).where(Notice.published_at >= scope.start, Notice.published_at < scope.end,
                                                 Notice.notice_type.in_(RESTATING), Notice.project_id.is_not(None))
                 .scalar_subquery())
    first = (select(earlier.project_id, func.min(earlier.published_at).label("first_published"))
             .where(earlier.published_at < scope.start, earlier.project_id.in_(restating))
             .group_by(earlier.project_id).subquery())
    q = (scope.base(Notice.id, Notice.title, Notice.url, Notice.notice_type, Notice.published_at,
                    first.c.first_published, func.coalesce(Classification.relevant, False).label("relevant"))
         .join(first, first.c.project_id == Notice.project_id)
         .where(Notice.notice_type.in_(RESTATING)).order_by(Notice.published_at, Notice.id))
    return _df(session, q)
