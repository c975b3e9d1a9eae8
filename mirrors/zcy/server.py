"""Local mirror of the 浙江 政采云 portal (zfcg.czt.zj.gov.cn) on SOURCES.md §7.5; no 政采云 answer was ever captured,
so the JSON keeps to the keys known from the 2025-05 exchange (realdata/sites/README.md §zcy) and §6.

- ``/site/category?parentId=600007&childrenCode=<code>`` and ``/site/detail?parentId=600007&articleId=…``: a shell
  page whose script (mirrors/zcy/pages.py) signs and makes the JSON calls and renders what they return;
- ``POST /portal/category`` with JSON ``{pageNo, pageSize, categoryCode, isGov: true, excludeDistrictPrefix: […],
  publishDateBegin?, publishDateEnd?, _t}`` → ``{"success":true,"result":{"data":{"total":N,"data":[…],
  "empty":…}},"error":null}``, newest first;
- ``GET /portal/detail?articleId=<URL-encoded>&timestamp=<s>`` → ``{"success":true,"result":{"data":{title,
  publishDate, content, projectName, projectCode, districtName, announcementType, categoryNames, expiredAt}},
  "error":null}``; an articleId whose ``+`` arrived as a space is not found.

Refusals, all with HTTP 200 and ``{"success":false,"result":null,"error":"…"}`` (assumption: the real error shape
is unknown): a JSON call without valid X-Timestamp/X-Nonce/X-Sign/X-Sign-Version (sign.py), a replayed nonce, a
stale timestamp, a list call that is not a JSON POST of that shape, an unknown articleId. An unknown category code
(e.g. ``ZcyAnnouncement``, another province's) answers an empty list, as silently as a real portal would.

The WAF (Aliyun-like, §7.1): any request without a valid ``acw_sc__v2`` cookie gets a JavaScript challenge page
with HTTP 200 (``renderData``, ``aliyun_waf_aa``) whose script sets the cookie and reloads; robots.txt is exempt.

Modes (mirrors.http.MODES): ``real`` — the WAF, plus a challenge page or a ``系统繁忙`` error instead of the JSON
on the first attempt of some list pages and notices; ``blocked`` — every request gets the challenge and it never
passes; ``clean`` — no WAF and no faults (the signature is still required: it is the protocol, not a fault).
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import Counter
from http.cookies import SimpleCookie

from mirrors.http import Faults, Reply, Request, SiteServer, faults_for
from mirrors.zcy import pages
from mirrors.zcy.data import CATEGORIES, build_notices, detail_record, list_record
from mirrors.zcy.sign import SIGN_VERSION, sign, waf_cookie, waf_cookie_ok

MAX_PAGE_SIZE = 100  # assumption
SIGN_MAX_AGE_S = 300  # assumption
LIST_KEYS = {"pageNo", "pageSize", "categoryCode", "isGov", "excludeDistrictPrefix", "_t"}


def real_faults() -> Faults:
    """``real`` mode: on first attempts, keyed by list page (category + pageNo) or by notice (articleId)."""
    return Faults(kinds={"challenge": 7, "jsonerror": 9})


def _header(req: Request, name: str) -> str | None:
    return next((v for k, v in req.headers.items() if k.lower() == name.lower()), None)


def _json(obj: dict) -> Reply:
    return Reply(200, json.dumps(obj, ensure_ascii=False, separators=(",", ":")), "application/json;charset=UTF-8")


def _error(message: str) -> Reply:
    return _json({"success": False, "result": None, "error": message})


class ZcySite:
    def __init__(self, mode: str = "real", faults: Faults | None = None):
        self.mode = mode
        self.faults = faults_for(mode, faults or real_faults(), blocked="challenge")
        self.waf = mode != "clean"
        self.notices = build_notices()
        self.by_id = {n["articleId"]: n for n in self.notices}
        self.list_calls: list[tuple[str, int]] = []  # (categoryCode, pageNo) of list calls answered with rows
        self.detail_calls: list[str] = []  # articleIds answered
        self.refused: Counter = Counter()  # why a JSON call was refused
        self.challenges = 0
        self._nonces: set[str] = set()
        self._lock = threading.Lock()

    # -- WAF and faults ---------------------------------------------------------------------------------
    def _challenge(self) -> Reply:
        with self._lock:
            self.challenges += 1
        return Reply(200, pages.challenge_page(secrets.token_hex(20), secrets.token_hex(8)))

    def _fault(self, key: str) -> str | None:
        if self.faults is None:
            return None
        with self._lock:
            before = Counter(self.faults.served)
            hit = self.faults.apply(key)
            return None if hit is None else next(k for k in self.faults.served if self.faults.served[k] != before[k])

    def _fault_reply(self, kind: str) -> Reply:
        return self._challenge() if kind == "challenge" else _error("系统繁忙，请稍后再试")

    def _waf_passes(self, req: Request) -> bool:
        if not self.waf:
            return True
        jar = SimpleCookie()
        try:
            jar.load(_header(req, "Cookie") or "")
        except Exception:  # noqa: BLE001 - a malformed cookie header is just no cookie
            return False
        morsel = jar.get("acw_sc__v2")
        return waf_cookie_ok(morsel.value if morsel else None)

    def _signed(self, req: Request, body: str) -> str | None:
        """Why the call's signature is refused, or None."""
        ts, nonce, sig = _header(req, "X-Timestamp"), _header(req, "X-Nonce"), _header(req, "X-Sign")
        if not (ts and nonce and sig):
            return "非法请求：缺少签名"
        if _header(req, "X-Sign-Version") != SIGN_VERSION:
            return "非法请求：签名版本不支持"
        if not ts.isdigit() or abs(time.time() * 1000 - int(ts)) > SIGN_MAX_AGE_S * 1000:
            return "非法请求：签名已过期"
        if sig != sign(req.method, req.path, ts, nonce, body):
            return "非法请求：签名校验失败"
        with self._lock:
            if nonce in self._nonces:
                return "非法请求：重复的请求"
            self._nonces.add(nonce)
        return None

    def _refuse(self, why: str) -> Reply:
        with self._lock:
            self.refused[why] += 1
        return _error(why)

    # -- routes -------------------------------------------------------------------------------------------
    def handle(self, req: Request) -> Reply:
        if self.faults is not None and self.faults.always:
            self.faults.apply(f"{req.method} {req.path}")
            return self._challenge()
        if req.path == "/robots.txt":
            return Reply(200, "User-agent: *\nAllow: /\n", "text/plain")
        if not self._waf_passes(req):
            return self._challenge()
        if req.path in ("/site/category", "/site/detail") and req.method == "GET":
            return Reply(200, pages.SHELL)
        if req.path == pages.APP_JS_PATH:
            return Reply(200, pages.APP_JS, "application/javascript; charset=utf-8")
        if req.path == "/site/static/css/app.css":
            return Reply(200, pages.CSS, "text/css")
        if req.path == "/portal/category":
            return self._category(req)
        if req.path == "/portal/detail":
            return self._detail(req)
        return Reply(404, "<html><body><h1>404</h1><p>页面不存在</p></body></html>")

    def _category(self, req: Request) -> Reply:
        if req.method != "POST" or "application/json" not in (_header(req, "Content-Type") or ""):
            return self._refuse("请求方式不支持")
        body = req.body.decode("utf-8", "replace")
        why = self._signed(req, body)
        if why:
            return self._refuse(why)
        try:
            q = json.loads(body)
        except ValueError:
            return self._refuse("参数错误")
        if not isinstance(q, dict) or not LIST_KEYS <= set(q) or q.get("isGov") is not True \
                or not isinstance(q.get("excludeDistrictPrefix"), list) or not isinstance(q.get("pageNo"), int) \
                or not isinstance(q.get("pageSize"), int) or q["pageNo"] < 1 or q["pageSize"] < 1:
            return self._refuse("参数错误")
        code, page, size = str(q["categoryCode"]), q["pageNo"], min(q["pageSize"], MAX_PAGE_SIZE)
        kind = self._fault(f"list {code} {page}")
        if kind:
            return self._fault_reply(kind)
        begin, end = q.get("publishDateBegin") or "0000-00-00", q.get("publishDateEnd") or "9999-99-99"
        excluded = tuple(str(p) for p in q["excludeDistrictPrefix"])
        rows = [n for n in self.notices if n["category"] == code and begin <= n["published"][:10] <= end
                and not n["districtCode"].startswith(excluded)] if code in CATEGORIES else []
        chunk = rows[(page - 1) * size: page * size]
        with self._lock:
            self.list_calls.append((code, page))
        return _json({"success": True, "result": {"data": {"total": len(rows), "data": [list_record(n) for n in chunk],
                                                           "empty": not chunk}}, "error": None})

    def _detail(self, req: Request) -> Reply:
        if req.method != "GET":
            return self._refuse("请求方式不支持")
        why = self._signed(req, "")
        if why:
            return self._refuse(why)
        aid, ts = req.query.get("articleId"), req.query.get("timestamp")
        if not aid or not ts:
            return self._refuse("参数错误")
        kind = self._fault(f"detail {aid}")
        if kind:
            return self._fault_reply(kind)
        n = self.by_id.get(aid)
        if n is None:  # e.g. "5Gn8 PpvG…": a '+' sent unencoded arrives as a space
            return self._refuse("文章不存在或已下线")
        with self._lock:
            self.detail_calls.append(aid)
        return _json({"success": True, "result": {"data": detail_record(n)}, "error": None})


def serve(port: int = 0, mode: str = "real", faults: Faults | None = None) -> SiteServer:
    return SiteServer(ZcySite(mode, faults), port=port)


__all__ = ["ZcySite", "serve", "real_faults", "waf_cookie"]


def main() -> None:
    from mirrors.http import arguments, serve_until_interrupted

    args = arguments("The 政采云 mirror (浙江) on 127.0.0.1.", 8126).parse_args()
    serve_until_interrupted(serve(port=args.port, mode=args.mode), f"政采云 mirror ({args.mode})",
                            "/site/category?parentId=600007&childrenCode=110-684034")


if __name__ == "__main__":
    main()
