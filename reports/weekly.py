"""The weekly report: every figure is a SQL aggregate over the store, shaped with pandas, rendered by Jinja2.

Tendered = sum of budgets of 招标/采购公告 published in the week; awarded = sum of award amounts of
中标/成交公告 published in the week. Dimension tables cover the relevant (smart-city / government-ICT)
notices, by the newest classification of each notice.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from classify.labels import CATEGORIES, DELIVERY_MODELS, LEVELS
from reports.weeks import parse_week
from store.models import Classification, ClassificationCategory, Notice

TENDER = "招标/采购公告"
AWARD = "中标/成交公告"
UNKNOWN = "未识别"

_env = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                   autoescape=select_autoescape(["html", "j2"]))


def _yuan(v) -> Decimal:  # noqa: ANN001 - SQL sums arrive as Decimal, float (SQLite), None or NaN (pandas)
    if v is None or pd.isna(v):
        return Decimal("0.00")
    return Decimal(str(v)).quantize(Decimal("0.01"))


def wan(v: Decimal) -> str:
    """Yuan → '1,234.56 万元' (亿元 above 10,000 万元)."""
    v = Decimal(v)
    if abs(v) >= Decimal(100_000_000):
        return f"{v / Decimal(100_000_000):,.2f} 亿元"
    return f"{v / Decimal(10_000):,.2f} 万元"


_env.filters["wan"] = wan


def _latest_classification():
    """Subquery: newest classification id per notice."""
    return (select(Classification.notice_id, func.max(Classification.id).label("cid"))
            .group_by(Classification.notice_id).subquery())


def _measures():
    is_tender = Notice.notice_type == TENDER
    is_award = Notice.notice_type == AWARD
    return [
        func.count(Notice.id).label("notices"),
        func.sum(case((is_tender, 1), else_=0)).label("tenders"),
        func.sum(case((is_tender, Notice.budget_cny), else_=0)).label("budget"),
        func.sum(case((is_award, 1), else_=0)).label("awards"),
        func.sum(case((is_award, Notice.award_cny), else_=0)).label("award"),
    ]


def _frame(rows, key: str, order: tuple[str, ...]) -> pd.DataFrame:  # noqa: ANN001
    df = pd.DataFrame([dict(r._mapping) for r in rows], columns=[key, "notices", "tenders", "budget", "awards", "award"])
    df[key] = df[key].fillna(UNKNOWN)
    df = df.groupby(key, as_index=False).sum(numeric_only=False) if len(df) else df
    full = list(order) + [k for k in df[key].tolist() if k not in order]
    df = df.set_index(key).reindex(full).reset_index()
    for col in ("notices", "tenders", "awards"):
        df[col] = df[col].fillna(0).astype(int)
    for col in ("budget", "award"):
        df[col] = df[col].map(_yuan)
    return df


@dataclass
class WeeklyReport:
    week: str
    start: datetime
    end: datetime
    headline: dict
    by_level: pd.DataFrame
    by_category: pd.DataFrame
    by_model: pd.DataFrame
    notices: list[dict]


def build(session: Session, week: str) -> WeeklyReport:
    start, end = parse_week(week)
    latest = _latest_classification()
    # a notice published by several sources counts once (duplicates point at the first one stored)
    in_week = and_(Notice.published_at >= start, Notice.published_at < end, Notice.duplicate_of.is_(None))
    joined = (select().select_from(Notice)
              .join(latest, latest.c.notice_id == Notice.id, isouter=True)
              .join(Classification, Classification.id == latest.c.cid, isouter=True))

    def total(extra=None):  # noqa: ANN001, ANN202
        q = joined.add_columns(*_measures()).where(in_week)
        if extra is not None:
            q = q.where(extra)
        r = session.execute(q).one()
        return {"notices": int(r.notices or 0), "tenders": int(r.tenders or 0), "budget": _yuan(r.budget),
                "awards": int(r.awards or 0), "award": _yuan(r.award)}

    relevant = Classification.relevant.is_(True)
    headline = {"all": total(), "relevant": total(relevant)}

    by_level = _frame(session.execute(joined.add_columns(Classification.level.label("level"), *_measures())
                                      .where(in_week, relevant).group_by(Classification.level)).all(),
                      "level", LEVELS)
    by_model = _frame(session.execute(
        joined.add_columns(Classification.delivery_model.label("model"), *_measures())
        .where(in_week, relevant).group_by(Classification.delivery_model)).all(), "model", DELIVERY_MODELS)
    cat_q = (joined.join(ClassificationCategory, ClassificationCategory.classification_id == Classification.id)
             .add_columns(ClassificationCategory.category.label("category"), *_measures())
             .where(in_week, relevant).group_by(ClassificationCategory.category))
    by_category = _frame(session.execute(cat_q).all(), "category", CATEGORIES)

    rows = session.execute(
        joined.add_columns(Notice.id, Notice.title, Notice.notice_type, Notice.published_at, Notice.buyer_raw,
                           Notice.budget_cny, Notice.award_cny, Notice.url, Classification.relevant,
                           Classification.level, Classification.delivery_model, Classification.id.label("cid"))
        .where(in_week).order_by(Notice.published_at.desc(), Notice.id)).all()
    cats: dict[int, list[str]] = {}
    cids = [r.cid for r in rows if r.cid is not None]
    if cids:
        for cid, cat in session.execute(select(ClassificationCategory.classification_id,
                                               ClassificationCategory.category)
                                        .where(ClassificationCategory.classification_id.in_(cids))):
            cats.setdefault(cid, []).append(cat)
    notices = [dict(r._mapping) | {"categories": sorted(cats.get(r.cid, [])),
                                   "safe_url": r.url if (r.url or "").startswith(("http://", "https://")) else None}
               for r in rows]
    return WeeklyReport(week, start, end, headline, by_level, by_category, by_model, notices)


def render(report: WeeklyReport) -> str:
    tables = [
        ("行政层级", "level", report.by_level),
        ("类别", "category", report.by_category),
        ("交付模式", "model", report.by_model),
    ]
    return _env.get_template("weekly.html").render(
        r=report, tables=[(title, key, df.to_dict("records")) for title, key, df in tables],
        generated=datetime.now().strftime("%Y-%m-%d %H:%M"))


def write(session: Session, week: str, out_dir: Path) -> tuple[Path, WeeklyReport]:
    report = build(session, week)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{week}.html"
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(render(report), encoding="utf-8")
    tmp.replace(path)
    for name, df in (("level", report.by_level), ("category", report.by_category), ("model", report.by_model)):
        df.to_csv(out_dir / f"{week}.{name}.csv", index=False, encoding="utf-8")
    return path, report
