"""Local mirror of 全国公共资源交易平台 ggzy.gov.cn: the ``getTradList`` JSON API and content pages.

What is known of the real site is crawler-reported only (SOURCES.md §5); the mirror follows it:
- ``POST /information/pubTradingInfo/getTradList`` (form: FINDTXT, DEAL_TIME, TIMEBEGIN, TIMEEND ``YYYY-MM-DD``,
  DEAL_PROVINCE ``0`` or a 6-digit code, DEAL_CLASSIFY, PAGENUMBER) → JSON ``{"code": 200, "data": {"total": N,
  "records": [{id, title, publishTime, provinceText, cityText, businessTypeText, informationTypeText, url}]}}``.
  The envelope (``code``/``data``/``total``/``records``) is this mirror's reading; only the record fields are
  reported. At most ``cap`` results of a query are reachable (pages beyond it come back empty) while
  ``total`` tells the real count; an unmatched keyword returns the unfiltered list, as reported.
- risk codes: ``800`` (too frequent) and ``829`` (captcha), served by ``Faults``-like switches below.
- content pages ``/information/deal/html/b/{province}/{yyyymmdd}/{id}.html``.

Notices: every ccgp-mirror notice of a few provinces appears here too (the same notice on two sources), plus
generated ones, including one busy day that exceeds the cap unless the query is sliced by province.
"""

from __future__ import annotations

import json
import math
import random
import threading
from datetime import datetime, timedelta
from decimal import Decimal

from jinja2 import Environment, select_autoescape

from mirrors.ccgp.server import load_notices as load_ccgp
from mirrors.http import Reply, Request, SiteServer

PAGE_SIZE = 20
PROVINCES = {"湖南": "430000", "湖北": "420000", "贵州": "520000", "四川": "510000", "浙江": "330000",
             "江西": "360000", "广东": "440000", "安徽": "340000"}
SHARED_PROVINCES = ("湖南", "贵州")  # ccgp notices of these provinces are also published here
BUSY_DAY = "2026-11-18"

_env = Environment(autoescape=select_autoescape(default=True))
DETAIL = _env.from_string("""<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>{{ n.title }}</title></head>
<body>
<div class="detail">
<h4 class="h4_o">{{ n.title }}</h4>
<p class="p_o">发布时间：{{ n.publishTime }}　来源平台：{{ n.provinceText }}公共资源交易平台</p>
<div class="detail_content" id="mycontent">
<p>项目名称：{{ n.project_name }}</p>
<p>项目编号：{{ n.project_code }}</p>
<p>采购人：{{ n.buyer }}</p>
<p>采购代理机构：{{ n.agency }}</p>
<p>采购方式：{{ n.method }}</p>
{% if n.budget %}<p>预算金额：{{ n.budget }}元</p>{% endif %}
{% if n.award %}<p>中标金额：{{ n.award }}元</p><p>中标供应商：{{ n.supplier }}</p>{% endif %}
<p>发布时间：{{ n.publishTime }}</p>
</div>
</div>
</body></html>""")


def build_notices() -> list[dict]:
    """The ggzy notices (deterministic): shared ccgp ones, then generated ones."""
    rng = random.Random(4200)
    out = []
    for n in load_ccgp():
        if n["province"] in SHARED_PROVINCES and n["kind"] in ("tender", "award"):
            out.append({
                "id": f"gz{n['id']}", "title": n["title"], "publishTime": n["published"][:10],
                "provinceText": n["province"], "cityText": n["region"][3:6], "businessTypeText": "政府采购",
                "informationTypeText": "采购/资审公告" if n["kind"] == "tender" else "交易结果公示",
                "project_name": n["project_name"], "project_code": n["project_code"], "buyer": n["buyer"],
                "agency": n["agency"], "method": n["method"],
                "budget": n["budget_cny"] if n["kind"] == "tender" else None,
                "award": n.get("award_cny"), "supplier": n.get("supplier"), "ccgp_id": str(n["id"]),
            })
    provinces = list(PROVINCES)
    start = datetime(2026, 11, 2)
    for i in range(140):
        busy = i < 80  # 80 notices on one day, spread over 4 provinces
        day = BUSY_DAY if busy else (start + timedelta(days=rng.randrange(0, 27))).strftime("%Y-%m-%d")
        prov = provinces[i % 4] if busy else rng.choice(provinces)
        kind = "采购/资审公告" if i % 3 else "交易结果公示"
        budget = Decimal(rng.randrange(50, 5000)) * 10000
        out.append({
            "id": f"gg{100000 + i}", "title": f"{prov}某县第{i}号政务信息化运维服务项目{'招标公告' if i % 3 else '中标结果公告'}",
            "publishTime": day, "provinceText": prov, "cityText": "", "businessTypeText": "政府采购",
            "informationTypeText": kind, "project_name": f"第{i}号政务信息化运维服务项目",
            "project_code": f"GGZY-{prov}-{i:04d}", "buyer": f"{prov}某县政务服务中心", "agency": "某招标代理有限公司",
            "method": "公开招标", "budget": str(budget) if i % 3 else None,
            "award": str(budget * Decimal("0.93")) if not i % 3 else None, "supplier": "某信息技术有限公司",
        })
    return out


def detail_path(n: dict) -> str:
    return f"/information/deal/html/b/{PROVINCES[n['provinceText']]}/{n['publishTime'].replace('-', '')}/{n['id']}.html"


class GgzySite:
    def __init__(self, cap: int = 1000):
        self.cap = cap
        self.notices = sorted(build_notices(), key=lambda n: (n["publishTime"], n["id"]), reverse=True)
        self.by_path = {detail_path(n): n for n in self.notices}
        self.queries: list[dict] = []
        self.code_on_call: dict[int, int] = {}  # n-th API call (1-based) → risk code to answer
        self._lock = threading.Lock()

    def search(self, q: dict) -> list[dict]:
        begin, end = q.get("TIMEBEGIN", ""), q.get("TIMEEND", "")
        prov = q.get("DEAL_PROVINCE", "0")
        rows = [n for n in self.notices if (not begin or n["publishTime"] >= begin) and (not end or n["publishTime"] <= end)
                and (prov in ("", "0") or PROVINCES[n["provinceText"]] == prov)]
        kw = q.get("FINDTXT", "")
        matched = [n for n in rows if kw in n["title"]]
        return matched if matched else rows  # an unmatched keyword returns the unfiltered list

    def handle(self, req: Request) -> Reply:
        if req.path == "/information/pubTradingInfo/getTradList" and req.method == "POST":
            with self._lock:
                self.queries.append(dict(req.query))
                call = len(self.queries)
            code = self.code_on_call.get(call)
            if code == 800:
                return _json({"code": 800, "message": "访问过于频繁，请稍后再试"})
            if code == 829:
                return _json({"code": 829, "message": "请输入验证码"})
            rows = self.search(req.query)
            try:
                page = max(1, int(req.query.get("PAGENUMBER", "1")))
            except ValueError:
                page = 1
            reachable = rows[: self.cap]
            chunk = reachable[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
            records = [{k: n[k] for k in ("id", "title", "publishTime", "provinceText", "cityText", "businessTypeText",
                                          "informationTypeText")} | {"url": f"{req.base}{detail_path(n)}"} for n in chunk]
            return _json({"code": 200, "data": {"total": len(rows), "pages": math.ceil(len(rows) / PAGE_SIZE),
                                                "records": records}})
        if req.path == "/robots.txt":
            return Reply(200, "User-agent: *\nAllow: /\n", "text/plain")
        n = self.by_path.get(req.path)
        if n is not None:
            return Reply(200, DETAIL.render(n=n))
        return Reply(404, "<html><body>404</body></html>")


def _json(obj: dict) -> Reply:
    return Reply(200, json.dumps(obj, ensure_ascii=False), "application/json; charset=utf-8")


def serve(site: GgzySite | None = None, port: int = 0) -> SiteServer:
    return SiteServer(site or GgzySite(), port=port)
