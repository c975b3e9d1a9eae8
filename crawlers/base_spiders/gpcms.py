"""GpcmsSpider: the gpcms family of provincial portals (JSON list by channels, notice type and time window; JSON detail).

How to use
  1. Subclass with ``name``, ``source``, ``default_base_url`` and the Domain/Region/Caveats docstring.
  2. Set the province's ``site_id``, ``channels`` (its channel ids, sent comma-separated) and ``notice_types``
     (``00101`` 采购公告, ``00102`` 结果公告, ``59`` 采购意向 …; SOURCES.md §7.4); optionally ``cookies`` (sent with
     every request) and ``custom_settings`` (e.g. a browser ``USER_AGENT`` where the firewall refuses crawlers).
  3. That is all: each (notice type, window) is one query ``GET …/info/selectInfoMoreChannel?siteId=…&channel=…
     &noticeType=…&currPage=…&pageSize=…&operationStartTime=…&operationEndTime=…&selectTimeName=noticeTime&_t=…``
     (no ``regionCode``: the whole province); its ``data.total`` is what the run must archive (``expect``/``saw``).
     A window over ``result_cap`` is split into days, a day into single channels; one still over it is crawled
     up to the cap and reported ``saturated``. A notice is ``GET …/info/getInfoById?id=…``, archived as is.
  4. ``code`` is a string: any answer but ``"200"`` with HTTP 200 is not a result (``block_reason``): one asking
     for a 验证码 is a captcha (the run stops, nothing solved), one saying 频繁 a throttle, any other a JSON error
     (retried, then dropped: the run ends ``blocked``).
"""

from __future__ import annotations

import json
import math
import time
from datetime import date, timedelta
from urllib.parse import urlencode

import scrapy

from crawlers.base_spiders.json_api import ApiPage, ApiRow, JsonApiSpider
from parsers.gpcms_detail import plain_title

# a current desktop browser, for the portals whose firewall refuses User-Agents that declare a crawler
BROWSER_UA = ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
              "Chrome/142.0.0.0 Safari/537.36")
TENDER, AWARD, INTENT = "00101", "00102", "59"
ERROR_MAX_BYTES = 20_000


class GpcmsSpider(JsonApiSpider):
    site_id: str = ""
    channels: tuple[str, ...] = ()
    notice_types: tuple[str, ...] = (TENDER, AWARD)
    cookies: dict[str, str] = {}
    list_path = "/gpcms/rest/web/v2/info/selectInfoMoreChannel"
    detail_path = "/gpcms/rest/web/v2/info/getInfoById"
    page_size = 20
    window_days = 7
    result_cap = 5000  # assumption: how deep the list pages is not evidenced; a window over it is split

    def initial_slices(self) -> list[dict]:
        return [{"noticeType": t} for t in self.notice_types]

    def _headers(self) -> dict:
        return {"Accept": "application/json, text/plain, */*", "Referer": f"{self.base_url}/"}

    def api_request(self, day_from: date, day_to: date, page: int, slice_: dict) -> scrapy.Request:
        params = {"siteId": self.site_id, "channel": slice_.get("channel") or ",".join(self.channels),
                  "noticeType": slice_["noticeType"], "currPage": page, "pageSize": self.page_size,
                  "operationStartTime": f"{day_from} 00:00:00", "operationEndTime": f"{day_to} 23:59:59",
                  "selectTimeName": "noticeTime", "_t": int(time.time() * 1000)}
        return scrapy.Request(f"{self.base_url}{self.list_path}?{urlencode(params)}", headers=self._headers(),
                              cookies=dict(self.cookies), callback=self.parse_list, dont_filter=True,
                              cb_kwargs=self.page_kwargs(day_from, day_to, page, slice_))

    def detail_request(self, row: ApiRow) -> scrapy.Request:
        return scrapy.Request(row.url, headers=self._headers(), cookies=dict(self.cookies),
                              callback=self.parse_detail, cb_kwargs={"row": row})

    def parse_api(self, response) -> ApiPage | None:  # noqa: ANN001
        try:
            answer = json.loads(response.text)
        except ValueError:
            return None
        data = answer.get("data") if isinstance(answer, dict) and str(answer.get("code")) == "200" else None
        if not isinstance(data, dict) or not isinstance(data.get("rows"), list):
            return None
        rows = [ApiRow(str(r["id"]), f"{self.base_url}{self.detail_path}?{urlencode({'id': r['id']})}",
                       {"title": plain_title(r.get("title"))}
                       | {k: r.get(k) for k in ("noticeTime", "regionName", "purchaser", "channelName",
                                                "noticeTypeName", "openTenderCode")})
                for r in data["rows"] if isinstance(r, dict) and r.get("id")]
        return ApiPage(rows, int(data.get("total") or 0), self.page_size)

    @staticmethod
    def slice_key(day_from: date, day_to: date, slice_: dict) -> str:
        key = f"{day_from}..{day_to} noticeType={slice_['noticeType']}"
        return key + (f" channel={slice_['channel']}" if slice_.get("channel") else "")

    def parse_list(self, response, day_from: date, day_to: date, page: int, slice_: dict):  # noqa: ANN001
        result = self.parse_api(response)
        if result is None:
            self.crawler.stats.inc_value("tenderwatch/unreadable_list_pages")
            self.logger.error("list answer %s is not a result list: %r", response.url, response.text[:200])
            return
        key = self.slice_key(day_from, day_to, slice_)
        if page == 1:
            if result.total > self.result_cap:
                if day_from < day_to:  # the window into days
                    self.crawler.stats.inc_value("tenderwatch/split_window")
                    for d in range((day_to - day_from).days + 1):
                        day = day_from + timedelta(days=d)
                        yield self.api_request(day, day, 1, slice_)
                    return
                if len(self.channels) > 1 and not slice_.get("channel"):  # the day into single channels
                    self.crawler.stats.inc_value("tenderwatch/split_slices")
                    for channel in self.channels:
                        yield self.api_request(day_from, day_to, 1, slice_ | {"channel": channel})
                    return
                self.saturated(key, result.total)
            self.expect(key, min(result.total, self.result_cap))
            for p in range(2, math.ceil(min(result.total, self.result_cap) / self.page_size) + 1):
                yield self.api_request(day_from, day_to, p, slice_)
        self.crawler.stats.inc_value("tenderwatch/listed", len(result.rows))
        for row in result.rows:
            self.saw(key, row.source_id)
            if not self.is_known(row.source_id):
                yield self.detail_request(row)

    def block_reason(self, response) -> str | None:  # noqa: ANN001
        body = response.body or b""
        if response.status == 200 and len(body) <= ERROR_MAX_BYTES and body.lstrip().startswith(b"{"):
            try:
                answer = json.loads(body.decode("utf-8", "replace"))
            except ValueError:
                return None
            if not isinstance(answer, dict) or "code" not in answer or str(answer["code"]) == "200":
                return None  # a result (never read for captcha words: a notice may mention 安全验证)
            msg = str(answer.get("msg") or answer.get("message") or "")
            if "验证码" in msg:
                return "captcha"
            return "throttle" if "频繁" in msg else "json-error"
        return super().block_reason(response)
