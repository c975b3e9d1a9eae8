"""Many workers, one frontier: scrapy-redis settings plus what it lacks for finite crawls.

``tenders crawl SPIDER --redis redis://host:6379/0`` in several processes (one machine or many) runs the same
spider over one Redis queue and one dupefilter, keyed by spider and window (``--redis-key`` overrides):
- only the first worker seeds the start requests (SET NX), so list pages are not fetched once per worker;
- a worker whose queue runs dry stays while another worker is still busy (it may enqueue more), then stops;
- the last worker out deletes the run's keys, so the next run of the same window starts fresh.
scrapy-redis pops requests destructively: what a killed worker held is not in the queue any more. Nothing is
lost for good, because every run re-lists its window and skips what is archived (the store is the truth).
"""

from __future__ import annotations

import os
import socket
import time

from scrapy import signals
from scrapy.exceptions import DontCloseSpider, NotConfigured

BUSY_TTL = 30  # seconds a worker counts as busy after its last request or response
STARTUP_GRACE = 10  # seconds a worker waits for someone to seed the frontier before it gives up


def redis_settings(url: str, key: str) -> dict:
    prefix = f"tenderwatch:{key.replace('%', '')}"
    return {
        "SCHEDULER": "scrapy_redis.scheduler.Scheduler",
        "DUPEFILTER_CLASS": "scrapy_redis.dupefilter.RFPDupeFilter",
        "SCHEDULER_PERSIST": True,  # never flush on close: other workers may still be running
        "SCHEDULER_QUEUE_KEY": f"{prefix}:requests",
        "SCHEDULER_DUPEFILTER_KEY": f"{prefix}:dupefilter",
        "SCHEDULER_IDLE_BEFORE_CLOSE": 0,
        "REDIS_URL": url,
        "TENDERWATCH_REDIS_PREFIX": prefix,
        "EXTENSIONS": {"crawlers.shared_frontier.SharedFrontier": 500},
    }


def _client(url: str):  # noqa: ANN202
    import redis

    return redis.from_url(url)


def may_seed(settings) -> bool:  # noqa: ANN001
    """True for a lone worker, and for the first of several workers sharing a frontier."""
    url, prefix = settings.get("REDIS_URL"), settings.get("TENDERWATCH_REDIS_PREFIX")
    if not url or not prefix:
        return True
    worker = f"{socket.gethostname()}:{os.getpid()}"
    return bool(_client(url).set(f"{prefix}:seeded", worker, nx=True, ex=7 * 86400))


class SharedFrontier:
    def __init__(self, crawler):  # noqa: ANN001
        url = crawler.settings.get("REDIS_URL")
        self.prefix = crawler.settings.get("TENDERWATCH_REDIS_PREFIX")
        if not url or not self.prefix:
            raise NotConfigured
        self.crawler = crawler
        self.redis = _client(url)
        self.worker = f"{socket.gethostname()}:{os.getpid()}"
        self.busy_key = f"{self.prefix}:busy:{self.worker}"
        self.opened_at = time.monotonic()

    @classmethod
    def from_crawler(cls, crawler):  # noqa: ANN001, ANN206
        ext = cls(crawler)
        crawler.signals.connect(ext.busy, signal=signals.request_reached_downloader)
        crawler.signals.connect(ext.busy, signal=signals.response_received)
        crawler.signals.connect(ext.idle, signal=signals.spider_idle)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        return ext

    def opened(self, spider=None) -> None:  # noqa: ANN001
        # An idle worker polls the shared queue every half second instead of Scrapy's 5 s heartbeat, so it takes
        # work as soon as another worker enqueues some (Scrapy has no setting for this; a private attribute).
        engine = self.crawler.engine
        if engine is not None and hasattr(type(engine), "_SLOT_HEARTBEAT_INTERVAL"):
            engine._SLOT_HEARTBEAT_INTERVAL = 0.5

    def busy(self, *args, **kwargs) -> None:
        self.redis.set(self.busy_key, 1, ex=BUSY_TTL)

    def _others_busy(self) -> bool:
        return any(k.decode() != self.busy_key for k in self.redis.scan_iter(f"{self.prefix}:busy:*"))

    def idle(self, spider=None) -> None:  # noqa: ANN001
        self.redis.delete(self.busy_key)
        key = f"{self.prefix}:requests"
        kind = self.redis.type(key)
        queued = self.redis.zcard(key) if kind == b"zset" else self.redis.llen(key) if kind == b"list" else 0
        waiting_for_seed = not self.redis.exists(f"{self.prefix}:seeded") and \
            time.monotonic() - self.opened_at < STARTUP_GRACE
        if queued or self._others_busy() or waiting_for_seed:
            raise DontCloseSpider("other workers are still busy or requests are queued")

    def closed(self, spider=None, reason: str = "") -> None:  # noqa: ANN001
        self.redis.delete(self.busy_key)
        if reason == "finished" and not self._others_busy():
            self.redis.delete(f"{self.prefix}:requests", f"{self.prefix}:dupefilter", f"{self.prefix}:seeded")
