"""Local mirror of a 政采云 provincial portal (浙江 zfcg.czt.zj.gov.cn): a list built by JavaScript.

SOURCES.md §6: the list page is a JavaScript application that POSTs ``/portal/category`` (``pageNo``,
``pageSize``, ``categoryCode``, ``publishDateBegin``/``publishDateEnd`` ``YYYY-MM-DD``, ``_t``) and renders the rows;
the response is ``{"success": true, "result": {"data": {"total": N, "data": [{"articleId", "title", "publishDate"
(epoch ms), "districtName", "gpCatalogName", "procurementMethod", "pathName"}]}}}``; a notice is
``GET /portal/detail?articleId=…`` → JSON whose ``content`` is HTML in the 政采云 class scheme (§4.5).

``/site/category?categoryCode=…&pageNo=N&publishDateBegin=…&publishDateEnd=…`` serves the HTML shell: without
JavaScript it holds no notice at all (``ul#list`` is empty), so only a browser sees the rows.
"""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta

from jinja2 import Environment, select_autoescape

from mirrors.http import Reply, Request, SiteServer

PAGE_SIZE = 15
CATEGORY = "ZcyAnnouncement"
_env = Environment(autoescape=select_autoescape(default=True))

SHELL = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>浙江政府采购网 采购公告</title></head>
<body>
<div id="app"><ul id="list" class="list"></ul><div class="pager">共 <span class="total-pages">?</span> 页</div></div>
<script>
(function () {
  var q = new URLSearchParams(location.search);
  var body = {pageNo: Number(q.get('pageNo') || 1), pageSize: 15, categoryCode: q.get('categoryCode') || 'ZcyAnnouncement',
              publishDateBegin: q.get('publishDateBegin') || '', publishDateEnd: q.get('publishDateEnd') || '', _t: Date.now()};
  fetch('/portal/category', {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(body)})
    .then(function (r) { return r.json(); })
    .then(function (res) {
      var d = res.result.data, ul = document.getElementById('list');
      d.data.forEach(function (row) {
        var li = document.createElement('li'); li.className = 'list-item';
        var a = document.createElement('a'); a.href = '/site/detail?articleId=' + encodeURIComponent(row.articleId);
        a.textContent = row.title; a.setAttribute('title', row.title); li.appendChild(a);
        var s = document.createElement('span'); s.className = 'date';
        s.textContent = new Date(row.publishDate + 8 * 3600 * 1000).toISOString().slice(0, 10); li.appendChild(s);
        var r = document.createElement('span'); r.className = 'district'; r.textContent = row.districtName; li.appendChild(r);
        ul.appendChild(li);
      });
      if (!d.data.length) { var e = document.createElement('li'); e.className = 'empty'; e.textContent = '暂无数据'; ul.appendChild(e); }
      document.querySelector('.total-pages').textContent = String(Math.max(1, Math.ceil(d.total / 15)));
      document.getElementById('app').setAttribute('data-loaded', '1');
    });
})();
</script>
</body></html>"""

CONTENT = _env.from_string("""<div class="zcy-notice">
<p>项目编号：<span class="code-00004 bookmark-item">{{ n.code }}</span></p>
<p>项目名称：<span class="code-00003 bookmark-item">{{ n.project }}</span></p>
<p>采购方式：{{ n.method }}</p>
{% if n.budget %}<p>预算金额：<span class="code-AM01400034 bookmark-item">{{ n.budget }}</span>元</p>{% endif %}
{% if n.award %}<table><tr><td class="code-sectionNo">标项</td><td>中标供应商名称</td><td>中标金额</td></tr>
<tr><td class="code-sectionNo">1</td><td class="code-winningSupplierName">{{ n.supplier }}</td><td class="code-summaryPrice">{{ n.award }}元</td></tr></table>{% endif %}
<p>采购人名称：<span class="code-00014 bookmark-item">{{ n.buyer }}</span></p>
<p>采购代理机构名称：<span class="code-00009 bookmark-item">{{ n.agency }}</span></p>
</div>""")


def build_notices(count: int = 40) -> list[dict]:
    rng = random.Random("zhejiang")
    cities = ["杭州市", "宁波市", "温州市", "嘉兴市", "湖州市"]
    start = datetime(2026, 11, 2, 9)
    out = []
    for i in range(count):
        award = i % 4 == 0
        city = cities[i % len(cities)]
        day = start + timedelta(days=rng.randrange(0, 27), minutes=rng.randrange(0, 480))
        project = f"{city}城市大脑应用场景建设项目（{i}）" if i % 2 else f"{city}公共数据平台运维服务项目（{i}）"
        out.append({
            "articleId": f"zj{rng.getrandbits(48):x}", "title": project + ("中标（成交）结果公告" if award else "公开招标公告"),
            "publishDate": int((day - timedelta(hours=8)).replace(tzinfo=None).timestamp() * 1000),
            "published": day.strftime("%Y-%m-%d %H:%M"), "districtName": f"浙江省{city}",
            "gpCatalogName": "信息技术服务", "procurementMethod": "公开招标", "pathName": "中标公告" if award else "采购公告",
            "code": f"ZJ-2026-{i:04d}", "project": project, "method": "公开招标", "buyer": f"{city}大数据发展管理局",
            "agency": "浙江某招标代理有限公司", "budget": None if award else str(rng.randrange(50, 900) * 10000),
            "award": str(rng.randrange(40, 800) * 10000) if award else None, "supplier": "浙江某数字科技有限公司",
        })
    return sorted(out, key=lambda n: n["publishDate"], reverse=True)


class ZcySite:
    def __init__(self):
        self.notices = build_notices()
        self.by_id = {n["articleId"]: n for n in self.notices}
        self.api_calls = 0

    def handle(self, req: Request) -> Reply:
        if req.path == "/site/category":
            return Reply(200, SHELL)
        if req.path == "/portal/category" and req.method == "POST":
            self.api_calls += 1
            q = json.loads(req.body or b"{}")
            begin, end = q.get("publishDateBegin") or "0000", q.get("publishDateEnd") or "9999"
            rows = [n for n in self.notices if begin <= n["published"][:10] <= end]
            page = max(1, int(q.get("pageNo", 1)))
            chunk = rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
            data = [{k: n[k] for k in ("articleId", "title", "publishDate", "districtName", "gpCatalogName",
                                        "procurementMethod", "pathName")} for n in chunk]
            return _json({"success": True, "result": {"data": {"total": len(rows), "data": data}}})
        if req.path == "/portal/detail":
            n = self.by_id.get(req.query.get("articleId", ""))
            if n is None:
                return _json({"success": False, "error": "not found"}, 404)
            return _json({"success": True, "result": {"data": {
                "title": n["title"], "publishDate": n["publishDate"], "publishTime": n["published"],
                "districtName": n["districtName"], "content": CONTENT.render(n=n)}}})
        if req.path == "/robots.txt":
            return Reply(200, "User-agent: *\nAllow: /\n", "text/plain")
        return Reply(404, "<html><body>404</body></html>")


def _json(obj: dict, status: int = 200) -> Reply:
    return Reply(status, json.dumps(obj, ensure_ascii=False), "application/json; charset=utf-8")


def serve(port: int = 0) -> SiteServer:
    return SiteServer(ZcySite(), port=port)
