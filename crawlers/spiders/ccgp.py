"""中国政府采购网 ccgp.gov.cn, by the ``bxsearch`` keyword search over a date window.

Domain
  中国政府采购网 (China Government Procurement), search.ccgp.gov.cn/bxsearch and www.ccgp.gov.cn detail pages.
Region
  National: 中央公告 and 地方公告 of every province.
Caveats
  The site throttles bursts with a "访问过于频繁" page and sets bot-check cookies; a list page without the
  result list is counted as blocked, never as "0 notices". Detail URLs end in ``t{YYYYMMDD}_{id}.htm``;
  the id is the dedup key. Dates in the search form are ``YYYY:MM:DD``.

How to use
  1. ``tenders crawl ccgp --since 2026-11-01 --until 2026-11-29`` (or ``scrapy crawl ccgp -a since=… -a until=…``).
  2. ``-a base_url=http://127.0.0.1:8123`` crawls a mirror that keeps ccgp's paths (tests/sites/ccgp).
  3. ``-a bid_type=7`` restricts to one 公告类型 (bidType of SOURCES.md §4.1; 0 = all).
  4. Pages already in the archive are not fetched again (incremental); their rows are only counted.
"""

from __future__ import annotations

from datetime import date, timedelta
from urllib.parse import urlencode

import scrapy

from parsers.ccgp_list import DETAIL_ID, parse_bxsearch

DEFAULT_BASE_URL = "https://search.ccgp.gov.cn"


class CcgpSpider(scrapy.Spider):
    name = "ccgp"
    source = "ccgp"
    default_base_url = DEFAULT_BASE_URL

    def __init__(self, base_url: str = DEFAULT_BASE_URL, since: str | None = None, until: str | None = None,
                 bid_type: str = "0", known_ids: str | None = None, max_pages: str | int = 1000, **kwargs):
        super().__init__(**kwargs)
        self.base_url = base_url.rstrip("/")
        self.until = date.fromisoformat(until) if until else date.today()
        self.since = date.fromisoformat(since) if since else self.until - timedelta(days=7)
        if self.since > self.until:
            raise ValueError(f"since {self.since} is after until {self.until}")
        self.bid_type = str(bid_type)
        self.max_pages = int(max_pages)
        # source ids already archived (a set handed over by the CLI, or a comma list from scrapy -a)
        if isinstance(known_ids, str):
            known_ids = {s for s in known_ids.split(",") if s}
        self.known_ids: set[str] = set(known_ids or ())
        self.blocked_pages = 0
        self.skipped_known = 0

    def search_url(self, page: int) -> str:
        params = {
            "searchtype": "1", "page_index": str(page), "bidSort": "0", "buyerName": "", "projectId": "",
            "pinMu": "0", "bidType": self.bid_type, "dbselect": "bidx", "kw": "",
            "start_time": self.since.strftime("%Y:%m:%d"), "end_time": self.until.strftime("%Y:%m:%d"),
            "timeType": "6", "displayZone": "", "zoneId": "", "pppStatus": "0", "agentName": "",
        }
        return f"{self.base_url}/bxsearch?{urlencode(params)}"

    async def start(self):
        yield scrapy.Request(self.search_url(1), callback=self.parse_list, cb_kwargs={"page": 1})

    def parse_list(self, response, page: int):
        listing = parse_bxsearch(response.url, response.text)
        if listing.blocked or (not listing.rows and listing.total is None):
            self.blocked_pages += 1
            self.crawler.stats.inc_value("tenderwatch/blocked_pages")
            self.logger.error("list page %s is not a result list (blocked or changed markup)", response.url)
            return
        for row in listing.rows:
            if row.source_id is None:
                self.logger.warning("unrecognised detail link %s", row.url)
                continue
            if row.source_id in self.known_ids:
                self.skipped_known += 1
                self.crawler.stats.inc_value("tenderwatch/skipped_known")
                continue
            yield response.follow(row.url, callback=self.parse_detail, cb_kwargs={"meta": row.as_meta()})
        if page == 1:
            for p in range(2, min(listing.pages, self.max_pages) + 1):
                yield scrapy.Request(self.search_url(p), callback=self.parse_list, cb_kwargs={"page": p})

    def parse_detail(self, response, meta: dict):
        m = DETAIL_ID.search(response.url)
        yield {
            "source": self.source,
            "source_id": m.group(2) if m else response.url,
            "url": response.url,
            "body": response.body,
            "status": response.status,
            "content_type": response.headers.get("Content-Type", b"").decode("latin-1"),
            "encoding": getattr(response, "encoding", None),
            "list_meta": meta,
        }
