"""Procurement method: the closed list of 政府采购法 methods, mapped to OCDS procurementMethod."""

from __future__ import annotations

import re

# Chinese name → OCDS procurementMethod. The Chinese name is kept as procurementMethodDetails.
METHODS: dict[str, str | None] = {
    "公开招标": "open",
    "邀请招标": "selective",
    "竞争性谈判": "limited",
    "竞争性磋商": "limited",
    "询价": "limited",
    "单一来源": "direct",
    "框架协议": "selective",
    "电子卖场/其他": None,
}
_ALIASES = [
    (re.compile(r"公开招标"), "公开招标"),
    (re.compile(r"邀请招标"), "邀请招标"),
    (re.compile(r"竞争性谈判"), "竞争性谈判"),
    (re.compile(r"竞争性磋商|磋商"), "竞争性磋商"),
    (re.compile(r"询价|询比"), "询价"),
    (re.compile(r"单一来源|单源采购"), "单一来源"),
    (re.compile(r"框架协议"), "框架协议"),
    (re.compile(r"电子卖场|网上商城|电子商城|协议供货|定点采购"), "电子卖场/其他"),
]


def normalise_method(text: str | None) -> str | None:
    """The closed-list name of the method mentioned in ``text`` (first match in list order), else None."""
    if not text:
        return None
    for pattern, name in _ALIASES:
        if pattern.search(text):
            return name
    return None


def ocds_method(name: str | None) -> str | None:
    return METHODS.get(name) if name else None
