"""全国公共资源交易平台 ggzy.gov.cn: 政府采购 and 工程建设 through ``getTradList``, day → province → stage → city."""

from __future__ import annotations

import json
import math
from datetime import timedelta

import scrapy

from common.ggzy_areas import PROVINCE_CODES, city_codes
from crawlers.base_spiders import TenderSpider
from parsers.ggzy_shell import b_url, is_shell_url, parse_shell

API = "/information/pubTradingInfo/getTradList"
PAGE_SIZE = 20
# DEAL_CLASSIFY → its DEAL_STAGE codes (SOURCES.md §7.3; never the 不限 code xx00)
STAGES = {"02": ("0201", "0202", "0203", "0204"), "01": ("0101", "0102", "0104", "0105")}
LEVELS = ("DEAL_PROVINCE", "DEAL_STAGE", "DEAL_CITY")


class GgzySpider(TenderSpider):
    """全国公共资源交易平台 ggzy.gov.cn: 政府采购 and 工程建设 through ``getTradList``, day → province → stage → city.

    Domain
      全国公共资源交易平台: POST www.ggzy.gov.cn/information/pubTradingInfo/getTradList (the list), the record's
      project shell /information/deal/html/a/… and its content page, the same path under /html/b/.
    Region
      National: every province's public resource trading platform, 新疆生产建设兵团 (660000) included;
      政府采购 (DEAL_CLASSIFY 02) and 工程建设 (01, where most smart-city EPC and 信息化工程 is published), both by
      default (``-a classify=02`` or ``01`` for one).
    Caveats
      Evidenced (SOURCES.md §7.3, captures in realdata/sites/ggzy): the form the page's own script sends — POST
      form-encoded, the time fields always (DEAL_TIME=06 with TIMEBEGIN/TIMEEND and the _SHOW copies),
      SOURCE_TYPE=1, isShowAll=1, PAGENUMBER, the classify code, Referer …/deal/dealList.html, an empty
      ``X-Pass-Token``, and no "不限" value at all (no DEAL_PROVINCE/DEAL_CITY/DEAL_PLATFORM 0, no DEAL_CLASSIFY 00,
      no DEAL_STAGE xx00); the envelope (code 200, data.records/total/size/current/pages); ``total`` saturating at
      exactly 1000 with silent truncation (so a slice at 1000 or over, or answering 804 请细化查询条件, is narrowed:
      day → province → stage → city; a city slice still there is reported saturated and the run ends incomplete);
      800 too frequent (backed off and retried), 829 captcha (the run stops with status captcha), 801 bad
      parameters (logged as an error: the run fails); the record url is a shell without body or date, which is
      archived beside the notice as ``<id>.a`` (list_meta ``shell``; processing skips it) and gives the notice
      its 采购项目编号 (list_meta ``shell_project_code``) and the project's other notices; the notice is the /b/
      page, stored even with an empty ``#mycontent`` (a warning); an empty 200 (the CDN) is a blocked answer.
      Assumptions: DEAL_TIME=06 with explicit dates is honoured in 2026 (not established); DEAL_CITY takes GB/T
      2260 prefecture codes (the site's area.js is not captured, see common/ggzy_areas.py); 兵团 has no city
      level, so a 兵团 slice at the cap is reported saturated; what the server answers to a 不限 value is not
      recorded (the mirror answers 801); a 200 page without the page's ``h4.h4_o`` is no notice (retried, then
      dropped). The same notice appears with several ids (招标公告 and 招标文件 records) and also on ccgp;
      cross-source duplicates are linked when stored. Older than a year: /history/dealList.html (not crawled).
      The project's declared User-Agent is kept: no refusal of crawlers by ggzy is evidenced.

    How to use
      1. ``tenders crawl ggzy --since 2026-11-01 --until 2026-11-29`` (``-a classify=01`` for 工程建设 only).
      2. ``-a result_cap=1000`` is the API's cap (tests lower it against a mirror with a lowered cap).
      3. A copy of the site: ``scrapy crawl ggzy -a base_url=http://127.0.0.1:8124 -s
         TENDERWATCH_ALLOWED_HOSTS=127.0.0.1:8124`` (``python -m mirrors.ggzy.server`` serves one).
    """

    name = "ggzy"
    source = "ggzy"
    default_base_url = "https://www.ggzy.gov.cn"
    result_cap = 1000

    def __init__(self, result_cap: str | int | None = None, classify: str = "02,01", **kwargs):
        super().__init__(**kwargs)
        if result_cap is not None:
            self.result_cap = int(result_cap)
        self.classifies = tuple(c.strip() for c in str(classify).split(",") if c.strip())
        unknown = [c for c in self.classifies if c not in STAGES]
        if unknown or not self.classifies:
            raise ValueError(f"classify {classify!r}: one or more of {', '.join(STAGES)} (02 政府采购, 01 工程建设)")

    # -- the list ----------------------------------------------------------------------------------------
    async def start(self):
        if not self.may_seed():
            return
        day = self.since
        while day <= self.until:
            for classify in self.classifies:
                yield self.list_request({"day": day.isoformat(), "DEAL_CLASSIFY": classify}, 1)
            day += timedelta(days=1)

    @staticmethod
    def key(slice_: dict) -> str:
        return " ".join([slice_["day"], slice_["DEAL_CLASSIFY"]] + [slice_[k] for k in LEVELS if k in slice_])

    def list_request(self, slice_: dict, page: int) -> scrapy.FormRequest:
        day = slice_["day"]
        form = [("TIMEBEGIN_SHOW", day), ("TIMEEND_SHOW", day), ("TIMEBEGIN", day), ("TIMEEND", day),
                ("SOURCE_TYPE", "1"), ("DEAL_TIME", "06"), ("DEAL_CLASSIFY", slice_["DEAL_CLASSIFY"])]
        form += [(k, slice_[k]) for k in ("DEAL_STAGE", "DEAL_PROVINCE", "DEAL_CITY") if k in slice_]
        form += [("isShowAll", "1"), ("PAGENUMBER", str(page)), ("FINDTXT", "")]
        return scrapy.FormRequest(
            f"{self.base_url}{API}", formdata=form, callback=self.parse_list, dont_filter=True,
            headers={"Referer": f"{self.base_url}/deal/dealList.html", "X-Pass-Token": "",
                     "X-Requested-With": "XMLHttpRequest", "Accept": "application/json, text/javascript, */*; q=0.01",
                     "Origin": self.base_url},
            cb_kwargs={"slice_": slice_, "page": page}, meta={"handle_httpstatus_list": [404]})

    def narrower(self, slice_: dict) -> list[dict]:
        """The slices one level down (province, then stage, then city), or [] when none is left."""
        if "DEAL_PROVINCE" not in slice_:
            return [slice_ | {"DEAL_PROVINCE": p} for p in PROVINCE_CODES]
        if "DEAL_STAGE" not in slice_:
            return [slice_ | {"DEAL_STAGE": s} for s in STAGES[slice_["DEAL_CLASSIFY"]]]
        if "DEAL_CITY" not in slice_:
            return [slice_ | {"DEAL_CITY": c} for c in city_codes(slice_["DEAL_PROVINCE"])]
        return []

    def _narrow(self, slice_: dict, total: int, why: str):  # noqa: ANN202
        children = self.narrower(slice_)
        if not children:
            self.saturated(self.key(slice_), total)
            return None
        self.crawler.stats.inc_value("tenderwatch/split_slices")
        self.logger.info("%s: %s, narrowed to %d slices", self.key(slice_), why, len(children))
        return [self.list_request(c, 1) for c in children]

    def parse_list(self, response, slice_: dict, page: int):  # noqa: ANN001
        key = self.key(slice_)
        if response.status != 200:
            self.crawler.stats.inc_value("tenderwatch/api_errors")
            self.logger.error("%s page %d: HTTP %d from the list API (not the page's request shape?)", key, page,
                              response.status)
            return
        try:
            data = json.loads(response.text)
        except ValueError:
            self.crawler.stats.inc_value("tenderwatch/unreadable_list_pages")
            self.logger.error("%s page %d: the list API did not answer JSON", key, page)
            return
        code = data.get("code")
        if code == 804:  # 请细化查询条件: too broad
            yield from self._narrow(slice_, self.result_cap, "804 (请细化查询条件)") or ()
            return
        if code != 200 or not isinstance(data.get("data"), dict):
            self.crawler.stats.inc_value("tenderwatch/api_errors")
            self.logger.error("%s page %d: the list API answered code %s (%s)%s", key, page, code,
                              data.get("message"), ": bad parameters" if code == 801 else "")
            return
        body = data["data"]
        total = int(body.get("total") or 0)
        records = body.get("records") or []
        saturated = total >= self.result_cap
        if page == 1:
            if saturated:
                more = self._narrow(slice_, total, f"total {total} (the cap)")
                if more is not None:
                    yield from more
                    return
            else:
                self.expect(key, total)
            pages = math.ceil(min(total, self.result_cap) / (int(body.get("size") or 0) or PAGE_SIZE))
            for p in range(2, pages + 1):
                yield self.list_request(slice_, p)
        self.crawler.stats.inc_value("tenderwatch/listed", len(records))
        for r in records:
            if not r.get("id") or not r.get("url"):
                continue
            sid = str(r["id"])
            self.saw(key, sid)
            if self.is_known(sid):
                continue
            meta = {k: r.get(k) for k in ("title", "publishTime", "province", "provinceText", "cityText",
                                          "informationType", "informationTypeText", "businessTypeText",
                                          "transactionSourcesPlatformText")}
            url = response.urljoin(r["url"])
            if is_shell_url(url):
                yield scrapy.Request(url, callback=self.parse_shell, cb_kwargs={"sid": sid, "meta": meta},
                                     headers={"Referer": f"{self.base_url}/deal/dealList.html"})
            else:  # a record pointing at its content page directly
                yield scrapy.Request(url, callback=self.parse_detail, cb_kwargs={"sid": sid, "meta": meta})

    # -- the shell and the notice ------------------------------------------------------------------------
    def parse_shell(self, response, sid: str, meta: dict):  # noqa: ANN001
        shell = parse_shell(response.text)
        yield self.notice_item(response, f"{sid}.a", {"shell": True, "notice_id": sid} | shell.as_meta())
        notice_meta = meta | {"shell_id": f"{sid}.a", "shell_project_code": shell.project_code,
                              "shell_platform": shell.platform}
        yield scrapy.Request(b_url(response.url), callback=self.parse_detail,
                             cb_kwargs={"sid": sid, "meta": notice_meta}, headers={"Referer": response.url})

    def parse_detail(self, response, sid: str, meta: dict):  # noqa: ANN001
        yield self.notice_item(response, sid, meta)

    def block_reason(self, response) -> str | None:  # noqa: ANN001
        if response.status == 200 and response.body.lstrip()[:1] == b"{":
            try:
                code = json.loads(response.text).get("code")
            except (ValueError, AttributeError):
                return None
            return {800: "throttle", 829: "captcha"}.get(code)
        own = super().block_reason(response)
        if own:
            return own
        if response.status == 200 and response.body.strip() and "/html/" in response.url \
                and b'class="h4_o"' not in response.body:
            return "unrecognised"  # neither a shell nor a content page (a CDN or error page with HTTP 200)
        return None
