"""Rules where the text is exact: the administrative level from the GB/T 2260 gazetteer, delivery-model keywords
(PPP, EPC, 政府购买服务) and category keywords. Every decision comes with the span or the explanation behind it.
What must be read rather than matched (relevance, most categories, services bought by the period) is left to the
text model (classify/textmodel.py); classify/classifier.py combines the two.
"""

from __future__ import annotations

import re

from common.labels import CATEGORIES, DELIVERY_MODELS, LEVELS  # noqa: F401  (re-exported)

RULES_VERSION = "rules-0.3.0"

# Level from the buyer's name. Order matters: the first rule that matches decides.
_CENTRAL = re.compile(r"^(?:中华人民共和国|中共中央|中央|国务院|全国|国家(?!级))|^(?:海关总署|审计署|国家[^省市县区]{1,10}(?:局|部|委|院|馆|中心))"
                      r"|^中国(?:医学科学院|科学院|社会科学院|工程院|人民解放军)|解放军|武警部队|军医大学|联勤保障")
_ZONE = re.compile(r"经济技术开发区|高新技术产业开发区|经济开发区|开发区|高新区|经开区|工业园区|保税区|新区管理委员会|新区|"
                   r"园区管理委员会|园区产业投资")
_NOT_ZONES = ("浦东新区", "滨海新区")  # administrative districts (区县级), not zones
_COMPANY = re.compile(r"公司|集团|有限|银行|分行|招标")
# Universities and hospitals under the Ministry of Education / the National Health Commission (中央 by the guideline:
# "directly affiliated units"). Not a gazetteer: a short list of well-known central units whose names carry a place.
_CENTRAL_UNITS = re.compile(
    r"^(?:北京大学|中国人民大学|清华大学|北京交通大学|北京科技大学|北京化工大学|北京邮电大学|中国农业大学|北京林业大学|"
    r"北京中医药大学|北京师范大学|北京外国语大学|北京语言大学|中国传媒大学|中央财经大学|对外经济贸易大学|中国政法大学|"
    r"华北电力大学|中国矿业大学|中国石油大学|中国地质大学|南开大学|天津大学|大连理工大学|东北大学|吉林大学|东北师范大学|"
    r"东北林业大学|复旦大学|同济大学|上海交通大学|华东理工大学|东华大学|华东师范大学|上海外国语大学|上海财经大学|"
    r"南京大学|东南大学|河海大学|江南大学|南京农业大学|中国药科大学|浙江大学|合肥工业大学|厦门大学|山东大学|"
    r"中国海洋大学|武汉大学|华中科技大学|武汉理工大学|华中师范大学|华中农业大学|中南财经政法大学|湖南大学|中南大学|"
    r"中山大学|华南理工大学|四川大学|西南交通大学|电子科技大学|西南财经大学|重庆大学|西南大学|西安交通大学|"
    r"西安电子科技大学|长安大学|陕西师范大学|西北农林科技大学|兰州大学|中国科学技术大学|北京医院|中日友好医院|"
    r"北京协和医院)(?![\u4e00-\u9fff]{2}学院)")

CATEGORY_KEYWORDS: dict[str, list[str]] = {
    "系统/场景": ["城市大脑", "一网通办", "一网统管", "市民云", "城市运行管理", "信号控制", "智慧城管", "雪亮工程",
              "政务服务平台", "指挥系统", "指挥中心", "网格化"],
    "数据": ["数据共享", "数据交换", "数据治理", "授权运营", "大数据平台", "时空大数据", "数据资源目录", "数据交易",
           "数据中台", "数据归集", "数据空间", "数据分析", "数据采集", "数据报表", "数据流通", "健康信息平台"],
    "基础设施": ["政务云", "电子政务外网", "政务外网", "物联网感知", "机房", "服务器", "算力", "弱电", "智能化工程",
             "综合布线", "计算机网络", "硬件", "云平台", "云资源", "云存储", "感知平台", "备网", "医卫云"],
    "安全": ["网络安全", "安全运营", "等级保护", "等保", "密码", "密评", "态势感知", "数据安全", "安全监测",
           "安全防护", "安全池"],
}
COMPREHENSIVE = ["新型智慧城市", "智慧城市建设", "数字政府建设", "智慧城市（", "智慧城市("]

_PPP = re.compile(r"政府和社会资本合作|特许经营|PPP|(?<![A-Za-z])(?:BOT|TOT|BOO|ROT)(?![A-Za-z])")
_EPC = re.compile(r"EPC|工程总承包|设计[-—、]?采购[-—、]?施工|设计施工总承包|设计－采购－施工|(?<!施工)总承包")
# what is bought is a part of such a project, not the project: 某PPP项目家具采购, 某EPC项目监理
_PART = re.compile(r"监理|咨询|(?<!EPC)(?<!总承包)设计(?!采购|施工|－采购|-采购)|勘察|测绘|家具|运维服务|造价|审计|检测|预算编制")
_BODY_SERVICE = re.compile(r"(?:本项目|该项目)(?:属于|为|系)政府购买服务")
_BODY_PPP = re.compile(r"政府和社会资本合作|特许经营")


def classify_level(buyer: str | None, region: str | None = None, title: str | None = None
                   ) -> tuple[str | None, float, str]:
    """(level, confidence, explanation) from the buyer's name, from the GB/T 2260 gazetteer:
    "buyer 长沙县大数据中心 → 长沙县 (430121) → 区县级". A company buyer (城投, 国网…分公司) or no buyer: the
    most specific division that the buyer name or the title names (a zone in the title wins); then the region."""
    from common.regions import resolve, resolve_district, resolve_short_county

    name = (buyer or "").strip()
    title = (title or "").strip()
    if not name and not region and not title:
        return None, 0.0, "no buyer, title or region"
    if name and _CENTRAL.search(name):
        return "中央", 0.9, f"buyer {name} is a central organ"
    unit = _CENTRAL_UNITS.search(name) or (None if name and not _COMPANY.search(name) else _CENTRAL_UNITS.search(
        _TITLE_TAGS.sub("", title)))
    if unit:
        return "中央", 0.85, f"{'buyer' if _CENTRAL_UNITS.search(name) else 'title'} names a central unit ({unit.group(0)})"
    zone = _zone(name)
    if zone:
        return "新区或开发区", 0.85, f"buyer {name} names a zone ({zone})"
    company = not name or bool(_COMPANY.search(name))
    r_buyer = resolve(name) if name else None
    if company and r_buyer is not None and r_buyer.level == "province" and name.startswith(r_buyer.province[:2]):
        r_buyer = None  # 江苏平陵医疗投资管理有限公司: a company's province prefix is its registration, not its owner
    choice, source = r_buyer, f"buyer {name}"
    if company or r_buyer is None:
        zone = _zone(title)
        if zone:
            return "新区或开发区", 0.7, f"title names a zone ({zone})"
        within = resolve(region) if region else None
        r_title = resolve(title)
        short = resolve_short_county(title, r_title or within or r_buyer)
        if short is not None and (r_title is None or _rank(short) > _rank(r_title)):
            r_title = short
        if r_title is not None and (r_buyer is None or _rank(r_title) > _rank(r_buyer)):
            choice, source = r_title, "title"
    if choice is None or choice.level == "province":
        masked = _MASKED_COUNTY.search(f"{name} {title}")
        if masked:  # 某区森林消防…, ###县中医医院: the place is masked, its level is not
            return "区县级", 0.6, f"names a masked county-level division ({masked.group(0)})"
    if choice is None and region:
        choice, source = resolve(region), f"region {region}"
    if choice is not None and choice.level == "city" and source != "region":
        # 深圳市公安局龙岗分局 → 龙岗区; a company's project in the title: 宜昌金猇置业 … 猇亭中心 → 猇亭区
        district = resolve_district(choice, name) or (resolve_district(choice, title) if company else None)
        if district is not None:
            choice = district
    if choice is None:
        what = f"buyer {name}" if name else "no buyer"
        return None, 0.0, f"{what}: no administrative division in the name, the title or the region"
    level = {"county": "区县级", "city": "地市级"}.get(choice.level, "省级")  # provinces and 北京市 110000 …
    conf = 0.9 if source.startswith("buyer") else 0.75 if source == "title" else 0.6
    return level, conf, f"{source} → {choice.name} ({choice.code}) → {level}"


_MASKED_COUNTY = re.compile(r"(?:某|[#*]{2,})(?:区|县)(?![域级])")
_TITLE_TAGS = re.compile(r"^(?:\[[^\]]{0,20}\]|【[^】]{0,20}】)+")


def _rank(region) -> int:
    return {"province": 0, "city": 1, "county": 2}[region.level]


def _zone(text: str) -> str | None:
    if not text:
        return None
    for m in _ZONE.finditer(text):
        if not any(text.startswith(z, max(0, m.end() - len(z))) for z in _NOT_ZONES):
            return m.group(0)
    return None


# Relevance: terms that name an information system, its infrastructure or its security outright …
_ICT = re.compile(
    r"信息化|信息系统|政务数据|政务信息|软件|等保|等级保护|密码应用|密评|商用密码|网络安全|数据安全|政务云|电子政务|综合布线|计算机网络|弱电|"
    r"智能化工程|视频监控|监控设备|监控系统|雪亮工程|管理系统|数字化改造|数字孪生|数字校园|数据治理|数据共享|大数据平台|"
    r"政务服务平台|城市大脑|一网通办|一网统管|指挥系统|物联网|感知平台|云平台|云资源|云存储|算力|"
    r"智慧(?:医疗|城管|社区|校园|交通|停车|门诊|手术|监管|路灯|森防|图书馆|教室|排水)|"
    r"(?:服务|管理|监管|信息|数据|治理|应用|交易|综合)平台")
# … unless what is bought is a part of works, ordinary goods, or the operator's own business
_NOT_ICT = re.compile(r"监理|勘察|施工图|可研|全过程工程咨询|造价|家具|洗涤|衣柜|智能柜|物业|土建|装修|配电|场地平整|净化|"
                      r"自有|员工|营业厅|支撑网|OSS|财务|研发|云网吧|某公司|某集团|门店")


def relevance_rule(title: str) -> tuple[bool, str] | None:
    """(relevant, span) when the title settles relevance: an ICT term (信息化, 等保, 政务云, 管理系统 …) and nothing
    that makes the purchase a part of works, ordinary goods or an operator's own business → True; such a word
    (监理, 家具, 物业, 营业厅 …) and no ICT term → False. Both or neither: None (the model reads it)."""
    ict, not_ict = _ICT.search(title), _NOT_ICT.search(title)
    if ict and not not_ict:
        return True, ict.group(0)
    if not_ict and not ict:
        return False, not_ict.group(0)
    return None


def delivery_rule(title: str, text: str = "") -> tuple[str, str, str] | None:
    """(label, field, span) when a keyword settles the delivery model: PPP, EPC, or a body that says 本项目属于
    政府购买服务. A title that buys a part of such a project (PPP项目家具采购, EPC工程总承包监理) settles nothing."""
    for label, pattern in (("PPP", _PPP), ("EPC", _EPC)):
        m = pattern.search(title)
        if m:
            part = _PART.search(title, m.end())
            if part:  # the operation of such a project is a service bought by the period; other parts are ordinary
                return ("政府购买服务" if part.group(0) == "运维服务" else "其他"), "title", part.group(0)
            return label, "title", m.group(0)
    m = _BODY_SERVICE.search(text or "")
    if m:
        return "政府购买服务", "text", m.group(0)
    m = _BODY_PPP.search(text or "")
    if m:
        return "PPP", "text", m.group(0)
    return None


def category_rules(title: str) -> dict[str, str]:
    """{category: span} for the categories a keyword in the title settles; 综合 alone for a whole programme."""
    comp = next((w for w in COMPREHENSIVE if w in title), None)
    if comp:
        return {"综合": comp}
    found = {}
    for cat, words in CATEGORY_KEYWORDS.items():
        w = next((w for w in words if w in title), None)
        if w:
            found[cat] = w
    return found
