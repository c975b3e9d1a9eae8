"""Coverage per source (pages fetched, notices, and how many carry warnings, an amount, a buyer, a method), and
this week's restatements of projects earlier weeks counted."""

from __future__ import annotations

import pandas as pd
from sqlalchemy import String, and_, case, cast, func, select
from sqlalchemy.orm import Session, aliased

from reports.base import AWARD, RESTATING, TENDER, Context, Scope, amount, df
from reports.format import safe_url
from reports.weeks import week_of
from store.models import Classification, CrawlRun, Notice, RawPage


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
    notices = df(session, q)
    pages = df(session, select(RawPage.source.label("source"), func.count(RawPage.id).label("pages"))
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
    return df(session, q)


STATUS_NAMES = {"finished": "完成", "incomplete": "不完整", "blocked": "被拦截", "captcha": "需验证码（已停止）",
                "failed": "失败", "interrupted": "中断", "running": "进行中"}


def crawl_runs(session: Session, scope: Scope) -> pd.DataFrame:
    """Per spider, the crawl runs started in the week: how many, how many did not finish, and the newest one's
    status and reason (a blocked or challenged site shows here even in a week without a notice)."""
    runs = session.execute(select(CrawlRun).where(CrawlRun.started_at >= scope.start, CrawlRun.started_at < scope.end)
                           .order_by(CrawlRun.spider, CrawlRun.id)).scalars().all()
    rows: dict[str, dict] = {}
    for r in runs:
        spider = r.spider or r.source
        row = rows.setdefault(spider, {"spider": spider, "source": r.source, "runs": 0, "not_finished": 0})
        row["runs"] += 1
        row["not_finished"] += r.status != "finished"
        row.update(latest_status=r.status, latest_status_name=STATUS_NAMES.get(r.status, r.status),
                   latest_started=r.started_at, new_items=r.new_items,
                   latest_message=(r.message or "")[:300] if r.status != "finished" else "")
    columns = ["spider", "source", "runs", "not_finished", "latest_status", "latest_status_name", "latest_started",
               "new_items", "latest_message"]
    return pd.DataFrame(list(rows.values()), columns=columns)


def build(ctx: Context) -> dict:
    restated = restatements(ctx.session, ctx.scope)
    restated["safe_url"] = [safe_url(u) for u in restated.get("url", [])]
    restated["first_week"] = [week_of(d) if pd.notna(d) else "" for d in restated.get("first_published", [])]
    return {"coverage": coverage(ctx.session, ctx.scope), "restated": restated,
            "runs": crawl_runs(ctx.session, ctx.scope)}


def drill(v: dict, notices: list[dict]) -> dict[str, list[int]]:
    return {f"source:{src}": [n["id"] for n in notices if n["source"] == src] for src in v["coverage"]["source"]}


def csv(v: dict) -> dict[str, pd.DataFrame]:
    return {"coverage": v["coverage"], "restated": v["restated"],
            "runs": v["runs"].drop(columns=["latest_status_name"])}
