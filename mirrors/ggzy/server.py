"""Local mirror of 全国公共资源交易平台 ggzy.gov.cn on SOURCES.md §7.3 and the captures in realdata/sites/ggzy.

- ``POST /information/pubTradingInfo/getTradList`` (form-encoded, as the page's own script sends it) → the
  captured envelope ``{"code":200,"message":"success","data":{"records":[…],"total":N,"size":20,"current":k,
  "orders":[],…,"pages":P},"usetime":…,"timestamp":…}``, records with the captured 25 keys in their order and a
  relative ``url`` to the ``/html/a/`` shell. Only the real request shape is accepted:
  no ``DEAL_TIME`` → an HTML 404 page (one client, 2026-09); a "不限" value (DEAL_PROVINCE/DEAL_CITY/
  DEAL_PLATFORM/BID_PLATFORM/DEAL_TRADE ``0``, DEAL_STAGE ``xx00``) → code 801 with HTTP 200 *(assumption: the
  page never sends them; what the server says to them is not recorded)*; ``DEAL_CLASSIFY=00`` → no rows (one
  client); ``DEAL_TIME=06`` needs TIMEBEGIN/TIMEEND. ``total`` saturates at ``cap`` (1000: "1000 or more") and
  only the first ``cap`` rows are reachable, silently; a query without a province over ``broad`` rows answers
  code 804 (请细化查询条件); ``code_on_call`` answers 800 (too frequent) or 829 (captcha) on the n-th query.
- ``GET /information/deal/html/a/{prov}/{stage}/{yyyymmdd}/{id}.html``: the project shell (no body, no date);
  ``…/html/b/…`` the content page (``table.detail_Table``, ``div.detail_content`` or an empty ``#mycontent``);
  ``/information/html/b/{prov}/{stage}/{YYYYMM}/{DD}/{id}.shtml``: the second form of the same page.

Modes (mirrors/http.py): ``real`` — empty 200s on the first attempt of some pages and queries (the CDN) and code
800 on the first attempt of some queries; ``blocked`` — every answer an empty 200 (or ``blocked="403"``);
``clean`` — no faults.
"""

from __future__ import annotations

import json
import math
import threading
import time
import zlib
from collections import Counter
from datetime import date, timedelta

from mirrors.ggzy.data import BUSY_DAY, build_notices  # noqa: F401 - BUSY_DAY: the tests' busy day
from mirrors.ggzy.pages import NOT_FOUND, detail_page, detail_path, old_detail_path, shell_page, shell_path
from mirrors.http import Faults, Reply, Request, SiteServer, arguments, faults_for, serve_until_interrupted

__all__ = ["BUSY_DAY", "GgzySite", "detail_path", "serve", "shell_path"]

API = "/information/pubTradingInfo/getTradList"
PAGE_SIZE = 20
TODAY = date(2026, 11, 29)  # the mirror's "today" for DEAL_TIME 01..05
RELATIVE = {"01": 0, "02": 2, "03": 9, "04": 29, "05": 89}
UNLIMITED = ("DEAL_PROVINCE", "DEAL_CITY", "DEAL_PLATFORM", "BID_PLATFORM", "DEAL_TRADE")
RECORD_KEYS = ("id", "addTime", "publishTime", "deadline", "dataSources", "dataSourcesText",
               "transactionSourcesPlatform", "transactionSourcesPlatformText", "businessType", "businessTypeText",
               "informationType", "informationTypeText", "industryType", "industryTypeText", "province",
               "provinceText", "city", "cityText", "title", "tenderProjectCode", "bodyContent", "url",
               "syncTableName", "dataTimestamp", "pinformationType")


def _json(obj: dict) -> Reply:
    return Reply(200, json.dumps(obj, ensure_ascii=False, separators=(",", ":")), "application/json;charset=UTF-8")


def _error(code: int, message: str, **extra) -> Reply:
    return _json({"code": code, "message": message, "data": None, **extra})


def record(n: dict) -> dict:
    values = {"id": n["id"], "publishTime": n["publishTime"], "transactionSourcesPlatformText": n["platform"],
              "businessTypeText": "政府采购" if n["classify"] == "02" else "工程建设",
              "informationType": n["stage"], "informationTypeText": _stage_text(n["stage"]),
              "industryTypeText": "", "province": n["province"], "provinceText": n["provinceText"],
              "city": None, "cityText": n.get("cityText"), "title": n["title"], "url": shell_path(n)}
    return {k: values.get(k) for k in RECORD_KEYS}


def _stage_text(stage: str) -> str:
    from mirrors.ggzy.data import STAGE_TEXT

    return STAGE_TEXT[stage]


class GgzySite:
    def __init__(self, cap: int = 1000, broad: int = 80, hot: bool = False, busy_size: int = 1,
                 real_faults: bool = False):
        self.cap = cap
        self.broad = broad
        self.real_faults = real_faults  # the site's own first-attempt faults on queries (mode real)
        self.notices = sorted(build_notices(hot=hot, busy_size=busy_size),
                              key=lambda n: (n["publishTime"], n["time"], n["id"]), reverse=True)
        self.by_id = {n["id"]: n for n in self.notices}
        self.projects: dict[str, list[dict]] = {}
        for n in self.notices:
            self.projects.setdefault(n["project_code"], []).append(n)
        self.queries: list[dict] = []  # every getTradList form, in arrival order
        self.headers: list[dict] = []  # … and its headers
        self.code_on_call: dict[int, int] = {}  # n-th query (1-based) → code to answer (800, 801, 829)
        self.answers: Counter = Counter()  # code (or "404", "empty") → how many times answered
        self._attempts: Counter = Counter()
        self._lock = threading.Lock()

    # -- the list API ----------------------------------------------------------------------------------
    def window(self, q: dict) -> tuple[str, str] | None:
        code = q.get("DEAL_TIME", "")
        if code == "06":
            try:
                begin, end = date.fromisoformat(q.get("TIMEBEGIN", "")), date.fromisoformat(q.get("TIMEEND", ""))
            except ValueError:
                return None
            return begin.isoformat(), end.isoformat()
        if code in RELATIVE:
            return (TODAY - timedelta(days=RELATIVE[code])).isoformat(), TODAY.isoformat()
        return None

    def search(self, q: dict, begin: str, end: str) -> list[dict]:
        if q.get("DEAL_CLASSIFY") == "00" or q.get("SOURCE_TYPE", "1") != "1":
            return []  # 00 returned no rows (one client); SOURCE_TYPE 2 is 央企招投标, none here
        kw = q.get("FINDTXT", "")
        rows = [n for n in self.notices if begin <= n["publishTime"] <= end
                and q.get("DEAL_CLASSIFY", n["classify"]) == n["classify"]
                and q.get("DEAL_STAGE", n["stage"]) == n["stage"]
                and q.get("DEAL_PROVINCE", n["province"]) == n["province"]
                and q.get("DEAL_CITY", n["city"]) == n["city"]]
        matched = [n for n in rows if kw in n["title"]]
        return matched if matched else rows  # an unmatched keyword returns the unfiltered list (§5)

    def _first_attempt_fault(self, q: dict) -> Reply | None:
        """Mode real: the first attempt of some queries is an empty 200 (CDN) or code 800 (too frequent)."""
        key = json.dumps(sorted(q.items()), ensure_ascii=False)
        with self._lock:
            self._attempts[key] += 1
            first = self._attempts[key] == 1
        if not (self.real_faults and first):
            return None
        h = zlib.crc32(key.encode("utf-8"))
        if h % 7 == 0:
            self.answers["800"] += 1
            return _error(800, "眼睛累了，稍适休息！")
        if h % 11 == 1:
            self.answers["empty"] += 1
            return Reply(200, b"", "application/json;charset=UTF-8")
        return None

    def trade_list(self, req: Request) -> Reply:
        q = dict(req.query) if "form-urlencoded" in (req.headers.get("Content-Type") or "") else {}
        with self._lock:
            self.queries.append(q)
            self.headers.append(dict(req.headers))
            call = len(self.queries)
        code = self.code_on_call.get(call)
        if code == 800:
            self.answers["800"] += 1
            return _error(800, "眼睛累了，稍适休息！")
        if code == 829:
            self.answers["829"] += 1
            return _error(829, "请输入验证码", captchaToken="c0ffee", captchaImage="iVBORw0KGgo=")
        if code == 801:
            self.answers["801"] += 1
            return _error(801, "参数错误")
        if not q.get("DEAL_TIME"):
            self.answers["404"] += 1
            return Reply(404, NOT_FOUND)
        fault = self._first_attempt_fault(q)
        if fault is not None:
            return fault
        bad = [k for k in UNLIMITED if q.get(k) == "0"]
        if q.get("DEAL_STAGE", "").endswith("00"):
            bad.append("DEAL_STAGE")
        win = self.window(q)
        if bad or win is None:
            self.answers["801"] += 1
            return _error(801, "参数错误：" + ",".join(bad or ["DEAL_TIME"]))
        rows = self.search(q, *win)
        if "DEAL_PROVINCE" not in q and len(rows) > self.broad:
            self.answers["804"] += 1
            return _error(804, "请细化查询条件")
        try:
            page = max(1, int(q.get("PAGENUMBER", "1")))
        except ValueError:
            page = 1
        total = min(len(rows), self.cap)  # saturates: "1000" means 1000 or more
        chunk = rows[:self.cap][(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        self.answers["200"] += 1
        return _json({"code": 200, "message": "success", "data": {
            "records": [record(n) for n in chunk], "total": total, "size": PAGE_SIZE, "current": page,
            "orders": [], "optimizeCountSql": True, "searchCount": True, "countId": None, "maxLimit": None,
            "pages": math.ceil(total / PAGE_SIZE)}, "usetime": 3, "timestamp": int(time.time() * 1000)})

    # -- pages -----------------------------------------------------------------------------------------
    def page(self, path: str) -> str | None:
        parts = path.rsplit("/", 1)
        if len(parts) != 2 or "." not in parts[1]:
            return None
        n = self.by_id.get(parts[1].split(".", 1)[0])
        if n is None:
            return None
        if path == shell_path(n):
            return shell_page(n, self.projects[n["project_code"]])
        if path in (detail_path(n), old_detail_path(n)):
            return detail_page(n)
        return None

    def handle(self, req: Request) -> Reply:
        if req.path == API:
            if req.method != "POST":
                return Reply(404, NOT_FOUND)
            return self.trade_list(req)
        if req.path == "/robots.txt":
            return Reply(200, "User-agent: *\nAllow: /\n", "text/plain")
        html = self.page(req.path)
        if html is not None:
            return Reply(200, html)
        return Reply(404, NOT_FOUND)


def real_faults() -> Faults:
    """The pages' misbehaviour in mode real: an empty 200 on the first attempt of about one page in five."""
    return Faults(kinds={"empty": 5})


def serve(site: GgzySite | None = None, port: int = 0, mode: str = "real", blocked: str = "empty") -> SiteServer:
    """A server for the mirror (not started): ``mode`` real, blocked (every answer ``blocked``: an empty 200 by
    default, or 403 …) or clean."""
    site = site or GgzySite()
    site.real_faults = mode == "real"
    return SiteServer(site, port=port, faults=faults_for(mode, real_faults(), blocked))


def main() -> None:
    args = arguments(__doc__.splitlines()[0], 8124).parse_args()
    serve_until_interrupted(serve(port=args.port, mode=args.mode), f"ggzy mirror ({args.mode})", API)


if __name__ == "__main__":
    main()
