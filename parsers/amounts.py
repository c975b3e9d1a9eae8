"""Money in Chinese notices → Decimal yuan.

Handles 元/万元/亿元, thousands separators, full-width digits, ¥/￥, 大写 numerals (壹佰贰拾万元整, 角/分),
and a unit given by the field label (``预算金额（万元）：120``). A rate (下浮率 5%, 折扣率, 费率) is not an
amount and yields nothing. Rules are data (UNIT_FACTORS, DIGITS); tests are table-driven.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from parsers.text import nfkc

UNIT_FACTORS = {"元": Decimal(1), "圆": Decimal(1), "万元": Decimal(10_000), "万": Decimal(10_000),
                "亿元": Decimal(100_000_000), "亿": Decimal(100_000_000)}
DIGITS = {"零": 0, "〇": 0, "壹": 1, "一": 1, "贰": 2, "二": 2, "两": 2, "叁": 3, "三": 3, "肆": 4, "四": 4,
          "伍": 5, "五": 5, "陆": 6, "六": 6, "柒": 7, "七": 7, "捌": 8, "八": 8, "玖": 9, "九": 9}
SMALL_UNITS = {"拾": 10, "十": 10, "佰": 100, "百": 100, "仟": 1000, "千": 1000}
BIG_UNITS = {"万": 10_000, "亿": 100_000_000}

_NUM = re.compile(r"(?<![\d.])(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?\s*(亿元|万元|亿|万|元)?")
_DAXIE = re.compile(r"[零〇壹贰叁肆伍陆柒捌玖拾][零〇壹贰叁肆伍陆柒捌玖拾佰仟万亿]*[元圆](?:[零〇壹贰叁肆伍陆柒捌玖][角分])*(?:[零〇壹贰叁肆伍陆柒捌玖]分)?整?")
_RANGE = re.compile(r"(\d[\d,]*(?:\.\d+)?)\s*(?:万元|万|元)?\s*(?:-|~|～|—|至|到)\s*(\d[\d,]*(?:\.\d+)?)\s*(亿元|万元|亿|万|元)")
_RATE = re.compile(r"^\s*(%|％|‰|折|个百分点)")
_RATE_LABEL = re.compile(r"(下浮率|折扣率|费率|优惠率|比例|百分比)")
_LABEL_UNIT = re.compile(r"[（(]\s*(亿元|万元|元)\s*[)）]")


@dataclass(frozen=True)
class Money:
    cny: Decimal
    raw: str


def label_unit(label: str) -> str | None:
    """The unit a field label declares: 预算金额（万元） → 万元."""
    m = _LABEL_UNIT.search(nfkc(label))
    return m.group(1) if m else None


def daxie_to_decimal(s: str) -> Decimal | None:
    """壹佰贰拾万元整 → 1200000; 叁仟万伍仟元伍角 → 30005000.5. None when it is not a well-formed amount."""
    s = s.rstrip("整正")
    m = re.match(r"^(.*?)[元圆](.*)$", s)
    if not m:
        return None
    integer_part, frac = m.groups()
    total = 0
    section = 0
    digit = 0
    for ch in integer_part:
        if ch in DIGITS:
            digit = DIGITS[ch]
        elif ch in SMALL_UNITS:
            section += (digit or 1) * SMALL_UNITS[ch]
            digit = 0
        elif ch in BIG_UNITS:
            section += digit
            if BIG_UNITS[ch] == 100_000_000:
                total = (total + section) * 100_000_000
            else:
                total += section * 10_000
            section = 0
            digit = 0
        else:
            return None
    total += section + digit
    value = Decimal(total)
    for num, unit in re.findall(r"([零〇壹贰叁肆伍陆柒捌玖])([角分])", frac):
        value += Decimal(DIGITS[num]) * (Decimal("0.1") if unit == "角" else Decimal("0.01"))
    return value


def parse_amount(text: str | None, unit: str | None = None, label: str = "") -> Money | None:
    """First amount in ``text``, in yuan. ``unit`` (or a unit in ``label``) applies to a bare number."""
    if not text:
        return None
    if _RATE_LABEL.search(label):
        return None
    raw = text.strip()
    s = nfkc(raw)
    if re.search(r"\d?\*{2,}|\*+\d", s):
        return None  # digits masked by an aggregator: unknown, never a wrong number
    if re.search(r"\d\s*%", s) and not re.search(r"\d\s*(?:亿元|万元|元)|[¥￥]\s*\d", s):
        return None  # a fee rate or discount ("收费标准的59.33%计取"), not an amount
    unit = unit or label_unit(label)
    r = _RANGE.search(s)
    if r:  # "100-200万元": the upper bound is the ceiling a buyer states
        factor = UNIT_FACTORS.get(r.group(3) or unit or "元", Decimal(1))
        return Money((Decimal(r.group(2).replace(",", "")) * factor).quantize(Decimal("0.01")), raw)
    m = _DAXIE.search(s)
    num = _NUM.search(s)
    if m and (num is None or m.start() < num.start() or num.group(3) is None and unit is None):
        value = daxie_to_decimal(m.group(0))
        if value is not None:
            return Money(value.quantize(Decimal("0.01")), raw)
    while num:
        tail = s[num.end():]
        if not _RATE.match(tail):
            try:
                value = Decimal(num.group(1).replace(",", "") + (num.group(2) or ""))
            except InvalidOperation:  # pragma: no cover - the regex admits only digits
                return None
            factor = UNIT_FACTORS.get(num.group(3) or unit or "元", Decimal(1))
            # "万元" right after the number in the text, or a label unit, or plain yuan
            return Money((value * factor).quantize(Decimal("0.01")), raw)
        num = _NUM.search(s, num.end())
    return None
