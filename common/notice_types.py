"""Notice types kept apart (DESIGN.md): decided from the source's own label, else from the title.

招标/采购公告 covers every method's call (公开招标, 邀请招标, 竞争性谈判, 竞争性磋商, 询价, 单一来源公示); the method
itself is a separate field.
"""

from __future__ import annotations

import re

# The stored types that code compares against (the values of NOTICE_TYPES below)
TENDER, AWARD, CORRECTION, FAILED, CONTRACT = "招标/采购公告", "中标/成交公告", "更正公告", "终止/废标公告", "合同公告"
INTENT, CANDIDATES, PREQUALIFICATION = "采购意向公开", "中标候选人公示", "资格预审公告"
# the types a user filters by, in the order of a procurement (the web's select, the CLI's help)
FILTERABLE = [INTENT, TENDER, AWARD, CORRECTION, FAILED, CONTRACT, PREQUALIFICATION]

# Ordered: the first pattern that matches the label or the title end decides.
NOTICE_TYPES = [
    (re.compile(r"采购意向"), "采购意向公开"),
    (re.compile(r"更正|变更|澄清"), "更正公告"),
    (re.compile(r"终止|废标|流标"), "终止/废标公告"),
    (re.compile(r"合同公告|合同公示|合同$"), "合同公告"),  # "…采购项目合同": a title that ends with the contract
    (re.compile(r"候选人"), "中标候选人公示"),
    (re.compile(r"中标|成交|结果"), "中标/成交公告"),
    (re.compile(r"资格预审"), "资格预审公告"),
    (re.compile(r"招标|磋商|谈判|询价|采购公告|邀请|单一来源"), "招标/采购公告"),
]


def normalise_notice_type(label: str | None, title: str | None = None) -> str | None:
    """'中标公告' → '中标/成交公告'; '公开招标公告' → '招标/采购公告'. The label wins over the title."""
    for text in (label, (title or "")[-12:]):
        if not text:
            continue
        for pattern, name in NOTICE_TYPES:
            if pattern.search(text):
                return name
    return None
