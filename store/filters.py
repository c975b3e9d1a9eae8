"""The filters vendors and researchers select notices by (exports now, search and saved searches later): one
dataclass, one function that turns it into SQL with bound parameters only."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from sqlalchemy import Select, and_, func, literal_column, or_, select
from sqlalchemy.orm import aliased

from common.labels import CATEGORIES, DELIVERY_MODELS, LEVELS
from store.models import Classification, ClassificationCategory, Notice
from common.clock import beijing_now

AMOUNT = func.coalesce(Notice.award_cny, Notice.budget_cny)
MAX_AMOUNT = Decimal(10) ** 15  # yuan: far above any procurement, far below Numeric(20, 2)


class FilterError(ValueError):
    """A filter value that cannot select anything (an unknown level, a range the wrong way round …)."""


@dataclass
class NoticeFilter:
    region: str | None = None  # a GB/T 2260 code prefix (43, 4301, 430121) or a name (湖南省, 长沙市, 长沙县)
    level: str | None = None
    category: str | None = None
    delivery_model: str | None = None
    method: str | None = None
    notice_type: str | None = None
    min_amount: Decimal | None = None  # yuan: the award amount, else the budget
    max_amount: Decimal | None = None
    published_from: datetime | None = None
    published_to: datetime | None = None  # exclusive
    deadline_within_days: int | None = None
    relevant_only: bool = False
    now: datetime | None = None  # for deadline_within_days (default: now)

    def check(self) -> None:
        if self.level and self.level not in LEVELS:
            raise FilterError(f"level must be one of {', '.join(LEVELS)}, not {self.level!r}")
        if self.category and self.category not in CATEGORIES:
            raise FilterError(f"category must be one of {', '.join(CATEGORIES)}, not {self.category!r}")
        if self.delivery_model and self.delivery_model not in DELIVERY_MODELS:
            raise FilterError(f"delivery model must be one of {', '.join(DELIVERY_MODELS)}, not {self.delivery_model!r}")
        for amount in (self.min_amount, self.max_amount):
            if amount is not None and not (Decimal(0) <= amount <= MAX_AMOUNT):
                raise FilterError("amounts must be between 0 and 10^15 yuan")
        if self.min_amount is not None and self.max_amount is not None and self.min_amount > self.max_amount:
            raise FilterError("the minimum amount is above the maximum")
        if self.published_from and self.published_to and self.published_from >= self.published_to:
            raise FilterError("the published range is empty (from is not before to)")
        if self.deadline_within_days is not None and not 0 <= self.deadline_within_days <= 3650:
            raise FilterError("deadline within N days needs 0 ≤ N ≤ 3650")

    def needs_classification(self) -> bool:
        return bool(self.level or self.category or self.delivery_model or self.relevant_only)

    def region_prefix(self) -> str | None:
        if not self.region:
            return None
        text = self.region.strip()
        if text.isdigit() and 2 <= len(text) <= 6:
            code = text
        else:
            from common.regions import resolve

            r = resolve(text)
            if r is None:
                raise FilterError(f"no administrative division named {text!r}")
            code = r.code
        # 430000 → 43, 430100 → 4301, 430121 → 430121
        return code.rstrip("0")[:6] if code.endswith("00") else code


def newest_classification():
    newest = aliased(Classification)
    return select(func.max(newest.id)).where(newest.notice_id == Notice.id).correlate(Notice).scalar_subquery()


def select_notices(f: NoticeFilter, *columns, classified: bool = True, by_date_index: bool = False) -> Select:
    """Notices (not duplicates of another source's) joined to their newest classification, filtered by ``f``.
    ``classified=False`` leaves the classification out when neither the filter nor the columns need it (cheaper
    for counting)."""
    f.check()
    q = select(*(columns or (Notice, Classification))).select_from(Notice)
    if classified or f.needs_classification():
        q = q.join(Classification, Classification.id == newest_classification(), isouter=True)
    # by_date_index (SQLite): a unary + keeps the planner off the duplicate_of index, so that a date-ordered page of
    # a common word walks ix_notice_published_at and stops after one page instead of sorting every match
    q = q.where(literal_column("+notice.duplicate_of").is_(None) if by_date_index else Notice.duplicate_of.is_(None))
    conds = []
    prefix = f.region_prefix()
    if prefix:
        conds.append(Notice.buyer_region_code.startswith(prefix, autoescape=True))
    if f.level:
        conds.append(Classification.level == f.level)
    if f.delivery_model:
        conds.append(or_(Classification.delivery_model == f.delivery_model,
                         and_(Classification.delivery_model == "other", f.delivery_model == "其他")))
    if f.category:
        cat = aliased(ClassificationCategory)
        conds.append(select(cat.classification_id).where(cat.classification_id == Classification.id,
                                                         cat.category == f.category).exists())
    if f.method:
        conds.append(Notice.method == f.method)
    if f.notice_type:
        conds.append(Notice.notice_type == f.notice_type)
    if f.min_amount is not None:
        conds.append(AMOUNT >= f.min_amount)
    if f.max_amount is not None:
        conds.append(AMOUNT <= f.max_amount)
    if f.published_from:
        conds.append(Notice.published_at >= f.published_from)
    if f.published_to:
        conds.append(Notice.published_at < f.published_to)
    if f.deadline_within_days is not None:
        now = f.now or beijing_now()
        conds.append(and_(Notice.current_deadline >= now,
                          Notice.current_deadline < now + timedelta(days=f.deadline_within_days)))
    if f.relevant_only:
        conds.append(Classification.relevant.is_(True))
    return q.where(*conds) if conds else q
