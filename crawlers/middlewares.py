"""Downloader middlewares: refuse private addresses at every hop, back off on throttling, stop on captchas."""

from __future__ import annotations

import ipaddress
import logging
import socket
from functools import lru_cache
from urllib.parse import urlsplit

from scrapy.downloadermiddlewares.retry import get_retry_request
from scrapy.exceptions import IgnoreRequest

from crawlers.blocks import problem

_LOG = logging.getLogger(__name__)


def _is_private(addr: str) -> bool:
    ip = ipaddress.ip_address(addr.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address):
        mapped = ip.ipv4_mapped or ip.sixtofour
        if mapped is not None:
            ip = mapped
    return (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved or ip.is_multicast
            or ip.is_unspecified or not ip.is_global)


@lru_cache(maxsize=4096)
def resolve(host: str) -> tuple[str, ...]:
    """Addresses of ``host`` (a literal IP resolves to itself); empty when it does not resolve."""
    try:
        ipaddress.ip_address(host.strip("[]"))
        return (host.strip("[]"),)
    except ValueError:
        pass
    try:
        return tuple(sorted({info[4][0] for info in socket.getaddrinfo(host, None)}))
    except (socket.gaierror, UnicodeError, OSError):
        return ()


def host_port(url: str) -> str:
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    host = parts.hostname or ""
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


class PrivateAddressMiddleware:
    """Refuse any request (first hop or redirect) to a private, loopback, link-local or reserved address.

    IPv4-mapped IPv6 (``::ffff:127.0.0.1``) counts as the IPv4 address it maps. Hosts listed in
    TENDERWATCH_ALLOWED_HOSTS (``host:port``; the CLI lists a mirror on 127.0.0.1 there) are allowed.
    A name that does not resolve is left to the downloader, which fails on it anyway.
    """

    def __init__(self, allowed: set[str], stats):  # noqa: ANN001
        self.allowed = allowed
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler):  # noqa: ANN001, ANN206
        return cls(set(crawler.settings.getlist("TENDERWATCH_ALLOWED_HOSTS")), crawler.stats)

    def process_request(self, request, spider=None):  # noqa: ANN001
        parts = urlsplit(request.url)
        logger = spider.logger if spider is not None else _LOG
        if parts.scheme not in ("http", "https"):
            self.stats.inc_value("tenderwatch/refused_scheme")
            raise IgnoreRequest(f"refused non-HTTP URL {request.url}")
        if host_port(request.url) in self.allowed:
            return None
        addrs = resolve(parts.hostname or "")
        if any(_is_private(a) for a in addrs):
            self.stats.inc_value("tenderwatch/refused_private")
            # Scrapy 2.13+ calls without the spider: log through the module's logger so the refusal is never silent
            logger.warning("refused %s: %s is a private address; to crawl a copy of the site there, allow it with "
                           "-s TENDERWATCH_ALLOWED_HOSTS=%s (tenders crawl --base-url does this for 127.0.0.1)",
                           request.url, ",".join(addrs), host_port(request.url))
            raise IgnoreRequest(f"refused private address for {request.url}")
        return None


class BlockPageMiddleware:
    """Blocked, throttled and empty answers (crawlers.blocks.problem), recognised and answered politely.

    - 429 or 503: the download slot's delay doubles (up to TENDERWATCH_BACKOFF_MAX) and Scrapy's RetryMiddleware
      retries the request;
    - a throttle page, a firewall 403/412, a JavaScript challenge, an empty 200 or a JSON error with HTTP 200: the
      delay doubles and the request is retried here, up to TENDERWATCH_BLOCK_RETRIES times; an answer still
      blocked after that is dropped (never archived, its id never known) and counted in ``tenderwatch/blocked``;
      refused answers (all but throttling) also in ``tenderwatch/blocked/<kind>``, which make the run ``blocked``
      (a run throttled out stays ``failed``);
    - "captcha": the spider is closed with reason ``captcha``: hammering a captcha only gets the crawler banned.
    """

    def __init__(self, crawler):  # noqa: ANN001
        self.crawler = crawler
        s = crawler.settings
        self.start = s.getfloat("TENDERWATCH_BACKOFF_START", 10.0)
        self.max = s.getfloat("TENDERWATCH_BACKOFF_MAX", 300.0)
        self.max_retries = s.getint("TENDERWATCH_BLOCK_RETRIES", 5)
        self.base_delay = s.getfloat("DOWNLOAD_DELAY", 0.0)
        # a slot configured with a delay of its own (e.g. ccgp's search slot, TENDERWATCH_SEARCH_DELAY) never recovers
        # below that delay: only below DOWNLOAD_DELAY would make a careful client hasty
        self.slot_floors = {k: float(v.get("delay", self.base_delay)) for k, v in s.getdict("DOWNLOAD_SLOTS").items()
                            if isinstance(v, dict)}

    @classmethod
    def from_crawler(cls, crawler):  # noqa: ANN001, ANN206
        return cls(crawler)

    def _back_off(self, request) -> None:  # noqa: ANN001
        slot_key = request.meta.get("download_slot")
        slot = self.crawler.engine.downloader.slots.get(slot_key) if slot_key else None
        if slot is not None:
            slot.delay = min(max(slot.delay * 2, self.start), self.max)
        self.crawler.stats.inc_value("tenderwatch/backoffs")

    def _recover(self, request) -> None:  # noqa: ANN001
        """After a good answer the delay halves back towards DOWNLOAD_DELAY, or the slot's own configured delay
        (AutoThrottle, when on, refines it)."""
        slot_key = request.meta.get("download_slot")
        slot = self.crawler.engine.downloader.slots.get(slot_key) if slot_key else None
        floor = self.slot_floors.get(slot_key, self.base_delay)
        if slot is not None and slot.delay > floor:
            slot.delay = max(floor, slot.delay / 2)

    def process_response(self, request, response, spider=None):  # noqa: ANN001
        spider = spider or self.crawler.spider
        if response.status in (429, 503):
            self.crawler.stats.inc_value("tenderwatch/throttled")
            self._back_off(request)
            return response  # RetryMiddleware retries it
        reason = problem(response, spider)
        if reason is None:
            if response.status < 400:
                self._recover(request)
            return response
        if reason == "captcha":
            self.crawler.stats.inc_value("tenderwatch/captcha")
            self.crawler.stats.set_value("tenderwatch/stopped_by", "captcha")
            spider.logger.error("captcha at %s: stopping this source", response.url)
            self.crawler.engine.close_spider(spider, "captcha")
            raise IgnoreRequest(f"captcha at {response.url}")
        self.crawler.stats.inc_value("tenderwatch/throttled" if reason == "throttle" else f"tenderwatch/answers/{reason}")
        self._back_off(request)
        retry = get_retry_request(request, spider=spider, reason=f"{reason} answer", max_retry_times=self.max_retries)
        if retry is None:
            self.crawler.stats.inc_value("tenderwatch/blocked")
            if reason != "throttle":  # throttled out is a failed run (as before); refused answers make it blocked
                self.crawler.stats.inc_value(f"tenderwatch/blocked/{reason}")
            spider.logger.error("still %s after %d retries: %s (not archived)", reason, self.max_retries,
                                response.url)
            raise IgnoreRequest(f"{reason}: {response.url}")
        retry.dont_filter = True
        return retry
