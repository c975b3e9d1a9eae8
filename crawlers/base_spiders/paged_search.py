"""PagedSearchSpider: a server-rendered search over a date window, pages 1..N, then detail pages.

How to use
  1. Implement ``search_url(page)``: the URL of result page ``page`` (1-based) for ``self.since``..``self.until``.
  2. Implement ``parse_listing(response)``: a ``parsers.ccgp_list.ListPage`` (rows with url and source_id,
     ``pages`` = number of result pages). Parsing lives in parsers/, the spider only routes.
  3. Optionally override ``detail_id(url)`` (default: the row's source_id) and ``max_pages``; set
     ``sequential_pages`` for a site that throttles from the second query of a burst: then each result page is
     asked for only after the one before it was read (one search page at a time, the download delay between).
  4. Rows already archived are skipped; page 1 schedules pages 2..N, so the whole window is re-listed on
     every run and whatever a killed run did not archive is fetched again.
"""

from __future__ import annotations

import scrapy

from crawlers.base_spiders.tender import TenderSpider


class PagedSearchSpider(TenderSpider):
    max_pages = 1000
    sequential_pages = False

    def search_url(self, page: int) -> str:
        raise NotImplementedError

    def parse_listing(self, response):  # noqa: ANN001, ANN201 - returns parsers.ccgp_list.ListPage
        raise NotImplementedError

    async def start(self):
        if not self.may_seed():
            return
        yield scrapy.Request(self.search_url(1), callback=self.parse_list, cb_kwargs={"page": 1})

    def parse_list(self, response, page: int):  # noqa: ANN001
        listing = self.parse_listing(response)
        if listing.blocked or (not listing.rows and listing.total is None):
            self.crawler.stats.inc_value("tenderwatch/unreadable_list_pages")
            self.logger.error("list page %s is not a result list (blocked or changed markup)", response.url)
            return
        self.crawler.stats.inc_value("tenderwatch/listed", len(listing.rows))
        for row in listing.rows:
            request = self.follow_row(response, row)
            if request is not None:
                yield request
        last = min(listing.pages, self.max_pages)
        if self.sequential_pages:
            if page < last:
                yield scrapy.Request(self.search_url(page + 1), callback=self.parse_list, cb_kwargs={"page": page + 1})
        elif page == 1:
            for p in range(2, last + 1):
                yield scrapy.Request(self.search_url(p), callback=self.parse_list, cb_kwargs={"page": p})
