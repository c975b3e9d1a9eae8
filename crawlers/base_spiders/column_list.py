"""ColumnListSpider: channel lists ``{column}/index.htm``, ``index_1.htm`` … (TRS sites), newest first.

How to use
  1. Set ``columns``: folder paths under ``base_url`` (e.g. ``/cggg/dfgg/gkzb/``).
  2. Implement ``parse_listing(response)`` → ListPage whose rows carry ``published_raw`` and ``source_id``.
  3. Page ``n`` (0-based) is ``index.htm`` for 0 and ``index_{n}.htm`` after (the TRS convention); paging
     stops at the page count of the Pager script or at the first page whose rows are all older than
     ``since`` (the list is newest first).
  4. Rows outside ``since``..``until`` and rows already archived are skipped. Each column is one coverage key:
     the rows it shows in the window are expected (``TenderSpider.expect``, each page adding the rows it shows,
     so that workers sharing a frontier each account for the pages they read) and saw.
  5. A list that ends (at its last page, or at ``capped_pages``, the most its pager ever shows) while its oldest
     row is still not older than ``since`` has lost the rest of the window: ``beyond_list(response, column,
     oldest, pages)`` is called. By default it logs a warning naming the column and the uncovered days and marks
     the column saturated (the run ends ``incomplete``); a spider with another way to the older notices (a search)
     overrides it and yields those requests.
"""

from __future__ import annotations

from datetime import date

import scrapy

from crawlers.base_spiders.tender import TenderSpider
from parsers.dates import parse_datetime


class ColumnListSpider(TenderSpider):
    columns: tuple[str, ...] = ()
    max_pages = 500
    capped_pages: int | None = None  # the site never shows more pages than this (older rows are unreachable)

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

    def uncovered(self, oldest: date) -> tuple[date, date]:
        """The days of the window a list ending at ``oldest`` may not show in full (``oldest`` itself included)."""
        return self.since, min(oldest, self.until)

    def beyond_list(self, response, column: str, oldest: date, pages: int):  # noqa: ANN001, ANN201
        start, end = self.uncovered(oldest)
        self.logger.warning("%s: the list ends at page %d with rows of %s; %s..%s are not reachable there and are "
                            "not covered", column, pages, oldest, start, end)
        self.saturated(f"{column} {start}..{end}", pages)
        return iter(())

    def parse_list(self, response, column: str, n: int):  # noqa: ANN001
        listing = self.parse_listing(response)
        if listing.blocked or not listing.rows:
            if listing.blocked:
                self.crawler.stats.inc_value("tenderwatch/unreadable_list_pages")
                self.logger.error("column page %s is not a list (blocked or changed markup)", response.url)
            return
        self.crawler.stats.inc_value("tenderwatch/listed", len(listing.rows))
        older = shown = 0
        oldest: date | None = None
        for row in listing.rows:
            published = parse_datetime(row.published_raw)
            day = published.date() if published else None
            if day is not None and (oldest is None or day < oldest):
                oldest = day
            if day is not None and day < self.since:
                older += 1
                continue
            if not self.in_window(day):
                continue
            shown += 1
            if row.source_id:
                self.saw(column, row.source_id)
            request = self.follow_row(response, row)
            if request is not None:
                yield request
        self.expect(column, shown)  # the rows this page shows in the window
        last = min(listing.pages, self.max_pages)
        if older < len(listing.rows) and n + 1 < last:
            yield scrapy.Request(self.column_url(column, n + 1), callback=self.parse_list,
                                 cb_kwargs={"column": column, "n": n + 1})
            return
        cut = last < listing.pages or (self.capped_pages is not None and listing.pages >= self.capped_pages)
        if older == 0 and cut and oldest is not None and oldest >= self.since:
            yield from self.beyond_list(response, column, oldest, last)
