"""ColumnListSpider: channel lists ``{column}/index.htm``, ``index_1.htm`` … (TRS sites), newest first.

How to use
  1. Set ``columns``: folder paths under ``base_url`` (e.g. ``/cggg/dfgg/gkzb/``).
  2. Implement ``parse_listing(response)`` → ListPage whose rows carry ``published_raw`` and ``source_id``.
  3. Page ``n`` (0-based) is ``index.htm`` for 0 and ``index_{n}.htm`` after (the TRS convention); paging
     stops at the page count of the Pager script or at the first page whose rows are all older than
     ``since`` (the list is newest first).
  4. Rows outside ``since``..``until`` and rows already archived are skipped.
"""

from __future__ import annotations

import scrapy

from crawlers.base_spiders.tender import TenderSpider
from parsers.dates import parse_datetime


class ColumnListSpider(TenderSpider):
    columns: tuple[str, ...] = ()
    max_pages = 500

    def parse_listing(self, response):  # noqa: ANN001, ANN201
        raise NotImplementedError

    def column_url(self, column: str, n: int) -> str:
        name = "index.htm" if n == 0 else f"index_{n}.htm"
        return f"{self.base_url}/{column.strip('/')}/{name}"

    async def start(self):
        if not self.may_seed():
            return
        for column in self.columns:
            yield scrapy.Request(self.column_url(column, 0), callback=self.parse_list,
                                 cb_kwargs={"column": column, "n": 0})

    def parse_list(self, response, column: str, n: int):  # noqa: ANN001
        listing = self.parse_listing(response)
        if listing.blocked or not listing.rows:
            if listing.blocked:
                self.crawler.stats.inc_value("tenderwatch/unreadable_list_pages")
                self.logger.error("column page %s is not a list (blocked or changed markup)", response.url)
            return
        self.crawler.stats.inc_value("tenderwatch/listed", len(listing.rows))
        older = 0
        for row in listing.rows:
            published = parse_datetime(row.published_raw)
            day = published.date() if published else None
            if day is not None and day < self.since:
                older += 1
                continue
            if not self.in_window(day):
                continue
            request = self.follow_row(response, row)
            if request is not None:
                yield request
        if older < len(listing.rows) and n + 1 < min(listing.pages, self.max_pages):
            yield scrapy.Request(self.column_url(column, n + 1), callback=self.parse_list,
                                 cb_kwargs={"column": column, "n": n + 1})
