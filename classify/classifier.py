"""One notice in, four labels out: rules where the text is exact, the text model where it must be read.

- relevance: the text model (calibrated probability); a text that is not Chinese, or not about a purchase, is
  `false` with a low confidence, never an error;
- level: the gazetteer rules (classify/rules.py), with the explanation as evidence;
- categories: the text model's heads, with keyword rules (等保 → 安全, 政务云 → 基础设施 …) settling what they name;
  most confident first; 综合 alone for a whole programme or three categories and more;
- delivery model: the keyword rules (PPP, EPC, 本项目属于政府购买服务) when they settle it, else the text model.

Every label carries evidence: the rule's span or explanation, or the n-grams that pushed the model's score.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from common.labels import CATEGORIES
from classify.rules import RULES_VERSION, category_rules, classify_level, delivery_rule, relevance_rule
from classify.textmodel import TextModel, default_model, simplified

_CJK = re.compile(r"[\u4e00-\u9fff]")
_PROCUREMENT = re.compile(r"采购|招标|中标|成交|投标|比选|询价|磋商|谈判|公告|公示|项目|工程|服务|合同|意向|单一来源|遴选|"
                          r"系统|设备|平台|软件|建设|升级|改造|租赁|维保|运维")
RULE_CONFIDENCE = 0.9
SECOND_CATEGORY = 0.75  # a second category needs this much (rules give 0.9)


@dataclass
class Result:
    relevant: bool
    relevance_conf: float
    level: str | None
    level_conf: float
    categories: dict[str, float]  # most confident first
    delivery_model: str
    delivery_conf: float
    evidence: dict[str, list[dict]] = field(default_factory=dict)
    model_version: str = ""

    def as_dict(self) -> dict:
        return {
            "relevance": self.relevant,
            "relevance_confidence": round(self.relevance_conf, 4),
            "level": self.level,
            "level_confidence": round(self.level_conf, 4),
            "categories": list(self.categories),
            "category_confidence": {c: round(p, 4) for c, p in self.categories.items()},
            "delivery_model": self.delivery_model,
            "delivery_confidence": round(self.delivery_conf, 4),
            "evidence": self.evidence,
            "model_version": self.model_version,
        }


def model_version(model: TextModel | None = None) -> str:
    return f"{RULES_VERSION}+{(model or default_model()).version}"


def classify(title: str | None, text: str | None = None, buyer: str | None = None, region: str | None = None,
             model: TextModel | None = None, use_rules: bool = True) -> Result:
    """``use_rules=False`` is the baseline: the text model alone for relevance, categories and delivery model."""
    model = model or default_model()
    title = simplified((title or "").strip())  # 數字校園 reads as 数字校园 for the rules too
    body = text or ""
    version = model_version(model)
    evidence: dict[str, list[dict]] = {}

    level, level_conf, why = classify_level(simplified(buyer or ""), region, title)
    where = why.split(" ", 1)[0] if why.split(" ", 1)[0] in ("buyer", "title", "region") else "buyer"
    evidence["level"] = [{"label": level, "field": where,
                          "span": {"buyer": buyer or "", "title": title, "region": region or ""}[where][:200],
                          "explanation": why}]

    source = title or body[:200]
    if len(_CJK.findall(source)) < 2 or not _PROCUREMENT.search(source + body[:2000]):
        reason = "not Chinese text" if len(_CJK.findall(source)) < 2 else "no sign of a procurement"
        evidence["relevance"] = [{"label": False, "field": "title", "span": "", "explanation": reason}]
        evidence["categories"] = []
        evidence["delivery_model"] = [{"label": "其他", "field": "title", "span": "", "explanation": reason}]
        return Result(False, 0.5, level, level_conf, {}, "其他", 0.5, evidence, version)

    vec = model.vector(title or body[:200])
    p = model.binary("relevance", vec)
    rule = relevance_rule(title) if use_rules else None
    if rule and rule[0]:
        p = max(p, RULE_CONFIDENCE)
    elif rule:
        p = min(p, 1 - RULE_CONFIDENCE)
    relevant = p >= 0.5
    evidence["relevance"] = ([{"label": rule[0], "field": "title", "span": rule[1], "by": "rule"}] if rule else []) + [
        {"label": relevant, "field": "title", "span": s, "by": "model"}
        for s in model.evidence("relevance", vec, title or body[:200], sign=1 if relevant else -1)]

    cats: dict[str, float] = {}
    evidence["categories"] = []
    if relevant:
        rules = category_rules(title) if use_rules else {}
        probs = {c: model.binary(f"category:{c}", vec) for c in CATEGORIES if f"category:{c}" in model.heads}
        for c, span in rules.items():
            probs[c] = max(probs.get(c, 0.0), RULE_CONFIDENCE)
        ranked = sorted(probs.items(), key=lambda kv: -kv[1])
        # the most confident category, and any other the rules name or the model is sure of: most notices buy one thing
        chosen = dict(ranked[:1]) if ranked else {}
        chosen.update({c: q for c, q in ranked[1:] if q >= SECOND_CATEGORY})
        if "综合" in chosen or len(chosen) >= 3:
            chosen = {"综合": max(chosen.get("综合", 0.0), min(chosen.values()) if len(chosen) >= 3 else 0.0)}
        cats = dict(sorted(chosen.items(), key=lambda kv: -kv[1]))
        for c in cats:
            if c in rules:
                evidence["categories"].append({"label": c, "field": "title", "span": rules[c], "by": "rule"})
            elif f"category:{c}" in model.heads:
                evidence["categories"] += [{"label": c, "field": "title", "span": s, "by": "model"}
                                           for s in model.evidence(f"category:{c}", vec, title)]

    rule = delivery_rule(title, body) if use_rules else None
    if rule:
        delivery, field_name, span = rule
        delivery_conf = RULE_CONFIDENCE if field_name == "title" else 0.8
        evidence["delivery_model"] = [{"label": delivery, "field": field_name, "span": span, "by": "rule"}]
    else:
        probs = model.multiclass("delivery", vec)
        delivery = max(probs, key=probs.get)
        delivery_conf = probs[delivery]
        row = model.heads["delivery"]["classes"].index(delivery)
        evidence["delivery_model"] = [{"label": delivery, "field": "title", "span": s, "by": "model"}
                                      for s in model.evidence("delivery", vec, title, row=row)]
    return Result(relevant, p if relevant else 1 - p, level, level_conf, cats, delivery, delivery_conf, evidence,
                  version)
