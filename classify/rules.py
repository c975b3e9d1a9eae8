"""First, honest rules: keyword tables where the text is exact. Every label comes with the span that decided it.

Inputs: title, text (the notice body), buyer name, region. Outputs use the Chinese labels of DESIGN.md:
level 中央/省级/地市级/区县级/新区或开发区, categories 系统/场景/数据/基础设施/安全/综合,
delivery model EPC/PPP/政府购买服务/other. Confidences are rule priors, not calibrated probabilities
(a learned model replaces them later).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

MODEL_VERSION = "rules-0.2.0"

LEVELS = ("中央", "省级", "地市级", "区县级", "新区或开发区")
CATEGORIES = ("系统/场景", "数据", "基础设施", "安全", "综合")
DELIVERY_MODELS = ("EPC", "PPP", "政府购买服务", "other")

# Level from the buyer's name. Order matters: the first rule that matches decides.
_CENTRAL = re.compile(r"^(?:中华人民共和国|中共中央|中央|国务院|全国|国家(?!级))|^(?:海关总署|审计署|国家[^省市县区]{1,10}(?:局|部|委|院|馆|中心))")
_ZONE = re.compile(r"(?:经济技术开发区|高新技术产业开发区|开发区|高新区|经开区|工业园区|保税区|新区管理委员会|新区)")

CATEGORY_KEYWORDS: dict[str, list[str]] = {
    "系统/场景": ["城市大脑", "一网通办", "一网统管", "市民云", "App", "APP", "城市运行管理", "智慧交通", "信号控制",
              "智慧城管", "智慧停车", "雪亮工程", "视频监控", "数字乡村", "政务服务平台", "应用系统", "业务系统",
              "管理系统", "指挥中心", "智慧社区", "智慧园区", "智慧应急"],
    "数据": ["数据共享", "数据交换", "数据治理", "数据平台", "授权运营", "大数据平台", "时空大数据", "数据资源目录",
           "数据交易", "数据中台", "数据归集"],
    "基础设施": ["政务云", "云服务", "云平台", "机房", "数据中心", "电子政务外网", "政务外网", "物联网感知", "物联网",
             "运维服务", "网络设备", "服务器", "存储设备", "算力", "5G"],
    "安全": ["网络安全", "安全运营", "等级保护", "等保", "密码应用", "密评", "安全监测", "安全服务", "态势感知",
           "安全防护"],
}
COMPREHENSIVE = ["新型智慧城市", "智慧城市建设", "数字政府建设"]

DELIVERY_KEYWORDS: list[tuple[str, list[str]]] = [
    ("PPP", ["PPP", "政府和社会资本合作", "特许经营", "BOT", "TOT", "BOO", "ROT"]),
    ("EPC", ["EPC", "工程总承包", "设计采购施工", "设计、采购、施工"]),
    ("政府购买服务", ["政府购买服务", "运营服务", "运维服务", "云服务"]),
]


@dataclass
class Evidence:
    label: str
    field: str
    span: str


@dataclass
class Result:
    relevant: bool
    relevance_conf: float
    level: str | None
    level_conf: float
    categories: dict[str, float]
    delivery_model: str
    delivery_conf: float
    evidence: dict[str, list[dict]] = field(default_factory=dict)
    model_version: str = MODEL_VERSION

    def as_dict(self) -> dict:
        return {
            "relevance": self.relevant,
            "relevance_confidence": self.relevance_conf,
            "level": self.level,
            "level_confidence": self.level_conf,
            "categories": list(self.categories),
            "category_confidence": self.categories,
            "delivery_model": self.delivery_model,
            "delivery_confidence": self.delivery_conf,
            "evidence": self.evidence,
            "model_version": self.model_version,
        }


def classify_level(buyer: str | None, region: str | None = None) -> tuple[str | None, float, str]:
    """(level, confidence, explanation). Central organs and zones by name; otherwise the most specific
    administrative division the buyer name (then the region field) names, from the GB/T 2260 gazetteer:
    "buyer 长沙县大数据中心 → 长沙县 (430121) → 区县级"."""
    from parsers.regions import resolve

    name = (buyer or "").strip()
    if not name and not region:
        return None, 0.0, "no buyer name"
    if name and _CENTRAL.search(name):
        return "中央", 0.9, f"buyer {name} is a central organ"
    m = _ZONE.search(name)
    if m:
        return "新区或开发区", 0.85, f"buyer {name} names a zone ({m.group(0)})"
    # the buyer's own name decides; the region field (where the notice was published) only when it names nothing
    r = resolve(name) if name else None
    source = f"buyer {name}"
    if r is None and region:
        r, source = resolve(region), f"region {region}"
    if r is None:
        return None, 0.0, f"{source or 'buyer'}: no administrative division in the name"
    if r.level == "county":
        level = "区县级"
    elif r.level == "city":
        level = "地市级"
    else:
        level = "省级"  # provinces and the four municipalities (北京市 110000 …)
    conf = 0.9 if source.startswith("buyer") else 0.6
    return level, conf, f"{source} → {r.name} ({r.code}) → {level}"


def _find(text: str, words: list[str]) -> str | None:
    for w in words:
        if w in text:
            return w
    return None


def classify(title: str | None, text: str | None = None, buyer: str | None = None,
             region: str | None = None) -> Result:
    title = title or ""
    body = text or ""
    evidence: dict[str, list[dict]] = {}

    # categories: the title names what is bought; the body is not read (buyer names and boilerplate mislead)
    found: dict[str, str] = {}
    for cat, words in CATEGORY_KEYWORDS.items():
        w = _find(title, words)
        if w:
            found[cat] = w
    comp = _find(title, COMPREHENSIVE)
    if comp or len(found) >= 2:
        cats = {"综合": 0.8}
        evidence["categories"] = [{"label": "综合", "field": "title", "span": comp}] if comp else [
            {"label": c, "field": "title", "span": w} for c, w in found.items()]
    else:
        cats = {c: 0.75 for c in found}
        evidence["categories"] = [{"label": c, "field": "title", "span": w} for c, w in found.items()]

    relevant = bool(cats)
    relevance_conf = 0.8 if relevant else 0.7
    evidence["relevance"] = evidence["categories"] if relevant else []

    level, level_conf, why = classify_level(buyer, region)
    evidence["level"] = [{"label": level, "field": "buyer", "span": buyer or "", "explanation": why}]

    model, model_conf = "other", 0.6
    evidence["delivery_model"] = []
    for label, words in DELIVERY_KEYWORDS:
        for field_name, source in (("title", title), ("text", body)):
            w = _find(source, words)
            if w:
                model, model_conf = label, 0.9 if field_name == "title" else 0.8
                evidence["delivery_model"] = [{"label": label, "field": field_name, "span": w}]
                break
        if model != "other":
            break
    return Result(relevant, relevance_conf, level, level_conf, cats, model, model_conf, evidence)
