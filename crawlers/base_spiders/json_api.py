"""JsonApiSpider: a JSON list API queried by publication-date window, sliced so that no query hits a cap.

How to use
  1. Implement ``api_request(day_from, day_to, page, slice_)``: the Request for one page of the window
     (``slice_`` is one of ``initial_slices()``, default ``{}``, possibly merged with one entry of ``slices``,
     e.g. ``{"DEAL_PROVINCE": "430000"}``; ignore keys starting with ``_``); put the arguments back into
     ``cb_kwargs`` via ``self.page_kwargs(...)``.
  2. Implement ``parse_api(response)`` → ``ApiPage(rows, total, page_size)``; rows are ``ApiRow`` with a
     source id, the detail URL and what the list says (title, date, region …).
  3. Set ``result_cap`` (the most results the API returns for one query) and ``slices`` (how to split a day
     further). A window over the cap is split into single days; a day over the cap into ``slices``; a slice
     still over the cap is crawled up to the cap and counted in ``tenderwatch/over_cap``.
  4. Implement ``detail_request(row)`` (default: GET ``row.url``); the detail response is archived as is.
  5. ``window_days`` (default 1) is the first window size; API codes meaning "too frequent" or "captcha" go
     in ``block_reason``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date, timedelta

import scrapy

from crawlers.base_spiders.tender import TenderSpider


@dataclass
class ApiRow:
    source_id: str
    url: str
    meta: dict = field(default_factory=dict)


@dataclass
class ApiPage:
    rows: list[ApiRow]
    total: int
    page_size: int


class JsonApiSpider(TenderSpider):
    result_cap = 1000
    window_days = 1
    slices: tuple[dict, ...] = ()

    def __init__(self, result_cap: str | int | None = None, **kwargs):
        super().__init__(**kwargs)
        if result_cap is not None:
            self.result_cap = int(result_cap)

    def api_request(self, day_from: date, day_to: date, page: int, slice_: dict) -> scrapy.Request:
        raise NotImplementedError

    def parse_api(self, response) -> ApiPage:  # noqa: ANN001
        raise NotImplementedError

    def detail_request(self, row: ApiRow) -> scrapy.Request:
        return scrapy.Request(row.url, callback=self.parse_detail, cb_kwargs={"row": row})

    def page_kwargs(self, day_from: date, day_to: date, page: int, slice_: dict) -> dict:
        return {"day_from": day_from, "day_to": day_to, "page": page, "slice_": slice_}

    def initial_slices(self) -> list[dict]:
        """The queries every window needs anyway (e.g. one per channel); default: one query."""
        return [{}]

    async def start(self):
        if not self.may_seed():
            return
        day = self.since
        while day <= self.until:
            end = min(day + timedelta(days=self.window_days - 1), self.until)
            for slice_ in self.initial_slices():
                yield self.api_request(day, end, 1, slice_)
            day = end + timedelta(days=1)

    def parse_list(self, response, day_from: date, day_to: date, page: int, slice_: dict):  # noqa: ANN001
        result = self.parse_api(response)
        if page == 1 and result.total > self.result_cap:
            if day_from < day_to:  # split the window into days
                self.crawler.stats.inc_value("tenderwatch/split_window")
                d = day_from
                while d <= day_to:
                    yield self.api_request(d, d, 1, slice_)
                    d += timedelta(days=1)
                return
            if self.slices and not slice_.get("_split"):  # split the day into slices
                self.crawler.stats.inc_value("tenderwatch/split_slices")
                for s in self.slices:
                    yield self.api_request(day_from, day_to, 1, slice_ | s | {"_split": True})
                return
            self.crawler.stats.inc_value("tenderwatch/over_cap")
            self.logger.error("%s..%s %s: %d results, over the cap of %d even after slicing; crawling the first %d",
                              day_from, day_to, slice_, result.total, self.result_cap, self.result_cap)
        self.crawler.stats.inc_value("tenderwatch/listed", len(result.rows))
        for row in result.rows:
            if not self.is_known(row.source_id):
                yield self.detail_request(row)
        if page == 1 and result.page_size:
            pages = math.ceil(min(result.total, self.result_cap) / result.page_size)
            for p in range(2, pages + 1):
                yield self.api_request(day_from, day_to, p, slice_)

    def parse_detail(self, response, row: ApiRow):  # noqa: ANN001
        yield self.notice_item(response, row.source_id, row.meta)
