"""Weak labels over every development title of ../shared/realdata, from the lexicon and the rules: many more
titles than anyone labelled, each label only where the lexicon settles it, weighed below the hand-labelled gold.

Never from held-out material: an item listed in heldout.tsv, or whose title stem is the stem of one, or of any gold
item, is left out, so that the held-out figures stay a measurement and the gold keeps its own weight.
"""

from __future__ import annotations

import re
from pathlib import Path

from classify import lexicon
from classify.gold import Item, stem

WEIGHT = 0.3  # a weak label counts this much against a gold one in training
SOURCES = ("titles.jsonl", "nbygcg/bulletins.jsonl.gz", "nbygcg/openings.jsonl", "ccgp-museums/rows.jsonl",
           "list-apis/records.jsonl", "jlxxlj/records.jsonl", "jlxxlj/pages/index.jsonl")
# no word of an information system at all: the title is about something else
_ANY_ICT = re.compile(r"系统|平台|软件|信息|数据|网络|智慧|智能|数字|云|监控|视频|电子|计算机|通信|机房|服务器|APP|app|"
                      r"终端|物联|感知|安全|程序|网站|算力|大脑|政务|弱电|布线|可视化|大屏")
_PERIOD = re.compile(r"\d{4}\s*[-—～~至到]\s*\d{4}\s*年|\d{4}年度|年度|第[一二三]年|\d+年服务")
_SERVICE = re.compile(r"物业|安保|保洁|洗涤|运维|维保|维护|外包|代维|驻场|托管|养护|劳务|护工|监测|运营服务")


def label(title: str) -> dict | None:
    """{relevance, categories (None when the lexicon names none), delivery_model, why} or None when the lexicon
    settles nothing."""
    from classify.rules import category_rules, delivery_rule, relevance_rule

    t = title or ""
    cats = list(category_rules(t))  # 综合 alone for a whole programme
    rule = relevance_rule(t)
    if rule:
        relevance, why = rule[0], f"lexicon term {rule[1]}"
    elif not _ANY_ICT.search(t):
        relevance, why = False, "no information-system word"
    else:
        return None
    if len(cats) >= 3:
        cats = ["综合"]
    rule = delivery_rule(t)
    if rule:
        delivery = rule[0]
    elif lexicon.find(t, "政府购买服务") or (_PERIOD.search(t) and _SERVICE.search(t)):
        delivery = "政府购买服务"
    else:
        delivery = "其他"
    return {"relevance": relevance, "categories": (cats or None) if relevance else [], "delivery_model": delivery,
            "why": why}


def weak_items(shared: Path, gold: list[Item]) -> list[Item]:
    """Weakly labelled development titles, one per title stem, none near a held-out or gold item."""
    from classify.realtitles import heldout_keys, rows

    held = heldout_keys(shared)
    banned = {stem(i.title) for i in gold}
    candidates = list(rows(shared, set(SOURCES)))
    banned |= {stem(r[2]) for r in candidates if (r[0], r[1]) in held}
    out, seen = [], set()
    for file, k, title, buyer, region, _ in candidates:
        s = stem(title)
        if (file, k) in held or s in banned or s in seen or not title:
            continue
        seen.add(s)
        got = label(title)
        if got is None:
            continue
        out.append(Item(f"weak:{file}:{k}", title, buyer, region, got["relevance"], None, got["categories"] or [],
                        got["delivery_model"], "weak", "dev", False,
                        {"weight": WEIGHT, "no_categories": got["categories"] is None, "why": got["why"]}))
    return out
