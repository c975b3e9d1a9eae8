"""Facet counts for a search: how many of the matching notices fall in each region (province), level, category,
delivery model, notice type and method — the counts a vendor clicks to narrow the list. Read from the same matching
set as the search (store/search.py matching_ids), bound parameters only."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.filters import NoticeFilter, newest_classification
from store.models import Classification, ClassificationCategory, Notice
from store.search import Query, matching_ids

FACET_CAP = 10_000  # matches counted per facet: beyond, the counts are of the newest-stored 10,000
TOP = 12  # values shown per facet


@dataclass(frozen=True)
class Value:
    value: str  # what the filter parameter takes
    label: str  # what the reader sees
    count: int


FACETS = (("region", "地区"), ("level", "层级"), ("category", "类别"), ("delivery_model", "交付模式"),
          ("notice_type", "公告类型"), ("method", "采购方式"))


def facets(session: Session, query: Query, f: NoticeFilter, scope: str = "all") -> dict[str, list[Value]]:
    """{filter parameter: [Value …]} most frequent first; a facet the filter already fixes is left out."""
    ids = select(matching_ids(session, query, f, scope).order_by(Notice.id.desc()).limit(FACET_CAP).subquery().c.id)
    newest = Classification.id == newest_classification()
    province = func.substr(Notice.buyer_region_code, 1, 2)
    queries = {
        "region": select(province, func.count()).where(Notice.id.in_(ids), Notice.buyer_region_code.is_not(None))
        .group_by(province),
        "level": select(Classification.level, func.count()).select_from(Notice).join(Classification, newest)
        .where(Notice.id.in_(ids), Classification.level.is_not(None)).group_by(Classification.level),
        "category": select(ClassificationCategory.category, func.count()).select_from(Notice)
        .join(Classification, newest)
        .join(ClassificationCategory, ClassificationCategory.classification_id == Classification.id)
        .where(Notice.id.in_(ids)).group_by(ClassificationCategory.category),
        "delivery_model": select(Classification.delivery_model, func.count()).select_from(Notice)
        .join(Classification, newest).where(Notice.id.in_(ids)).group_by(Classification.delivery_model),
        "notice_type": select(Notice.notice_type, func.count()).where(Notice.id.in_(ids), Notice.notice_type.is_not(None))
        .group_by(Notice.notice_type),
        "method": select(Notice.method, func.count()).where(Notice.id.in_(ids), Notice.method.is_not(None))
        .group_by(Notice.method),
    }
    out: dict[str, list[Value]] = {}
    for name, _ in FACETS:
        if getattr(f, name, None):
            continue
        counts: dict[str, int] = {}
        for value, count in session.execute(queries[name]).all():
            value = {"other": "其他"}.get(value, value) if name == "delivery_model" else value
            if value:
                counts[value] = counts.get(value, 0) + count
        values = [Value(v, _label(name, v), c) for v, c in counts.items()]
        out[name] = sorted(values, key=lambda x: (-x.count, x.value))[:TOP]
    return out


def _label(name: str, value: str) -> str:
    from common.regions import prefix_name

    return prefix_name(value, 2) if name == "region" and value.isdigit() else value
