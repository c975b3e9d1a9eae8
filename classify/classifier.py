"""One notice in, four labels out: rules where the text is exact, the text model where it must be read.

- relevance: the text model (calibrated probability), settled by the lexicon's terms where they are exact; a text
  that is not Chinese is `false` with a low confidence, never an error. A bare project name with no procurement
  words (某市新型智慧城市（一期）) is read like any title: a project name is a procurement subject;
- level: the gazetteer rules (classify/rules.py), with the explanation as evidence;
- categories: the text model's heads (they learned the lexicon's terms from the weak labels); the lexicon settles a
  whole programme (综合 alone, as for three categories and more); most confident first;
- delivery model: the rules (PPP by name or by its terms, EPC, a period service, a one-off purchase, 本项目属于政府
  购买服务) when they settle it, else the text model between 政府购买服务 and 其他.

Every label carries evidence a reader can check: the lexicon term or rule span (``by: rule``, with the term's
``source`` in the lexicon) or the whole words that pushed the model's score (``by: model``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from common.labels import CATEGORIES
from classify.rules import RULES_VERSION, category_rules, classify_level, delivery_rule, relevance_rule
from classify.textmodel import TextModel, default_model, simplified

_CJK = re.compile(r"[\u4e00-\u9fff]")
RULE_CONFIDENCE = 0.9
RULE_ONLY = ("PPP", "EPC")  # delivery models only a rule gives
SECOND_CATEGORY = 0.75  # a second category needs this much (rules give 0.9)
# an organisation's name inside a title names the buyer, not what is bought: 某区数据资源管理局城市大脑 buys no 数据
_ORG = re.compile(r"[\u4e00-\u9fff]{0,8}(?:大数据|数据资源|政务数据|数据)(?:管理|发展|服务)?(?:局|中心|集团|公司)"
                  r"(?!建设|平台|机房|项目|运维|改造|扩容)")


def _subject(title: str, buyer: str | None) -> str:
    """The title without the buyer's name and other organisations' names, for the category rules."""
    if buyer and buyer in title:
        title = title.replace(buyer, " ")
    return _ORG.sub(" ", title)


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
    if len(_CJK.findall(source)) < 2:
        reason = "not Chinese text"
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
    evidence["relevance"] = ([_rule(rule[0], "title", rule[1])] if rule else []) + [
        {"label": relevant, "field": "title", "span": s, "by": "model"}
        for s in model.evidence("relevance", vec, title or body[:200], sign=1 if relevant else -1)]

    cats: dict[str, float] = {}
    evidence["categories"] = []
    if relevant:
        rules = category_rules(_subject(title, buyer)) if use_rules else {}
        probs = {c: model.binary(f"category:{c}", vec) for c in CATEGORIES if f"category:{c}" in model.heads}
        # the lexicon settles a whole programme (综合); the other categories are the model's, which learned the
        # lexicon's terms from the weak labels (on the development items the rules' own picks did no better), and a
        # lexicon term of a category the model chose is shown as its evidence
        if "综合" in rules:
            probs["综合"] = max(probs.get("综合", 0.0), RULE_CONFIDENCE)
        ranked = sorted(probs.items(), key=lambda kv: -kv[1])
        # the most confident category, and any other the model is sure of: most notices buy one thing
        chosen = dict(ranked[:1]) if ranked else {}
        chosen.update({c: q for c, q in ranked[1:] if q >= SECOND_CATEGORY})
        if "综合" in chosen or len(chosen) >= 3:
            chosen = {"综合": max(chosen.get("综合", 0.0), min(chosen.values()) if len(chosen) >= 3 else 0.0)}
        cats = dict(sorted(chosen.items(), key=lambda kv: -kv[1]))
        for c in cats:
            if c in rules:  # the lexicon term that names the category (by: rule, with its source)
                evidence["categories"].append(_rule(c, "title", rules[c]))
            elif f"category:{c}" in model.heads:
                evidence["categories"] += [{"label": c, "field": "title", "span": s, "by": "model"}
                                           for s in model.evidence(f"category:{c}", vec, title)]

    rule = delivery_rule(title, body) if use_rules else None
    if rule:
        delivery, field_name, span = rule
        delivery_conf = RULE_CONFIDENCE if field_name == "title" else 0.8
        evidence["delivery_model"] = [_rule(delivery, field_name, span)]
    else:
        probs = model.multiclass("delivery", vec)
        # PPP and EPC are named in so many words (their terms are the rule's): without them the model chooses
        # between a period service and an ordinary purchase
        probs = {c: p for c, p in probs.items() if c not in RULE_ONLY} or probs
        total = sum(probs.values())
        probs = {c: p / total for c, p in probs.items()}
        delivery = max(probs, key=probs.get)
        delivery_conf = probs[delivery]
        row = model.heads["delivery"]["classes"].index(delivery)
        evidence["delivery_model"] = [{"label": delivery, "field": "title", "span": s, "by": "model"}
                                      for s in model.evidence("delivery", vec, title, row=row)]
    return Result(relevant, p if relevant else 1 - p, level, level_conf, cats, delivery, delivery_conf, evidence,
                  version)


def _rule(label, field_name: str, span: str) -> dict:
    """A rule's evidence: the span, and for a lexicon term (or terms joined by +) where it came from."""
    from classify import lexicon

    sources = [lexicon.source_of(t) for t in span.split("+")]
    out = {"label": label, "field": field_name, "span": span, "by": "rule"}
    if all(sources):
        out["source"] = "lexicon: " + " | ".join(dict.fromkeys(sources))
    return out
