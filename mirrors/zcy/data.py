"""Invented notices of the 浙江 政采云 mirror: projects that go 采购意向公开 → 招标公告 → 采购结果公告.

Keys follow what is known of the real JSON (realdata/sites/README.md §zcy, SOURCES.md §6/§7.5): list records
``articleId, title, publishDate (ms), author, districtCode, districtName, gpCatalogName, procurementMethod,
bidOpeningTime, pathName``; detail ``title, publishDate, content, projectName, projectCode, districtName,
announcementType, categoryNames, expiredAt``. articleIds are base64 (16 bytes), so they carry ``+``, ``/`` and ``=``.
"""

from __future__ import annotations

import base64
import random
from datetime import date, datetime, timedelta, timezone

from jinja2 import Environment, select_autoescape

BEIJING = timezone(timedelta(hours=8))
INTENT, TENDER, RESULT = "110-600268", "110-684034", "110-900461"
CATEGORIES = {INTENT: "采购意向公开", TENDER: "招标公告", RESULT: "采购结果公告"}
# announcementType: 10016 is the one seen with 110-600268 (2025-05 exchange); the other two are invented
ANNOUNCEMENT_TYPE = {INTENT: 10016, TENDER: 3001, RESULT: 3004}
PUBLISHED_UNTIL = date(2026, 12, 1)  # the mirror's "today": nothing later is published

_env = Environment(autoescape=select_autoescape(default=True))

CONTENT = _env.from_string("""<div class="zcy-notice">
<p>项目编号：<span class="code-00004 bookmark-item">{{ n.code }}</span></p>
<p>项目名称：<span class="code-00003 bookmark-item">{{ n.project }}</span></p>
<p>采购方式：{{ n.method }}</p>
{% if n.budget %}<p>预算金额：<span class="code-AM01400034 bookmark-item">{{ n.budget }}</span>元</p>{% endif %}
{% if n.deadline %}<p>三、获取招标文件</p>
<p>时间：<span class="code-23003 bookmark-item">{{ n.doc_from }}</span>至<span class="code-23004 bookmark-item">{{ n.doc_to }}</span>，每天上午00:00至12:00，下午12:00至23:59（北京时间，线上获取法定节假日均可）</p>
<p>地点（网址）：政府采购云平台（https://www.zcygov.cn）</p>
<p>售价（元）：0</p>
<p>四、提交投标文件截止时间、开标时间和地点</p>
<p>提交投标文件截止时间：<span class="code-23011 bookmark-item">{{ n.deadline }}</span></p>
<p>开标时间：{{ n.deadline }}</p>
<p>开标地点：政府采购云平台（https://www.zcygov.cn）</p>{% endif %}
{% if n.award %}<table><tr><td class="code-sectionNo">标项</td><td>中标供应商名称</td><td>中标金额</td></tr>
<tr><td class="code-sectionNo">1</td><td class="code-winningSupplierName">{{ n.supplier }}</td><td class="code-summaryPrice">{{ n.award }}元</td></tr></table>{% endif %}
<p>采购人名称：<span class="code-00014 bookmark-item">{{ n.buyer }}</span></p>
<p>采购代理机构名称：<span class="code-00009 bookmark-item">{{ n.agency }}</span></p>
</div>""")

INTENT_CONTENT = _env.from_string("""<div class="zcy-notice">
<p>为便于供应商及时了解政府采购信息，根据《财政部关于开展政府采购意向公开工作的通知》等有关规定，现将{{ n.buyer }}采购意向公开如下：</p>
<table><tr><td>序号</td><td>采购项目名称</td><td>采购需求概况</td><td>预算金额（万元）</td><td>预计采购时间</td></tr>
<tr><td>1</td><td>{{ n.project }}</td><td>{{ n.need }}</td><td>{{ n.budget_wan }}</td><td>{{ n.month }}</td></tr></table>
<p>采购单位：<span class="code-00014 bookmark-item">{{ n.buyer }}</span></p>
<p>本次公开的采购意向是本单位政府采购工作的初步安排，具体采购项目情况以相关采购公告和采购文件为准。</p>
</div>""")

CITIES = [("杭州市", "330100"), ("宁波市", "330200"), ("温州市", "330300"), ("嘉兴市", "330400"), ("湖州市", "330500"),
          ("绍兴市", "330600"), ("金华市", "330700"), ("衢州市", "330800"), ("舟山市", "330900"), ("台州市", "331000"),
          ("丽水市", "331100")]
THEMES = [("城市大脑应用场景建设", "大数据发展管理局", "信息技术服务"),
          ("公共数据平台运维服务", "数据资源管理局", "运行维护服务"),
          ("政务云资源租用服务", "机关事务管理局", "云计算服务"),
          ("智慧医疗信息系统升级", "卫生健康委员会", "软件开发服务"),
          ("中小学智慧校园网络设备采购", "教育局", "网络设备"),
          ("档案数字化加工服务", "档案馆", "数据处理服务")]  # 11 cities × 6 themes: 66 distinct projects


def _ms(at: datetime) -> int:
    return int(at.replace(tzinfo=BEIJING).timestamp() * 1000)


def build_notices(projects: int = 60, seed: str = "zhejiang-2026") -> list[dict]:
    """Every published notice, newest first. A project's intent comes 6–14 days before its tender, the result
    17–24 days after it; the dates spread from early October to 1 December 2026."""
    rng = random.Random(seed)
    out: list[dict] = []
    for i in range(projects):
        city, district = CITIES[i % len(CITIES)]
        theme, dept, catalog = THEMES[i % len(THEMES)]
        buyer = f"{city}{dept}"
        project = f"{city}{theme}项目"
        intent_at = datetime(2026, 10, 4, 9) + timedelta(days=rng.randrange(0, 52), minutes=rng.randrange(0, 540))
        tender_at = intent_at + timedelta(days=rng.randrange(6, 15), minutes=rng.randrange(-300, 300))
        result_at = tender_at + timedelta(days=rng.randrange(17, 25), minutes=rng.randrange(-300, 300))
        budget = rng.randrange(50, 900) * 10000
        base = {"project": project, "buyer": buyer, "districtName": f"浙江省{city}", "districtCode": district,
                "gpCatalogName": catalog, "procurementMethod": "公开招标", "method": "公开招标",
                "agency": "浙江某招标代理有限公司", "code": f"ZJ-2026-{i:04d}", "budget": str(budget)}
        for category, at in ((INTENT, intent_at), (TENDER, tender_at), (RESULT, result_at)):
            if at.date() > PUBLISHED_UNTIL:
                continue
            aid = base64.b64encode(rng.randbytes(16)).decode("ascii")
            n = dict(base, category=category, articleId=aid, published=at.strftime("%Y-%m-%d %H:%M"),
                     publishDate=_ms(at), author=buyer if category == INTENT else base["agency"])
            if category == INTENT:
                n |= {"title": f"{project}采购意向公开", "pathName": "采购意向公开", "code": None,
                      "need": f"{theme}，详见采购文件", "budget_wan": f"{budget / 10000:g}",
                      "month": f"{tender_at:%Y年%m月}", "bidOpeningTime": None}
            elif category == TENDER:
                opening = tender_at + timedelta(days=20)
                opening = opening.replace(hour=9, minute=30)
                n |= {"title": f"{project}公开招标公告", "pathName": "公开招标公告",
                      "deadline": opening.strftime("%Y年%m月%d日 %H:%M"), "bidOpeningTime": _ms(opening),
                      "doc_from": f"{tender_at:%Y年%m月%d日}", "doc_to": f"{tender_at + timedelta(days=5):%Y年%m月%d日}"}
            else:
                n |= {"title": f"{project}中标（成交）结果公告", "pathName": "中标(成交)结果公告", "budget": None,
                      "award": str(budget - rng.randrange(1, 9) * 10000), "supplier": f"浙江{city[:2]}数字科技有限公司",
                      "bidOpeningTime": None}
            n["expiredAt"] = (at + timedelta(days=10)).strftime("%Y-%m-%dT15:59:59.000+0000")
            out.append(n)
    return sorted(out, key=lambda n: n["publishDate"], reverse=True)


LIST_KEYS = ("articleId", "title", "publishDate", "author", "districtCode", "districtName", "gpCatalogName",
             "procurementMethod", "bidOpeningTime", "pathName")


def list_record(n: dict) -> dict:
    return {k: n.get(k) for k in LIST_KEYS}


def detail_record(n: dict) -> dict:
    content = (INTENT_CONTENT if n["category"] == INTENT else CONTENT).render(n=n)
    return {"title": n["title"], "publishDate": n["publishDate"], "content": content, "projectName": n["project"],
            "projectCode": n["code"], "districtName": n["districtName"],
            "announcementType": ANNOUNCEMENT_TYPE[n["category"]], "categoryNames": [CATEGORIES[n["category"]]],
            "expiredAt": n["expiredAt"]}


def in_window(notices: list[dict], since: date, until: date, categories=None) -> list[dict]:  # noqa: ANN001
    """The notices a crawl of ``since..until`` (publication days, Beijing time) must store."""
    cats = set(categories or CATEGORIES)
    first, last = since.isoformat(), until.isoformat()
    return [n for n in notices if n["category"] in cats and first <= n["published"][:10] <= last]
