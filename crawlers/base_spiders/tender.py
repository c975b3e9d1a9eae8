"""TenderSpider: what every source spider shares.

How to use
  1. Subclass one of the access-pattern bases (PagedSearchSpider, ColumnListSpider, JsonApiSpider,
     BrowserSpider), never this class directly.
  2. Set ``name`` (the spider), ``source`` (the store's source key; two spiders of one site share it) and
     ``default_base_url`` (the real site's root).
  3. Write a docstring with Domain, Region and Caveats (a test fails without them).
  4. Override ``block_reason(response)`` when the site has its own throttle/captcha pages; the default
     recognises the common Chinese "too frequent" and captcha pages served with status 200.

  5. Account for what the site says it has (``incomplete`` runs, crawlers/runner.py): ``self.expect(key, n)``
     when a list or slice reports ``n`` notices (e.g. a total under the API's cap, or 20 × pages), and
     ``self.saw(key, source_id)`` for every listed id of it; ``self.saturated(key, total)`` when a slice still
     reports the cap and cannot be narrowed. After the crawl the runner counts which listed ids are archived
     and ends the run ``incomplete`` when fewer than expected are, or when a slice stayed saturated.

Arguments every spider takes (``scrapy crawl X -a name=value`` or ``tenders crawl X --…``): ``base_url``,
``since`` and ``until`` (YYYY-MM-DD publication days, inclusive; default: the last 7 days), ``known_ids``
(source ids already archived: not fetched again).
"""

from __future__ import annotations

from datetime import date, timedelta

import scrapy
from scrapy.http import Response
from common.clock import beijing_today

# A 200 page carrying one of these (and little else) is a throttle page, not a result page.
THROTTLE_MARKERS = ("访问过于频繁", "频繁访问", "访问频繁", "操作过于频繁", "请求过于频繁")
CAPTCHA_MARKERS = ("请输入验证码", "安全验证", "滑动验证", "人机验证")
BLOCK_PAGE_MAX_BYTES = 20_000


class TenderSpider(scrapy.Spider):
    source: str = ""
    default_base_url: str = ""

    def __init__(self, base_url: str | None = None, since: str | None = None, until: str | None = None,
                 known_ids=None, **kwargs):  # noqa: ANN001
        super().__init__(**kwargs)
        self.base_url = (base_url or self.default_base_url).rstrip("/")
        self.until = date.fromisoformat(until) if until else beijing_today()
        self.since = date.fromisoformat(since) if since else self.until - timedelta(days=7)
        if self.since > self.until:
            raise ValueError(f"since {self.since} is after until {self.until}")
        if isinstance(known_ids, str):  # a comma list from `scrapy crawl -a known_ids=…`
            known_ids = {s for s in known_ids.split(",") if s}
        self.known_ids: set[str] = set(known_ids or ())
        self.skipped_known = 0
        # key of a list or slice → {"expected": n, "ids": listed source ids}; "saturated": keys still at the cap
        self.coverage: dict[str, dict] = {}
        self.saturated_slices: dict[str, int] = {}

    # -- helpers for subclasses ------------------------------------------------------------------------
    def may_seed(self) -> bool:
        """Whether this worker yields the start requests (with a shared Redis frontier, only the first does)."""
        from crawlers.shared_frontier import may_seed

        return may_seed(self.crawler.settings)

    def is_known(self, source_id: str) -> bool:
        if source_id in self.known_ids:
            self.skipped_known += 1
            self.crawler.stats.inc_value("tenderwatch/skipped_known")
            return True
        return False

    def expect(self, key: str, expected: int) -> None:
        """The site says list or slice ``key`` holds ``expected`` notices (summed when called again for a key)."""
        entry = self.coverage.setdefault(key, {"expected": 0, "ids": set()})
        entry["expected"] += int(expected)

    def saw(self, key: str, source_id: str) -> None:
        """``source_id`` is listed in ``key``: the run counts it archived when it is in the archive afterwards."""
        self.coverage.setdefault(key, {"expected": 0, "ids": set()})["ids"].add(str(source_id))

    def saturated(self, key: str, total: int) -> None:
        """Slice ``key`` still reports ``total`` (the cap, or "narrow the query") and cannot be narrowed further."""
        self.saturated_slices[key] = int(total)
        self.crawler.stats.inc_value("tenderwatch/saturated")
        self.logger.error("%s still reports %d (the cap) and cannot be narrowed: some notices are not listed",
                          key, total)

    def in_window(self, day: date | None) -> bool:
        return day is None or self.since <= day <= self.until

    def follow_row(self, response: Response, row):  # noqa: ANN001, ANN201 - a parsers.ccgp_list.ListRow
        """The detail request for a list row, or None when the row is already archived or unrecognised."""
        sid = row.source_id
        if sid is None:
            self.logger.warning("unrecognised detail link %s", row.url)
            return None
        if self.is_known(sid):
            return None
        return response.follow(row.url, callback=self.parse_detail, cb_kwargs={"sid": sid, "meta": row.as_meta()})

    def follow_listed(self, response: Response, rows, key: str):  # noqa: ANN001, ANN201
        """Count every listed row against list ``key`` (``saw``) and yield the detail requests of those not archived."""
        for row in rows:
            if row.source_id:
                self.saw(key, row.source_id)
            request = self.follow_row(response, row)
            if request is not None:
                yield request

    def detail_id(self, url: str) -> str | None:
        """The source id in a detail URL (after redirects); None keeps the id the list gave."""
        return None

    def parse_detail(self, response, sid: str, meta: dict):  # noqa: ANN001
        yield self.notice_item(response, self.detail_id(response.url) or sid, meta)

    def notice_item(self, response: Response, source_id: str, meta: dict | None = None) -> dict:
        """The item the archive pipeline stores: raw bytes first, nothing parsed."""
        return {
            "source": self.source,
            "source_id": source_id,
            "url": response.url,
            "body": response.body,
            "status": response.status,
            "content_type": response.headers.get("Content-Type", b"").decode("latin-1"),
            "encoding": getattr(response, "encoding", None),
            "list_meta": meta or {},
        }

    def block_reason(self, response: Response) -> str | None:
        """'throttle' or 'captcha' when a 200 response is really a block page, else None."""
        if response.status != 200 or len(response.body) > BLOCK_PAGE_MAX_BYTES:
            return None
        try:
            text = response.text
        except AttributeError:  # binary
            return None
        if any(m in text for m in CAPTCHA_MARKERS):
            return "captcha"
        if any(m in text for m in THROTTLE_MARKERS):
            return "throttle"
        return None
