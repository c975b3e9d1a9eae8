"""GpcmsSpider: the gpcms family of provincial portals (JSON list by channel and date window, JSON detail).

How to use
  1. Subclass with ``name``, ``source``, ``default_base_url`` and the Domain/Region/Caveats docstring.
  2. Set ``channels``: the portal's channel ids to list (采购公告, 结果公告 …); they differ per province.
  3. That is all: listing, paging, windows and the detail call are the family's (see JsonApiSpider).
"""

from __future__ import annotations

import json
from datetime import date

import scrapy

from crawlers.base_spiders.json_api import ApiPage, ApiRow, JsonApiSpider


class GpcmsSpider(JsonApiSpider):
    channels: tuple[str, ...] = ()
    list_path = "/gpcms/rest/web/v2/info/selectInfoMoreChannel"
    detail_path = "/gpcms/rest/web/v2/info/getInfoById"
    page_size = 20
    window_days = 7

    def initial_slices(self) -> list[dict]:
        return [{"channel": c} for c in self.channels]

    def _body(self, day_from: date, day_to: date, page: int, channel: str) -> bytes:
        return json.dumps({"channel": channel, "currPage": page, "pageSize": self.page_size,
                           "operationStartTime": f"{day_from} 00:00:00", "operationEndTime": f"{day_to} 23:59:59"},
                          ensure_ascii=False).encode("utf-8")

    def api_request(self, day_from: date, day_to: date, page: int, slice_: dict) -> scrapy.Request:
        return scrapy.Request(f"{self.base_url}{self.list_path}", method="POST",
                              body=self._body(day_from, day_to, page, slice_.get("channel", "")),
                              headers={"Content-Type": "application/json;charset=UTF-8"}, callback=self.parse_list,
                              cb_kwargs=self.page_kwargs(day_from, day_to, page, slice_), dont_filter=True)

    def parse_api(self, response) -> ApiPage:  # noqa: ANN001
        data = json.loads(response.text).get("data") or {}
        rows = [ApiRow(str(r["id"]), f"{self.base_url}{self.detail_path}?id={r['id']}",
                       {k: r.get(k) for k in ("title", "noticeTime", "regionName", "channelName")})
                for r in data.get("rows") or [] if r.get("id")]
        return ApiPage(rows, int(data.get("total") or 0), self.page_size)
