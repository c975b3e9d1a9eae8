"""Local mirror of a gpcms-family provincial portal (广东 gdgpo, 四川 ccgp-sichuan): JSON list + JSON detail.

The family's list endpoint is ``POST /gpcms/rest/web/v2/info/selectInfoMoreChannel`` (DESIGN.md); its request
and response fields are not documented in stored material, so this mirror fixes one reading and the spider
base follows it: request JSON ``{"channel": id, "currPage": n, "pageSize": 20, "operationStartTime":
"YYYY-MM-DD 00:00:00", "operationEndTime": "YYYY-MM-DD 23:59:59"}``; response ``{"success": true, "data":
{"total": N, "rows": [{"id", "title", "noticeTime", "regionName", "channelName"}]}}``; detail
``GET /gpcms/rest/web/v2/info/getInfoById?id=…`` → ``{"success": true, "data": {"title", "noticeTime",
"content": "<html body>"}}``.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

from jinja2 import Environment, select_autoescape

from mirrors.http import Reply, Request, SiteServer

_env = Environment(autoescape=select_autoescape(default=True))
BODY = _env.from_string("""<div class="noticeArea"><p>项目编号：{{ n.code }}</p><p>项目名称：{{ n.project }}</p>
<p>采购人名称：{{ n.buyer }}</p><p>采购代理机构名称：{{ n.agency }}</p><p>采购方式：{{ n.method }}</p>
{% if n.budget %}<p>预算金额：{{ n.budget }}万元</p>{% endif %}{% if n.award %}<p>中标金额：{{ n.award }}元</p>{% endif %}
<p>发布时间：{{ n.noticeTime }}</p></div>""")

PROVINCES = {
    "guangdong": ("广东", ["广州市", "深圳市", "佛山市", "东莞市"]),
    "sichuan": ("四川", ["成都市", "绵阳市", "宜宾市", "南充市"]),
}
CHANNELS = {"tender": "fca71be5-fc0c-45db-96af-f513e9abda9d", "award": "3b49b9ba-48b6-4220-9e8b-eb89f41e9d66"}


def build_notices(province: str, count: int = 45) -> list[dict]:
    rng = random.Random(province)
    name, cities = PROVINCES[province]
    start = datetime(2026, 11, 1, 9)
    out = []
    for i in range(count):
        kind = "tender" if i % 3 else "award"
        city = cities[i % len(cities)]
        day = start + timedelta(days=rng.randrange(0, 28), minutes=rng.randrange(0, 480))
        project = f"{city}智慧社区综合管理平台建设项目（{i}）" if i % 2 else f"{city}政务云资源租赁服务项目（{i}）"
        out.append({
            "id": f"{province[:2]}{day:%Y%m%d}{i:04d}", "title": f"{project}{'公开招标公告' if kind == 'tender' else '中标结果公告'}",
            "noticeTime": day.strftime("%Y-%m-%d %H:%M:%S"), "regionName": f"{name}省{city}",
            "channelName": "采购公告" if kind == "tender" else "中标（成交）结果公告", "channel": CHANNELS[kind],
            "code": f"{name[:1]}CG-2026-{i:04d}", "project": project, "buyer": f"{city}数据资源管理局",
            "agency": f"{name}省某招标代理有限公司", "method": "公开招标",
            "budget": f"{rng.randrange(50, 3000)}" if kind == "tender" else None,
            "award": f"{rng.randrange(500000, 20000000)}.00" if kind == "award" else None,
        })
    return out


class GpcmsSite:
    def __init__(self, province: str):
        self.notices = sorted(build_notices(province), key=lambda n: n["noticeTime"], reverse=True)
        self.by_id = {n["id"]: n for n in self.notices}

    def handle(self, req: Request) -> Reply:
        if req.path == "/gpcms/rest/web/v2/info/selectInfoMoreChannel" and req.method == "POST":
            try:
                q = json.loads(req.body or b"{}")
            except ValueError:
                return _json({"success": False, "msg": "bad request"}, 400)
            rows = [n for n in self.notices if n["channel"] == q.get("channel")
                    and q.get("operationStartTime", "") <= n["noticeTime"] <= q.get("operationEndTime", "9999")]
            page, size = int(q.get("currPage", 1)), int(q.get("pageSize", 20))
            chunk = rows[(page - 1) * size: page * size]
            return _json({"success": True, "data": {"total": len(rows), "rows": [
                {k: n[k] for k in ("id", "title", "noticeTime", "regionName", "channelName")} for n in chunk]}})
        if req.path == "/gpcms/rest/web/v2/info/getInfoById":
            n = self.by_id.get(req.query.get("id", ""))
            if n is None:
                return _json({"success": False, "msg": "not found"}, 404)
            return _json({"success": True, "data": {"title": n["title"], "noticeTime": n["noticeTime"],
                                                    "content": BODY.render(n=n)}})
        if req.path == "/robots.txt":
            return Reply(200, "User-agent: *\nAllow: /\n", "text/plain")
        return Reply(404, "not found", "text/plain")


def _json(obj: dict, status: int = 200) -> Reply:
    return Reply(status, json.dumps(obj, ensure_ascii=False), "application/json; charset=utf-8")


def serve(province: str, port: int = 0) -> SiteServer:
    return SiteServer(GpcmsSite(province), port=port)
