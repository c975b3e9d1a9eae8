"""Jobs: crawl a source into the raw archive, process the archive into notices, write a weekly report."""

from __future__ import annotations

import ipaddress
import sys
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, or_, select

from classify.rules import MODEL_VERSION, classify
from parsers import PARSER_VERSION, parse_notice
from store.archive import RawArchive
from store.db import open_store
from store.models import CrawlRun, Notice, RawPage
from store.notices import mark_processed, save_classification, save_notice
from tenderwatch.config import archive_dir

SPIDERS = {"ccgp": "crawlers.spiders.ccgp.CcgpSpider"}
PROCESS_VERSION = f"{PARSER_VERSION}+{MODEL_VERSION}"


def _spider_class(source: str):  # noqa: ANN202
    from importlib import import_module

    module, _, name = SPIDERS[source].rpartition(".")
    return getattr(import_module(module), name)


def is_loopback(url: str) -> bool:
    host = urlsplit(url).hostname or ""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


@dataclass
class CrawlOutcome:
    run_id: int
    status: str
    pages: int
    new_pages: int
    skipped_known: int
    blocked_pages: int
    errors: int


def default_window(session, source: str, today: date | None = None) -> tuple[date, date]:  # noqa: ANN001
    """Incremental: from the end of the last finished run (one day of overlap), else the last 7 days."""
    today = today or date.today()
    last = session.execute(
        select(func.max(CrawlRun.until)).where(CrawlRun.source == source, CrawlRun.status == "finished")
    ).scalar()
    since = (last.date() - timedelta(days=1)) if last else today - timedelta(days=7)
    return min(since, today), today


def run_crawl(source: str, base_url: str | None = None, since: date | None = None, until: date | None = None,
              verbose: bool = False) -> CrawlOutcome:
    """Run one spider to completion in this process (Scrapy's reactor runs once per process)."""
    from scrapy.crawler import CrawlerProcess
    from scrapy.settings import Settings

    spider_cls = _spider_class(source)
    base_url = base_url or spider_cls.default_base_url
    engine, Session = open_store()
    with Session.begin() as session:
        if since is None or until is None:
            d_since, d_until = default_window(session, source)
            since, until = since or d_since, until or d_until
        run = CrawlRun(source=source, base_url=base_url, since=datetime.combine(since, datetime.min.time()),
                       until=datetime.combine(until, datetime.min.time()), started_at=datetime.now(),
                       status="running", pages=0, items=0, new_items=0, errors=0)
        session.add(run)
        session.flush()
        run_id = run.id
        known = set(session.execute(select(RawPage.source_id).where(RawPage.source == source)).scalars())

    settings = Settings()
    settings.setmodule("crawlers.settings", priority="project")
    settings.set("TENDERWATCH_CRAWL_RUN_ID", run_id, priority="cmdline")
    if verbose:
        settings.set("LOG_LEVEL", "INFO", priority="cmdline")
    if is_loopback(base_url):
        # a local mirror: no need to be polite to ourselves
        settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")
        settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", 8, priority="cmdline")
    print(f"crawling {source} at {base_url} for {since} .. {until} ({len(known)} pages already archived)",
          file=sys.stderr, flush=True)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider_cls)
    process.crawl(crawler, base_url=base_url, since=since.isoformat(), until=until.isoformat(), known_ids=known)
    process.start()

    stats = crawler.stats.get_stats()
    spider = crawler.spider
    new_pages = stats.get("item_scraped_count", 0)
    errors = stats.get("log_count/ERROR", 0)
    blocked = getattr(spider, "blocked_pages", 0)
    finish_reason = stats.get("finish_reason", "unknown")
    status = "finished" if finish_reason == "finished" and not errors and not blocked else "failed"
    with Session.begin() as session:
        run = session.get(CrawlRun, run_id)
        run.finished_at = datetime.now()
        run.status = status
        run.pages = stats.get("response_received_count", 0)
        run.items = new_pages + getattr(spider, "skipped_known", 0)
        run.new_items = new_pages
        run.errors = errors
        run.message = f"finish_reason={finish_reason}; blocked_pages={blocked}"
    engine.dispose()
    return CrawlOutcome(run_id, status, run.pages, new_pages, getattr(spider, "skipped_known", 0), blocked, errors)


@dataclass
class ProcessOutcome:
    processed: int
    failed: int
    warnings: int


def process_archive(reprocess_all: bool = False, progress_every: int = 50) -> ProcessOutcome:
    """Parse + classify + store every archived page not yet processed by this parser and model version."""
    engine, Session = open_store()
    archive = RawArchive(archive_dir())
    with Session() as session:
        q = select(RawPage.id, RawPage.source, RawPage.source_id, RawPage.url, RawPage.archive_key,
                   RawPage.content_type)
        if not reprocess_all:
            q = q.where(or_(RawPage.parsed_version.is_(None), RawPage.parsed_version != PROCESS_VERSION))
        pending = session.execute(q.order_by(RawPage.id)).all()
    done = failed = warned = 0
    for i, row in enumerate(pending, 1):
        try:
            body = archive.get(row.archive_key)
        except (OSError, ValueError) as exc:
            print(f"  cannot read archived page {row.url}: {exc}", file=sys.stderr)
            failed += 1
            continue
        fields = parse_notice(row.url, body, row.content_type)
        if fields.get("error_page"):
            failed += 1
            continue
        result = classify(fields.get("title"), fields.get("text"), fields.get("buyer"), fields.get("buyer_region"))
        with Session.begin() as session:
            nid = save_notice(session, source=row.source, source_id=row.source_id, url=row.url,
                              raw_page_id=row.id, fields=fields, parse_version=PARSER_VERSION)
            save_classification(session, nid, result)
            mark_processed(session, row.id, PROCESS_VERSION)
        done += 1
        warned += bool(fields.get("warnings"))
        if progress_every and i % progress_every == 0:
            print(f"  processed {i}/{len(pending)} pages", file=sys.stderr, flush=True)
    engine.dispose()
    return ProcessOutcome(done, failed, warned)


def store_counts() -> dict[str, int]:
    engine, Session = open_store()
    with Session() as session:
        out = {
            "raw_pages": session.execute(select(func.count()).select_from(RawPage)).scalar_one(),
            "notices": session.execute(select(func.count()).select_from(Notice)).scalar_one(),
        }
    engine.dispose()
    return out
