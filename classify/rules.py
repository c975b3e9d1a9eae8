"""Rules where the text is exact: the administrative level from the GB/T 2260 gazetteer, and relevance, delivery
model and category from the domain lexicon (classify/lexicon/terms.tsv). Every decision comes with the span or the
explanation behind it. What must be read rather than matched (relevance where the lexicon is silent or torn, most
categories, services the lexicon does not name) is left to the text model (classify/textmodel.py);
classify/classifier.py combines the two.
"""

from __future__ import annotations

import re

from common.labels import CATEGORIES, DELIVERY_MODELS, LEVELS  # noqa: F401  (re-exported)

RULES_VERSION = "rules-0.5.0"

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

# Category, PPP and relevance terms are the domain lexicon's (classify/lexicon/terms.tsv), each with its source.
# A PPP project is PPP by one of its names (PPP, 特许经营, BOT …) or by two of its terms (社会资本方 + 回报机制,
# 使用者付费 + 合作期限 …: seed 001 三.3).
_PPP_NAMES = {"政府和社会资本合作", "PPP", "特许经营", "BOT", "TOT", "BOO", "ROT", "BOOT", "SPV"}
_EPC = re.compile(r"EPC|工程总承包|设计[-—、]?采购[-—、]?施工|设计施工总承包|设计－采购－施工|(?<!施工)总承包")
# what is bought is a part of such a project, not the project: 某PPP项目家具采购, 某EPC项目监理
_PART = re.compile(r"监理|咨询|(?<!EPC)(?<!总承包)设计(?!采购|施工|－采购|-采购)|勘察|测绘|家具|运维服务|造价|审计|检测|预算编制")
# a one-off purchase that names a service in passing: 物业管理用房装修, 运维服务平台建设
_ONE_OFF = re.compile(r"用房|装修|施工|建设项目|设备采购|平台建设|系统建设|改造")
_PERIOD = re.compile(r"\d{4}\s*[-—～~至到]\s*\d{4}|年度|\d+年服务|服务期|(?<![\d一二三四五六七八九十])[一二三两]年(?!级)")
_BODY_SERVICE = re.compile(r"(?:本项目|该项目)(?:属于|为|系)政府购买服务")


def ppp_terms(text: str) -> str | None:
    """The span that makes a text a PPP project: one of its names, or two of its terms joined with "+"."""
    from classify import lexicon

    found = list(dict.fromkeys(lexicon.find(text, "PPP")))
    name = next((t for t in found if t in _PPP_NAMES), None)
    if name:
        return name
    return "+".join(found[:2]) if len(found) >= 2 else None


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


# Relevance: the lexicon's terms (classify/lexicon/terms.tsv): a category or ict term names an information system,
# a not-ict term a part of works, ordinary goods or an enterprise's own business. A telecom operator's data centres,
# clouds and 等保 are its own business (GUIDELINES §1); only a notice that names a public customer or a public scene
# (the lexicon's public-customer terms: 政务云, 雪亮, 行业监控, 某局短信平台 …) is a back-to-back purchase for a public
# body.
_OPERATOR = re.compile(r"中国(?:电信|移动|联通|铁塔)|中移|公众信息产业|(?:电信|移动|联通|铁塔)[^，。、（(]{0,12}分公司|"
                       r"(?<!弱)电信(?:股份|信息产业|[A-Z]{2})|(?:[\u4e00-\u9fff]{2}(?:移动|联通))(?:征集|公司|\d{4}年)|"
                       r"\d{4}年[\u4e00-\u9fff]{2}(?:联通|移动|电信)")


def relevance_rule(title: str) -> tuple[bool, str] | None:
    """(relevant, span) when the title settles relevance: an ICT term of the lexicon (信息化, 等保, 政务云, 管理系统 …)
    and nothing that makes the purchase a part of works, ordinary goods or an enterprise's own business → True;
    such a term (监理, 家具, 物业, 营业厅 …) and no ICT term → False; both or neither: None (the model reads it). An
    operator's notice: True when it names a public customer (and is not works or goods), else False (its own
    business); the span is then the operator's name."""
    from classify import lexicon

    ict = next((t for c in (*lexicon.CATEGORY_LABELS, "ict") for t in lexicon.find(title, c)), None)
    not_ict = lexicon.first(title, "not-ict")
    operator = _OPERATOR.search(title)
    if operator:
        public = lexicon.first(title, "public-customer")
        if public and not (not_ict and not ict):
            return True, public
        return False, _operator_word(title, operator.group(0))
    if ict and not not_ict:
        return True, ict
    if not_ict and not ict:
        return False, not_ict
    return None


def _operator_word(title: str, match: str) -> str:
    """The whole word of the title that names the operator (中国电信, 铁塔智联 …), else the operator's match."""
    from classify.words import words

    core = re.search(r"电信|移动|联通|铁塔|中移|信息产业", match)
    return next((w for w in words(title) if core and core.group(0) in w), match)


def delivery_rule(title: str, text: str = "") -> tuple[str, str, str] | None:
    """(label, field, span) when a keyword settles the delivery model: PPP (by name or by two of its terms), EPC,
    a service bought by the period (物业服务, 运维服务, 购买服务 …), or a body that says 本项目属于政府购买服务 or
    describes a PPP project. A title that buys a part of such a project (PPP项目家具采购, EPC工程总承包监理) settles nothing."""
    from classify import lexicon

    title = lexicon.fold(title)
    epc = _EPC.search(title)
    for label, span in (("PPP", ppp_terms(title)), ("EPC", epc.group(0) if epc else None)):
        if span:
            at = title.find(span.split("+")[-1]) + len(span.split("+")[-1])
            part = _PART.search(title, at)
            if part:  # the operation of such a project is a service bought by the period; other parts are ordinary
                return ("政府购买服务" if part.group(0) == "运维服务" else "其他"), "title", part.group(0)
            return label, "title", span
    service = lexicon.first(title, "政府购买服务")
    if service and not _ONE_OFF.search(title):
        return "政府购买服务", "title", service
    m = _BODY_SERVICE.search(text or "")
    if m:
        return "政府购买服务", "text", m.group(0)
    span = ppp_terms((text or "")[:20_000])
    if span:
        return "PPP", "text", span
    once = lexicon.first(title, "one-off")
    if once and not _PERIOD.search(title):  # a build or a single 测评 is bought once (GUIDELINES §4)
        return "其他", "title", once
    return None


def category_rules(title: str) -> dict[str, str]:
    """{category: span} for the categories a lexicon term in the title settles; 综合 alone for a whole programme."""
    from classify import lexicon

    comp = lexicon.first(title, "综合")
    if comp:
        return {"综合": comp}
    found = {}
    for cat in lexicon.CATEGORY_LABELS:
        w = lexicon.first(title, cat)
        if w:
            found[cat] = w
    return found
