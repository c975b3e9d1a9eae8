"""Local mirror of a gpcms-family provincial portal (广东 gdgpo, 四川 ccgp-sichuan): JSON list + JSON detail.

It accepts only the request shape of SOURCES.md §7.4 and misbehaves at least as the real portals are known to:

- list ``GET /gpcms/rest/web/v2/info/selectInfoMoreChannel`` with the query parameters ``siteId`` (this
  province's), ``channel`` (comma-separated ids), ``noticeType``, ``currPage``, ``pageSize``,
  ``operationStartTime``/``operationEndTime`` (``YYYY-MM-DD HH:MM:SS``), ``selectTimeName=noticeTime`` (``_t``
  is ignored) → ``{"code":"200","msg":"操作成功","data":{"total":N,"rows":[…]}}`` (``code`` a string; titles may
  carry ``<font>`` highlights). A POST, a JSON body, a missing or wrong ``siteId`` or any missing parameter gets
  HTTP 200 ``{"code":"500","msg":"系统异常"}`` (as §7.1 saw on gpcms; that this is what these requests get is an
  assumption). ``regionCode=440001`` narrows the list to the province-level buyers, ``!440001`` to the rest
  (§7.4); without it the whole province is listed.
- detail ``GET /gpcms/rest/web/v2/info/getInfoById?id=`` → ``data`` with the row's fields, ``content`` (HTML) and
  ``attchList[]`` (``fileUrl``, ``fileName``); ``bidCompany``/``successfulMoney`` empty (winners only in the
  content's table, §7.4).
- 广东: the firewall answers HTTP 403 to a User-Agent that declares a crawler (Scrapy's default, anything with
  bot/spider/crawl/Scrapy/tenderwatch/python/curl/wget) or none, robots.txt included. Clients send the cookie
  ``regionCode=440001`` (§7.4); the page's JavaScript sets it (assumption), so the mirror sets none and ignores it.
- 四川: the list wants a one-time ``verifyCode`` from ``index/getVerify`` (an image captcha, §7.4); without a
  valid one the list answers HTTP 200 ``{"code":"1001","msg":"验证码错误，请重新输入","data":null}`` (the shape is an
  assumption: no such answer was captured).

Modes (mirrors/http.py): ``real`` — a JSON error with HTTP 200 or an empty 200 on some first attempts (keyed without
``_t``, so a retry of the same query is served); ``blocked`` — every request 403 (or ``blocked=`` another kind);
``clean`` — no faults.
"""

from __future__ import annotations

import json
import re
import secrets
import threading
from collections import Counter
from urllib.parse import parse_qsl, urlencode, urlsplit

from mirrors.gpcms.data import PROVINCES, build_notices
from mirrors.http import Faults, Reply, Request, SiteServer, faults_for

LIST_PATH = "/gpcms/rest/web/v2/info/selectInfoMoreChannel"
DETAIL_PATH = "/gpcms/rest/web/v2/info/getInfoById"
VERIFY_PATH = "/gpcms/rest/web/v2/index/getVerify"
LIST_PARAMS = ("siteId", "channel", "noticeType", "currPage", "pageSize", "operationStartTime", "operationEndTime",
               "selectTimeName")
ROW_KEYS = ("id", "title", "noticeTime", "regionCode", "regionName", "purchaser", "openTenderCode", "site", "channel",
            "channelName", "noticeType", "noticeTypeName", "budget", "description")
CRAWLER_UA = re.compile(r"bot|spider|crawl|scrapy|tenderwatch|python|curl|wget|httpclient|java/|go-http", re.I)
TIME = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$")
SYSTEM_ERROR = {"code": "500", "msg": "系统异常"}
VERIFY_ERROR = {"code": "1001", "msg": "验证码错误，请重新输入", "data": None}
FIREWALL = ("<html><head><meta charset='utf-8'><title>403 Forbidden</title></head><body><h1>403 Forbidden</h1>"
            "<p>您的访问请求被拒绝，请使用浏览器访问。</p></body></html>")
# a small (invented) 1×1 PNG: the captcha image; the code itself is never readable from it
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d4944415478da63f8cf"
                    "c0f01f0005000201a1a7d2c00000000049454e44ae426082")


class GpcmsFaults(Faults):
    """``Faults`` keyed without the ``_t`` timestamp, so that a retry of one query counts as its second attempt."""

    def apply(self, key: str) -> Reply | None:
        method, _, target = key.partition(" ")
        parts = urlsplit(target)
        query = urlencode([(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "_t"])
        return super().apply(f"{method} {parts.path}?{query}")


def real_faults() -> GpcmsFaults:
    return GpcmsFaults(kinds={"jsonerror": 5, "empty": 7})


class GpcmsSite:
    def __init__(self, province: str):
        self.province = PROVINCES[province]
        self.notices = build_notices(province)
        self.by_id = {n["id"]: n for n in self.notices}
        self.verify_codes: set[str] = set()  # 四川: codes issued by getVerify, each good for one list answer
        self.seen: Counter = Counter()  # (path, User-Agent, Cookie) of the requests answered, for tests
        self._lock = threading.Lock()

    # -- what the mirror publishes -----------------------------------------------------------------------
    def in_window(self, since: str, until: str) -> list[dict]:
        """The notices published on days ``since``..``until`` (YYYY-MM-DD, inclusive)."""
        return [n for n in self.notices if since <= n["noticeTime"][:10] <= until]

    def row(self, n: dict, highlight: bool = False) -> dict:
        r = {k: n.get(k) for k in ROW_KEYS} | {"purchaser": n["buyer"], "openTenderCode": n["code"],
                                               "description": n["need"]}
        if highlight:  # the portal highlights words of the title (§7.4: titles may carry <font>)
            r["title"] = n["title"].replace(n["buyer"], f"<font color=\"red\">{n['buyer']}</font>", 1)
        return r

    # -- HTTP --------------------------------------------------------------------------------------------
    def handle(self, req: Request) -> Reply:
        ua = req.headers.get("User-Agent", "")
        with self._lock:
            self.seen[(req.path, ua, req.headers.get("Cookie", ""))] += 1
        if self.province.key == "guangdong":
            if not ua or CRAWLER_UA.search(ua):
                return Reply(403, FIREWALL)
        return self._route(req)

    def _route(self, req: Request) -> Reply:
        if req.path == "/robots.txt":
            return Reply(200, "User-agent: *\nDisallow: /gpcms/rest/web/v2/admin/\n", "text/plain")
        if req.path == LIST_PATH:
            return self._list(req)
        if req.path == DETAIL_PATH:
            return self._detail(req)
        if req.path == VERIFY_PATH and self.province.key == "sichuan":
            code = secrets.token_hex(2)
            with self._lock:
                self.verify_codes.add(code)
            return Reply(200, PNG, "image/png")
        return Reply(404, "<html><body>404 Not Found</body></html>")

    def _list(self, req: Request) -> Reply:
        q = req.query
        if req.method != "GET" or req.body or any(not q.get(k) for k in LIST_PARAMS) \
                or q["siteId"] != self.province.site_id or q["selectTimeName"] != "noticeTime" \
                or not TIME.match(q["operationStartTime"]) or not TIME.match(q["operationEndTime"]):
            return _json(SYSTEM_ERROR)
        try:
            page, size = int(q["currPage"]), int(q["pageSize"])
        except ValueError:
            return _json(SYSTEM_ERROR)
        if page < 1 or not 1 <= size <= 100:
            return _json(SYSTEM_ERROR)
        if self.province.key == "sichuan":
            with self._lock:
                if q.get("verifyCode") not in self.verify_codes:
                    return _json(VERIFY_ERROR)
                self.verify_codes.discard(q["verifyCode"])  # one-time
        channels = set(q["channel"].split(","))
        types = set(q["noticeType"].split(","))
        region = q.get("regionCode", "")
        rows = [n for n in self.notices if n["channel"] in channels and n["noticeType"] in types
                and q["operationStartTime"] <= n["noticeTime"] <= q["operationEndTime"]
                and (not region or (n["regionCode"] != region[1:] if region.startswith("!") else n["regionCode"] == region))]
        chunk = rows[(page - 1) * size: page * size]
        return _json({"code": "200", "msg": "操作成功", "data": {
            "total": len(rows), "rows": [self.row(n, highlight=i % 3 == 0) for i, n in enumerate(chunk)]}})

    def _detail(self, req: Request) -> Reply:
        n = self.by_id.get(req.query.get("id", "")) if req.method == "GET" else None
        if n is None:
            return _json(SYSTEM_ERROR)
        data = self.row(n) | {"content": n["content"], "bidCompany": "", "successfulMoney": "",
                              "attchList": [{"fileUrl": a["fileUrl"], "fileName": a["fileName"]}
                                            for a in n["attachments"]]}
        return _json({"code": "200", "msg": "操作成功", "data": data})


def _json(obj: dict, status: int = 200) -> Reply:
    return Reply(status, json.dumps(obj, ensure_ascii=False), "application/json;charset=UTF-8")


def serve(province: str, mode: str = "real", port: int = 0, blocked: str = "403",
          site: GpcmsSite | None = None) -> SiteServer:
    """The mirror of ``province`` (guangdong, sichuan) in ``mode`` (real, blocked, clean: mirrors/http.py MODES)."""
    return SiteServer(site or GpcmsSite(province), port=port, faults=faults_for(mode, real_faults(), blocked))


def main() -> None:
    from mirrors.http import arguments, serve_until_interrupted

    ap = arguments("The gpcms mirror (广东, 四川) on 127.0.0.1.", 8125)
    ap.add_argument("province", choices=["guangdong", "sichuan"])
    args = ap.parse_args()
    serve_until_interrupted(serve(args.province, mode=args.mode, port=args.port),
                            f"gpcms mirror of {args.province} ({args.mode})")


if __name__ == "__main__":
    main()
