"""Periods (服务期, 工期, 合同履行期限, 合作期限) → days, and months when the notice counts in months or years.

Rules are a table of patterns (STYLE.md: dateparser/price-parser habit), tested case by case. A year counts
365 days, a month 30; ``建设期2年运营期13年`` without a stated total is their sum; a date range
(``2027年1月1日至2027年12月31日``) is counted from day to day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from parsers.text import nfkc

CN_NUM = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
          "十": 10, "半": 0.5}
_NUM = r"(\d+(?:\.\d+)?|[一二两三四五六七八九十半]{1,3})"
# a number right after 年/月 is part of a date (2026年11月5日前), not a duration
_DURATION = re.compile(r"(?<![年月\d.])" + _NUM + r"\s*(个?日历天|个?工作日|天|日(?!期)|个?自然月|个?月|年|周)")
_RANGE = re.compile(r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?\s*(?:至|到|-|—|~)\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日?")
_PHASES = re.compile(r"建设期\s*" + _NUM + r"\s*(年|个月)[^运]{0,6}运营期\s*" + _NUM + r"\s*(年|个月)")


@dataclass(frozen=True)
class Period:
    days: int
    months: int | None = None


def _number(s: str) -> float | None:
    if re.fullmatch(r"\d+(?:\.\d+)?", s):
        return float(s)
    if s == "半":
        return 0.5
    if s.startswith("十"):  # 十, 十二
        return 10 + (CN_NUM.get(s[1:], 0) if len(s) > 1 else 0)
    if len(s) == 2 and s[1] == "十":  # 二十
        return CN_NUM.get(s[0], 0) * 10
    if len(s) == 3 and s[1] == "十":  # 二十五
        return CN_NUM.get(s[0], 0) * 10 + CN_NUM.get(s[2], 0)
    if len(s) == 1 and s in CN_NUM:
        return CN_NUM[s]
    return None


def _as_period(n: float, unit: str) -> Period:
    if "年" in unit:
        return Period(round(n * 365), round(n * 12))
    if "月" in unit:
        return Period(round(n * 30), round(n))
    if "周" in unit:
        return Period(round(n * 7))
    return Period(round(n))  # 天, 日历天, 工作日, 日


def parse_period(text: str | None, unit: str | None = None) -> Period | None:
    """``unit`` is what the field label declares (履约期限(天)) for a bare number."""
    if not text:
        return None
    s = nfkc(text)
    if unit and re.fullmatch(r"\s*\d+(?:\.\d+)?\s*", s):
        return _as_period(float(s), unit)
    m = _RANGE.search(s)
    if m:
        try:
            a = date(int(m[1]), int(m[2]), int(m[3]))
            b = date(int(m[4]), int(m[5]), int(m[6]))
            if b >= a:
                return Period((b - a).days + 1)
        except ValueError:
            pass
    if "合作期" not in s:
        m = _PHASES.search(s)
        if m:
            a, b = _number(m[1]), _number(m[3])
            if a is not None and b is not None:
                pa, pb = _as_period(a, m[2]), _as_period(b, m[4])
                months = (pa.months or 0) + (pb.months or 0) if pa.months and pb.months else None
                return Period(pa.days + pb.days, months)
    for m in _DURATION.finditer(s):
        n = _number(m[1])
        if n is None or n <= 0 or (m[2] == "年" and n >= 1000):  # 2026年 is a year, not a duration
            continue
        return _as_period(n, m[2])
    return None
