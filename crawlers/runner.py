"""The crawl runner: run one spider of crawlers/spiders to completion into the raw archive, recorded as a crawl run."""

from __future__ import annotations

import ipaddress
import os
import socket
import sys
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from urllib.parse import urlsplit

from sqlalchemy import func, select

from common.clock import beijing_now, beijing_today
from store.db import open_store
from store.models import CrawlRun, RawPage
from store.runs import mark_interrupted_runs


def crawl_settings():  # noqa: ANN201 - scrapy.settings.Settings
    from scrapy.settings import Settings

    settings = Settings()
    settings.setmodule("crawlers.settings", priority="project")
    return settings


def spider_names() -> list[str]:
    """Every spider of crawlers/spiders, by name (Scrapy's own spider loader finds them)."""
    from scrapy.spiderloader import SpiderLoader

    return sorted(SpiderLoader.from_settings(crawl_settings()).list())


def spider_class(name: str):  # noqa: ANN201
    from scrapy.spiderloader import SpiderLoader

    return SpiderLoader.from_settings(crawl_settings()).load(name)


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
    unreadable_pages: int
    errors: int
    throttles: int = 0
    refused: int = 0
    expected: int | None = None  # what the site's own counts say the lists hold (None: no list gave a count)
    archived: int | None = None  # of the ids those lists showed, how many are archived after the run
    message: str = ""


def default_window(session, spider: str, today: date | None = None) -> tuple[date, date]:  # noqa: ANN001
    """Incremental: from the end of the spider's last finished run (one day of overlap), else the last 7 days."""
    today = today or beijing_today()
    last = session.execute(
        select(func.max(CrawlRun.until)).where(CrawlRun.spider == spider, CrawlRun.status == "finished")
    ).scalar()
    since = (last.date() - timedelta(days=1)) if last else today - timedelta(days=7)
    return min(since, today), today


@dataclass
class Coverage:
    expected: int | None
    archived: int | None
    short: bool  # fewer archived than expected, or a slice stayed saturated
    text: str  # the numbers, per list or slice that fell short


def coverage(session, source: str, spider) -> Coverage:  # noqa: ANN001
    """Expected vs archived over the lists and slices that gave a count (TenderSpider.expect/saw/saturated):
    expected = the sum of their counts, archived = how many of the ids they listed are in the archive now (archived
    by this run or an earlier one, or by another worker of a shared frontier)."""
    lists = {k: v for k, v in (getattr(spider, "coverage", None) or {}).items() if v["expected"] > 0}
    saturated = dict(getattr(spider, "saturated_slices", None) or {})
    if not lists and not saturated:
        return Coverage(None, None, False, "")
    ids = sorted(set().union(*(v["ids"] for v in lists.values()))) if lists else []
    have: set[str] = set()
    for i in range(0, len(ids), 500):
        chunk = ids[i:i + 500]
        have |= set(session.execute(select(RawPage.source_id).where(RawPage.source == source,
                                                                    RawPage.source_id.in_(chunk))).scalars())
    expected = sum(v["expected"] for v in lists.values())
    short_lists = []
    for key, v in sorted(lists.items()):
        got = len(v["ids"] & have)
        if got < v["expected"]:
            short_lists.append(f"{key}: {got} of {v['expected']}")
    archived = sum(min(len(v["ids"] & have), v["expected"]) for v in lists.values())
    parts = []
    if short_lists:
        parts.append(f"incomplete: {archived} of {expected} notices the site lists were archived; short lists: "
                     + "; ".join(short_lists[:20]) + (f"; … {len(short_lists) - 20} more" if len(short_lists) > 20 else ""))
    if saturated:
        parts.append("still saturated (the site caps these queries and they cannot be narrowed further): "
                     + "; ".join(f"{k} reports {n}" for k, n in sorted(saturated.items())[:20]))
    return Coverage(expected or None, archived if lists else None, bool(short_lists or saturated), "; ".join(parts))


class CrawlSetupError(RuntimeError):
    """The crawl cannot start (e.g. Redis unreachable); the message is for the user."""


def run_crawl(spider: str, base_url: str | None = None, since: date | None = None, until: date | None = None,
              verbose: bool = False, extra_args: dict | None = None, redis_url: str | None = None,
              redis_key: str | None = None, settings_overrides: dict | None = None) -> CrawlOutcome:
    """Run one spider to completion in this process (Scrapy's reactor runs once per process).

    With ``redis_url``, the spider shares its frontier with every other worker started with the same Redis and
    key (default: spider and window), see crawlers/shared_frontier.py.
    """
    from scrapy.crawler import CrawlerProcess

    from crawlers.middlewares import host_port

    spider_cls = spider_class(spider)
    base_url = (base_url or spider_cls.default_base_url).rstrip("/")
    if redis_url:
        import redis

        try:
            redis.from_url(redis_url, socket_connect_timeout=5).ping()
        except (redis.RedisError, ValueError) as exc:
            raise CrawlSetupError(f"cannot reach Redis at {redis_url}: {exc}") from exc
    engine, Session = open_store()
    with Session.begin() as session:
        mark_interrupted_runs(session)
        if since is None or until is None:
            d_since, d_until = default_window(session, spider)
            since, until = since or d_since, until or d_until
        run = CrawlRun(source=spider_cls.source, spider=spider, base_url=base_url,
                       since=datetime.combine(since, datetime.min.time()),
                       until=datetime.combine(until, datetime.min.time()), started_at=beijing_now(),
                       status="running", pages=0, items=0, new_items=0, errors=0, listed=0, throttles=0,
                       refused=0, host=socket.gethostname(), pid=os.getpid())
        session.add(run)
        session.flush()
        run_id = run.id
        known = set(session.execute(select(RawPage.source_id).where(RawPage.source == spider_cls.source)).scalars())

    settings = crawl_settings()
    settings.set("TENDERWATCH_CRAWL_RUN_ID", run_id, priority="cmdline")
    if verbose:
        settings.set("LOG_LEVEL", "INFO", priority="cmdline")
    if is_loopback(base_url):
        # a local mirror: allowed although loopback, and no need to be polite to ourselves
        settings.set("TENDERWATCH_ALLOWED_HOSTS", [host_port(base_url)], priority="cmdline")
        os.environ["TENDERWATCH_ALLOWED_HOSTS"] = host_port(base_url)  # for the browser's own requests
        settings.set("DOWNLOAD_DELAY", 0, priority="cmdline")
        settings.set("AUTOTHROTTLE_ENABLED", False, priority="cmdline")
        settings.set("CONCURRENT_REQUESTS_PER_DOMAIN", 8, priority="cmdline")
        settings.set("TENDERWATCH_BACKOFF_START", 0.02, priority="cmdline")
        settings.set("TENDERWATCH_BACKOFF_MAX", 0.2, priority="cmdline")
        settings.set("TENDERWATCH_SEARCH_DELAY", 0.1, priority="cmdline")  # searches that throttle bursts (ccgp)
    if redis_url:
        from crawlers.shared_frontier import redis_settings

        for key, value in redis_settings(redis_url, redis_key or f"{spider}:{since}:{until}").items():
            settings.set(key, value, priority="cmdline")
    for key, value in (settings_overrides or {}).items():
        settings.set(key, value, priority="cmdline")
    print(f"crawling {spider} at {base_url} for {since} .. {until} ({len(known)} pages already archived"
          f"{', shared frontier on ' + redis_url if redis_url else ''})", file=sys.stderr, flush=True)
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider_cls)
    process.crawl(crawler, base_url=base_url, since=since.isoformat(), until=until.isoformat(), known_ids=known,
                  **(extra_args or {}))
    process.start()

    stats = crawler.stats.get_stats()
    new_pages = stats.get("item_scraped_count", 0)
    skipped = stats.get("tenderwatch/skipped_known", 0)
    errors = stats.get("log_count/ERROR", 0)
    unreadable = stats.get("tenderwatch/unreadable_list_pages", 0)
    finish_reason = stats.get("finish_reason", "unknown")
    blocked = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("tenderwatch/blocked/")}
    refused = stats.get("tenderwatch/refused_private", 0)
    with Session() as session:
        cover = coverage(session, spider_cls.source, crawler.spider)
    if redis_url and cover.short:
        # another worker of the shared frontier may still hold unflushed rows of what this worker listed (the archive
        # pipeline writes its index in batches, the last one at close): look again for a while before saying short
        deadline = time.monotonic() + 30
        while cover.short and time.monotonic() < deadline:
            time.sleep(1)
            with Session() as session:
                cover = coverage(session, spider_cls.source, crawler.spider)
    if finish_reason == "captcha":
        status = "captcha"
    elif blocked:
        status = "blocked"  # answers that stayed blocked were dropped: the site has notices this run did not get
    elif finish_reason == "finished" and cover.short:
        status = "incomplete"  # the site's counts say it has more than was archived, or a slice stayed saturated
    elif finish_reason == "finished" and not errors and not unreadable:
        status = "finished"
    else:
        status = "failed"
    outcome = CrawlOutcome(run_id, status, stats.get("response_received_count", 0), new_pages, skipped, unreadable,
                           errors, stats.get("tenderwatch/throttled", 0), stats.get("tenderwatch/refused_private", 0),
                           cover.expected, cover.archived)
    with Session.begin() as session:
        run = session.get(CrawlRun, run_id)
        run.finished_at = beijing_now()
        run.status = status
        run.pages = outcome.pages
        run.listed = stats.get("tenderwatch/listed", 0)
        run.items = new_pages + skipped
        run.new_items = new_pages
        run.errors = errors
        run.throttles = outcome.throttles
        run.refused = outcome.refused
        run.expected = cover.expected
        run.archived = cover.archived
        why = [cover.text] if cover.short else []
        if blocked:
            why.append("blocked answers dropped after retries: " + ", ".join(f"{k} {v}" for k, v in sorted(blocked.items())))
        if refused:
            why.append(f"{refused} requests refused: a private address (allow a copy of the site with "
                       f"-s TENDERWATCH_ALLOWED_HOSTS=host:port)")
        run.message = "; ".join(why + [f"finish_reason={finish_reason}", f"unreadable list pages={unreadable}",
                                       f"retries={stats.get('retry/count', 0)}",
                                       f"gave up={stats.get('retry/max_reached', 0)}"])
        outcome.message = run.message
    engine.dispose()
    return outcome
