"""全国公共资源交易平台 ggzy.gov.cn, through the ``getTradList`` JSON API, one day (and province) at a time."""

from __future__ import annotations

import json
from datetime import date

import scrapy

from crawlers.base_spiders import JsonApiSpider
from crawlers.base_spiders.json_api import ApiPage, ApiRow

# GB/T 2260 codes of the provinces (DEAL_PROVINCE), the slices of a day over the cap
PROVINCE_CODES = ("110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000", "310000",
                  "320000", "330000", "340000", "350000", "360000", "370000", "410000", "420000", "430000",
                  "440000", "450000", "460000", "500000", "510000", "520000", "530000", "540000", "610000",
                  "620000", "630000", "640000", "650000")


class GgzySpider(JsonApiSpider):
    """全国公共资源交易平台 ggzy.gov.cn, through the ``getTradList`` JSON API, one day (and province) at a time.

    Domain
      全国公共资源交易平台: POST www.ggzy.gov.cn/information/pubTradingInfo/getTradList, content pages under
      /information/deal/html/b/.
    Region
      National: every province's public resource trading platform (政府采购 records only: DEAL_CLASSIFY 02).
    Caveats
      Crawler-reported only (SOURCES.md §5): a query returns at most 1000 results, so a day over the cap is
      re-queried province by province; code 800 means "too frequent" (back off and retry), 829 a captcha (the
      source stops with status ``captcha``), 804 "narrow the query". An unmatched keyword returns the unfiltered
      list, so no keyword is sent. The same notice appears with several ids (招标公告 and 招标文件 records) and
      also on ccgp; cross-source duplicates are linked when stored, not here. The response envelope
      (``data.total``, ``data.records``) is inferred.

    How to use
      1. ``tenders crawl ggzy --since 2026-11-01 --until 2026-11-29``.
      2. ``-a result_cap=1000`` is the API's cap (tests lower it against the mirror).
    """

    name = "ggzy"
    source = "ggzy"
    default_base_url = "https://www.ggzy.gov.cn"
    result_cap = 1000
    slices = tuple({"DEAL_PROVINCE": code} for code in PROVINCE_CODES)

    def api_request(self, day_from: date, day_to: date, page: int, slice_: dict) -> scrapy.Request:
        form = {
            "FINDTXT": "", "DEAL_TIME": "06", "TIMEBEGIN": day_from.isoformat(), "TIMEEND": day_to.isoformat(),
            "DEAL_CLASSIFY": "02", "DEAL_PROVINCE": slice_.get("DEAL_PROVINCE", "0"), "isShowAll": "1",
            "PAGENUMBER": str(page),
        }
        return scrapy.FormRequest(f"{self.base_url}/information/pubTradingInfo/getTradList", formdata=form,
                                  headers={"X-Requested-With": "XMLHttpRequest"}, callback=self.parse_list,
                                  cb_kwargs=self.page_kwargs(day_from, day_to, page, slice_), dont_filter=True)

    def parse_api(self, response) -> ApiPage:  # noqa: ANN001
        data = json.loads(response.text).get("data") or {}
        rows = [ApiRow(str(r["id"]), response.urljoin(r["url"]),
                       {k: r.get(k) for k in ("title", "publishTime", "provinceText", "cityText",
                                              "informationTypeText")})
                for r in data.get("records") or [] if r.get("id") and r.get("url")]
        return ApiPage(rows, int(data.get("total") or 0), 20)

    def block_reason(self, response) -> str | None:  # noqa: ANN001
        if b"application/json" in response.headers.get("Content-Type", b""):
            try:
                code = json.loads(response.text).get("code")
            except (ValueError, AttributeError):
                return None
            return {800: "throttle", 829: "captcha"}.get(code)
        return super().block_reason(response)
