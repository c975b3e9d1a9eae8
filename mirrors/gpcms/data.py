"""The invented notices a gpcms mirror publishes: projects of several buyers, each with (sometimes) a 采购意向, a
采购公告 and (sometimes) a 结果公告, spread over October–December 2026.

Field names follow SOURCES.md §7.4 (rows ``id``, ``title``, ``noticeTime``, ``regionName``, ``purchaser``,
``openTenderCode``, ``channel``, ``channelName``, ``noticeType``, ``noticeTypeName``, ``budget``, ``description``;
detail ``content``, ``attchList[]`` with ``fileUrl``/``fileName``); no real gpcms answer was ever captured, so the
values are invented. An intent names one project (title ``{项目}采购意向公开``, the buyer, the budget, no 项目编号
yet), as the later call for tenders does with the same project name and buyer: that is what lets them be linked.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from jinja2 import Environment, select_autoescape

TENDER, AWARD, INTENT = "00101", "00102", "59"
TYPE_NAMES = {TENDER: "采购公告", AWARD: "结果公告", INTENT: "采购意向"}


@dataclass(frozen=True)
class Province:
    key: str
    name: str
    host: str
    site_id: str
    channels: tuple[tuple[str, str], ...]  # (channel id, channel name)
    buyers: tuple[tuple[str, str, str], ...]  # (buyer, regionCode, regionName)
    code_prefix: str


GUANGDONG = Province(
    "guangdong", "广东", "gdgpo.czt.gd.gov.cn", "cd64e06a-21a7-4620-aebc-0576bab7e07a",
    (("fca71be5-fc0c-45db-96af-f513e9abda9d", "采购公告"), ("95ff31f3-a1af-4bc4-b1a2-54c894476193", "采购结果"),
     ("3b49b9ba-48b6-4220-9e8b-eb89f41e9d66", "采购意向")),
    (("广东省政务服务和数据管理局", "440001", "广东省本级"), ("广东省教育厅", "440001", "广东省本级"),
     ("广州市番禺区卫生健康局", "440113", "广州市番禺区"), ("深圳市南山区教育局", "440305", "深圳市南山区"),
     ("佛山市顺德区人民医院", "440606", "佛山市顺德区"), ("东莞市公安局", "441900", "东莞市")),
    "GDZC")
SICHUAN = Province(
    "sichuan", "四川", "www.ccgp-sichuan.gov.cn", "94c965cc-c55d-4f92-8469-d5875c68bd04",
    (("c5bff13f-21ca-4dac-b158-cb40accd3035", "政府采购公告"),),
    (("四川省大数据中心", "510001", "四川省本级"), ("成都市武侯区教育局", "510107", "成都市武侯区"),
     ("绵阳市中心医院", "510703", "绵阳市涪城区"), ("宜宾市公安局", "511501", "宜宾市")),
    "SCZC")
PROVINCES = {p.key: p for p in (GUANGDONG, SICHUAN)}

SUBJECTS = ("政务云资源租赁服务", "智慧校园网络升级改造", "医院信息系统等级保护测评服务", "视频监控平台扩容建设",
            "数据中心机房空调更新", "办公终端国产化替换采购", "电子病历系统升级", "网络安全态势感知平台建设",
            "档案数字化加工服务", "多媒体教室设备采购", "公共数据资源目录梳理服务", "应急指挥调度系统建设")
SUPPLIERS = ("广州云启信息科技有限公司", "深圳市数安达网络技术有限公司", "成都天府数智科技有限公司",
             "四川锦程信息系统有限公司", "佛山市宏图电子工程有限公司", "东莞市联创智能科技有限公司")

_env = Environment(autoescape=select_autoescape(default=True))
INTENT_BODY = _env.from_string("""<div class="noticeArea"><p style="text-align:center"><strong>{{ n.project }}采购意向公开</strong></p>
<p>为便于供应商及时了解政府采购信息，根据《财政部关于开展政府采购意向公开工作的通知》（财库〔2020〕10号）等有关规定，现将{{ n.buyer }}采购意向公开如下：</p>
<table border="1"><tr><th>序号</th><th>采购项目名称</th><th>采购需求概况</th><th>预算金额（万元）</th><th>预计采购时间（填写到月）</th><th>备注</th></tr>
<tr><td>1</td><td>{{ n.project }}</td><td>{{ n.need }}</td><td>{{ n.budget_wan }}</td><td>{{ n.month }}</td><td></td></tr></table>
<p>本次公开的采购意向是本单位政府采购工作的初步安排，具体采购项目情况以相关采购公告和采购文件为准。</p>
<p style="text-align:right">{{ n.buyer }}</p><p style="text-align:right">{{ n.day }}</p></div>""")
TENDER_BODY = _env.from_string("""<div class="noticeArea"><p style="text-align:center"><strong>{{ n.project }}公开招标公告</strong></p>
<p><strong>项目概况</strong></p><p>{{ n.project }}的潜在投标人应在{{ p.name }}政府采购网获取招标文件，并于{{ n.deadline }}（北京时间）前递交投标文件。</p>
<p><strong>一、项目基本情况</strong></p>
<p>项目编号：{{ n.code }}</p><p>项目名称：{{ n.project }}</p><p>采购方式：公开招标</p>
<p>预算金额：{{ n.budget }}元</p><p>采购需求：{{ n.need }}</p><p>合同履行期限：{{ n.period }}天</p><p>本项目（否）接受联合体投标。</p>
<p><strong>二、申请人的资格要求：</strong></p><p>1.满足《中华人民共和国政府采购法》第二十二条规定；</p><p>2.落实政府采购政策需满足的资格要求：本项目专门面向中小企业采购。</p>
<p><strong>三、获取招标文件</strong></p><p>时间：{{ n.day }}至{{ n.docs_until }}，每天上午8:30至12:00，下午14:30至17:30（北京时间，法定节假日除外）</p>
<p>地点：{{ p.name }}政府采购网</p><p>方式：网上下载</p><p>售价：免费</p>
<p><strong>四、提交投标文件截止时间、开标时间和地点</strong></p><p>开标时间：{{ n.deadline }}</p><p>开标地点：{{ p.name }}政府采购网电子开标大厅</p>
<p><strong>八、凡对本次招标提出询问，请按以下方式联系。</strong></p>
<p>1.采购人信息</p><p>名 称：{{ n.buyer }}</p><p>联系方式：{{ n.phone }}</p>
<p>2.采购代理机构信息</p><p>名 称：{{ n.agency }}</p><p>联系方式：{{ n.agency_phone }}</p></div>""")
AWARD_BODY = _env.from_string("""<div class="noticeArea"><p style="text-align:center"><strong>{{ n.project }}结果公告</strong></p>
<p><strong>一、项目编号：</strong>{{ n.code }}</p><p><strong>二、项目名称：</strong>{{ n.project }}</p>
<p><strong>三、中标（成交）信息</strong></p>
<table border="1"><tr><th>序号</th><th>中标（成交）供应商名称</th><th>供应商地址</th><th>中标（成交）金额（元）</th></tr>
<tr><td>1</td><td>{{ n.supplier }}</td><td>{{ p.name }}省某市某区科技大道8号</td><td>{{ n.award }}</td></tr></table>
<p><strong>九、凡对本次公告内容提出询问，请按以下方式联系。</strong></p>
<p>1.采购人信息</p><p>名 称：{{ n.buyer }}</p><p>联系方式：{{ n.phone }}</p>
<p>2.采购代理机构信息</p><p>名 称：{{ n.agency }}</p></div>""")
BODIES = {INTENT: INTENT_BODY, TENDER: TENDER_BODY, AWARD: AWARD_BODY}


def build_notices(province: str, projects: int = 24) -> list[dict]:
    """Every notice the mirror publishes (also outside any crawl window), newest first."""
    p = PROVINCES[province]
    rng = random.Random(f"gpcms-{province}")
    out: list[dict] = []
    for i in range(projects):
        buyer, region_code, region_name = p.buyers[i % len(p.buyers)]
        subject = SUBJECTS[(i * 5 + i // len(p.buyers)) % len(SUBJECTS)]
        project = f"{buyer}{subject}项目"
        budget = rng.randrange(30, 900) * 10000
        start = datetime(2026, 10, 20, 9) + timedelta(days=rng.randrange(0, 45), minutes=rng.randrange(0, 540))
        base = {"project": project, "buyer": buyer, "regionCode": region_code, "regionName": region_name,
                "budget": f"{budget:.2f}", "budget_wan": f"{budget / 10000:g}", "need": f"{subject}，详见采购需求。",
                "agency": f"{p.name}诚信招标代理有限公司", "phone": f"020-{rng.randrange(10000000, 99999999)}",
                "agency_phone": f"020-{rng.randrange(10000000, 99999999)}"}
        steps = []
        if i % 3 != 2:
            steps.append((INTENT, start))
        tender_at = start + timedelta(days=rng.randrange(4, 12), minutes=rng.randrange(0, 300))
        steps.append((TENDER, tender_at))
        if i % 4 != 3:
            steps.append((AWARD, tender_at + timedelta(days=rng.randrange(12, 25), minutes=rng.randrange(0, 300))))
        code = f"{p.code_prefix}2026-{i + 1:04d}"
        for kind, at in steps:
            channel, channel_name = p.channels[{TENDER: 0, AWARD: 1, INTENT: 2}[kind] % len(p.channels)]
            n = dict(base, id=f"{rng.getrandbits(128):032x}", noticeType=kind, noticeTypeName=TYPE_NAMES[kind],
                     noticeTime=at.strftime("%Y-%m-%d %H:%M:%S"), day=f"{at:%Y年%m月%d日}", month=f"{at:%Y年%m月}",
                     channel=channel, channelName=channel_name, site=p.site_id,
                     code=code if kind != INTENT else "", period=rng.choice((90, 180, 365)),
                     deadline=(at + timedelta(days=21)).strftime("%Y-%m-%d 09:30"),
                     docs_until=f"{at + timedelta(days=7):%Y年%m月%d日}")
            n["title"] = project + {INTENT: "采购意向公开", TENDER: "公开招标公告", AWARD: "结果公告"}[kind]
            if kind == AWARD:
                n["supplier"] = SUPPLIERS[rng.randrange(len(SUPPLIERS))]
                n["award"] = f"{budget * rng.randrange(80, 99) / 100:.2f}"
            n["attachments"] = [] if kind == INTENT else [
                {"fileName": f"{project}{'招标文件' if kind == TENDER else '评审结果'}.pdf",
                 "fileUrl": f"/gpcms/rest/file/download?fileId={rng.getrandbits(64):016x}"}]
            n["content"] = BODIES[kind].render(n=n, p=p)
            out.append(n)
    return sorted(out, key=lambda n: n["noticeTime"], reverse=True)
