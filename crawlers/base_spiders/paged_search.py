"""PagedSearchSpider: a server-rendered search over a date window, pages 1..N, then detail pages.

How to use
  1. Implement ``search_url(page)``: the URL of result page ``page`` (1-based) for ``self.since``..``self.until``.
  2. Implement ``parse_listing(response)``: a ``parsers.ccgp_list.ListPage`` (rows with url and source_id,
     ``pages`` = number of result pages, ``total`` = the count the page reports). Parsing lives in parsers/, the
     spider only routes.
  3. Optionally override ``detail_id(url)`` (default: the row's source_id) and ``max_pages``; set
     ``sequential_pages`` for a site that throttles from the second query of a burst: then each result page is
     asked for only after the one before it was read. With ``search_slot`` set, every search request goes
     through a download slot of its own (one at a time, ``TENDERWATCH_SEARCH_DELAY`` seconds apart, default
     ``search_delay``), while detail pages keep the site's usual slot (and, with a shared Redis frontier, flow to
     every worker).
  4. Rows already archived are skipped; the whole window is re-listed on every run, so whatever a killed run did
     not archive is fetched again. The count a result page reports (``total``) is what the query is expected to
     hold (``TenderSpider.expect``), every listed id is ``saw``: the run ends ``incomplete`` when fewer are archived.
     Each page expects its own share of the total (``page_share``; the shares sum to the total), so that with a
     shared frontier, where the pages of one query are read by several workers, each worker accounts exactly for
     the pages it read.
"""

from __future__ import annotations

import scrapy

from crawlers.base_spiders.tender import TenderSpider


def page_share(page: int, total: int, size: int, last: int) -> int:
    """How many of a query's ``total`` rows page ``page`` of ``last`` holds, ``size`` rows a page; page 1 also takes
    what the pages cannot show (a pager that stops early), so the shares of pages 1..last sum to ``total``."""
    def share(p: int) -> int:
        return max(0, min(size, total - (p - 1) * size))

    if page == 1:
        return total - sum(share(p) for p in range(2, last + 1))
    return share(page)


class SearchSlot:
    """Search requests in a download slot of their own: one at a time, ``TENDERWATCH_SEARCH_DELAY`` apart."""

    search_slot: str | None = None
    search_delay = 5.0  # seconds between two queries on the real site (crawlers of ccgp use 2–10 s, §4.1)

    @classmethod
    def update_settings(cls, settings) -> None:  # noqa: ANN001
        super().update_settings(settings)  # type: ignore[misc]
        if cls.search_slot:
            slots = dict(settings.getdict("DOWNLOAD_SLOTS"))
            delay = settings.getfloat("TENDERWATCH_SEARCH_DELAY", cls.search_delay)
            slots[cls.search_slot] = {"concurrency": 1, "delay": delay, "jitter": 0}
            settings.set("DOWNLOAD_SLOTS", slots, priority="spider")

    def search_request(self, url: str, callback, **cb_kwargs) -> scrapy.Request:  # noqa: ANN001
        meta = {"download_slot": self.search_slot, "autothrottle_dont_adjust_delay": True} if self.search_slot else {}
        return scrapy.Request(url, callback=callback, cb_kwargs=cb_kwargs, meta=meta)


class PagedSearchSpider(SearchSlot, TenderSpider):
    max_pages = 1000
    sequential_pages = False

    def search_url(self, page: int) -> str:
        raise NotImplementedError

    def parse_listing(self, response):  # noqa: ANN001, ANN201 - returns parsers.ccgp_list.ListPage
        raise NotImplementedError

    def search_key(self) -> str:
        """The coverage key of this spider's query (one per run: every page of it reports the same total)."""
        return f"{self.name} {self.since}..{self.until}"

    async def start(self):
        if not self.may_seed():
            return
        yield self.search_request(self.search_url(1), self.parse_list, page=1)

    def parse_list(self, response, page: int, total: int | None = None, size: int | None = None):  # noqa: ANN001
        listing = self.parse_listing(response)
        if listing.blocked or (not listing.rows and listing.total is None):
            self.crawler.stats.inc_value("tenderwatch/unreadable_list_pages")
            self.logger.error("list page %s is not a result list (blocked or changed markup)", response.url)
            return
        self.crawler.stats.inc_value("tenderwatch/listed", len(listing.rows))
        key = self.search_key()
        last = min(listing.pages, self.max_pages)
        if page == 1:
            total, size = listing.total, len(listing.rows)
        if total is not None:
            self.expect(key, page_share(page, total, size, last))  # 共找到 N 条, shared out over the pages
        yield from self.follow_listed(response, listing.rows, key)
        if self.sequential_pages:
            if page < last:
                yield self.search_request(self.search_url(page + 1), self.parse_list, page=page + 1, total=total,
                                          size=size)
        elif page == 1:
            for p in range(2, last + 1):
                yield self.search_request(self.search_url(p), self.parse_list, page=p, total=total, size=size)
