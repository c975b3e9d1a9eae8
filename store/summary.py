"""What `tenders status`, `tenders link` and `tenders alerts list` report about a store: the SQL, here; the
wording, in the command line."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from store.models import (AlertDelivery, Classification, CrawlRun, JobRun, Notice, Project, ProjectLink, RawPage,
                          SavedSearch)


@dataclass
class StoreSummary:
    raw_pages: int
    notices: int
    classifications: int
    stale_pages: int  # archived pages not processed by the current parser + classifier version
    last_runs: list[CrawlRun] = field(default_factory=list)  # the newest crawl run of each spider
    latest_jobs: list[JobRun] = field(default_factory=list)  # the newest run of each scheduled job
    failing_jobs: int = 0  # failed or interrupted job runs in the history


def _count(session: Session, model) -> int:  # noqa: ANN001
    return session.execute(select(func.count()).select_from(model)).scalar_one()


def store_summary(session: Session, process_version: str) -> StoreSummary:
    stale = session.execute(select(func.count()).select_from(RawPage).where(
        (RawPage.parsed_version.is_(None)) | (RawPage.parsed_version != process_version))).scalar_one()
    last_ids = session.execute(select(func.max(CrawlRun.id)).group_by(CrawlRun.spider)).scalars().all()
    runs = session.execute(select(CrawlRun).where(CrawlRun.id.in_(last_ids)).order_by(CrawlRun.spider)).scalars()
    latest = session.execute(select(JobRun).where(JobRun.id.in_(
        select(func.max(JobRun.id)).group_by(JobRun.job_id))).order_by(JobRun.job_id)).scalars().all()
    failing = session.execute(select(func.count()).select_from(JobRun)
                              .where(JobRun.outcome.in_(("failed", "interrupted", "blocked", "captcha", "incomplete")))).scalar_one()
    return StoreSummary(_count(session, RawPage), _count(session, Notice), _count(session, Classification), stale,
                        runs.all(), latest, failing)


@dataclass
class LinkSummary:
    projects: int
    methods: dict[str, int]  # links by method (code, code-normalised, buyer+title, new)
    with_conflicts: int


def links_with_conflicts(session: Session) -> int:
    """Links that keep at least one conflicting candidate. ``conflicts`` is a JSON column: a link without
    conflicts holds JSON ``null`` (or ``[]``), which SQL's IS NOT NULL counts, so count the non-empty lists."""
    rows = session.execute(select(ProjectLink.conflicts).execution_options(yield_per=2000)).scalars()
    return sum(1 for c in rows if c)


def link_summary(session: Session) -> LinkSummary:
    methods = dict(session.execute(select(ProjectLink.method, func.count()).group_by(ProjectLink.method)).all())
    return LinkSummary(_count(session, Project), methods, links_with_conflicts(session))


def saved_searches(session: Session) -> list[tuple[SavedSearch, dict[str, int]]]:
    """Each saved search with its deliveries counted by status (sent, pending, failed)."""
    out = []
    for ss in session.execute(select(SavedSearch).order_by(SavedSearch.id)).scalars():
        counts = dict(session.execute(select(AlertDelivery.status, func.count()).where(
            AlertDelivery.saved_search_id == ss.id).group_by(AlertDelivery.status)).all())
        out.append((ss, counts))
    return out
