"""Dates as Chinese notices write them → naive datetimes in Beijing time.

Formats (SOURCES.md §4.6): 2026.08.21 19:47:44, 2026-09-29 14:40, 2025年03月18日 09:30,
2025年03月18日  09:30, 2021年11月05日09点30分（北京时间）, 2023-05-09, 2023/5/9; a time of day may follow 上午 / 下午
(``2016年11月14日下午4:00`` is 16:00) or 北京时间 (``2019年8月5日北京时间 13:30时``), and ``9点半`` is 9:30.
"""

from __future__ import annotations

import re
from datetime import datetime

from parsers.text import nfkc

_DT = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-./年]\s*(?P<m>\d{1,2})\s*[-./月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:(?:\s*\(?北京时间\)?)?\s*(?P<ap>上午|下午|中午|晚上)?"
    r"\s*(?P<H>\d{1,2})\s*[:：点时]\s*(?:(?P<M>\d{1,2}|半)\s*分?)?(?:\s*[:：]\s*(?P<S>\d{1,2})\s*秒?)?)?"
)
_AFTERNOON = {"下午": 12, "晚上": 12, "中午": 11}  # 下午2:30 is 14:30; 中午12:00 stays 12:00, 中午1点 is 13:00


def _hour(m: re.Match) -> int:
    hour = int(m["H"] or 0)
    return hour + 12 if m["ap"] in _AFTERNOON and hour < _AFTERNOON[m["ap"]] else hour


def find_datetime(text: str | None, within: int | None = None) -> tuple[str, datetime, bool] | None:
    """The first possible date in ``text`` (NFKC) as (printed, read, whether a time of day is given); ``within``:
    only a date that starts in the first ``within`` characters."""
    if not text:
        return None
    for m in _DT.finditer(nfkc(text)):
        if within is not None and m.start() > within:
            return None
        try:
            minute = 30 if m["M"] == "半" else int(m["M"] or 0)
            at = datetime(int(m["y"]), int(m["m"]), int(m["d"]), _hour(m), minute, int(m["S"] or 0))
        except ValueError:
            continue
        return m.group(0).strip(), at, m["H"] is not None
    return None


_CN_DIGIT = {c: str(i) for i, cs in enumerate(("〇○O0零", "一", "二", "三", "四", "五", "六", "七", "八", "九")) for c in cs}
_CN_DATE = re.compile(r"([〇○O0零一二三四五六七八九\d]{4})\s*年\s*([\d一二三四五六七八九十]{1,3})\s*月"
                      r"(?:\s*([\d一二三四五六七八九十]{1,3})\s*日)?")


def _cn_number(s: str) -> str:
    """十五 → 15, 二十 → 20, 七 → 7, 11 → 11 (a month or a day)."""
    if s.isdigit():
        return s
    if "十" in s:
        tens, _, ones = s.partition("十")
        return str(int(_CN_DIGIT.get(tens, "1") if tens else 1) * 10 + int(_CN_DIGIT.get(ones, "0") if ones else 0))
    return "".join(_CN_DIGIT.get(c, c) for c in s)


def cn_date(text: str) -> str:
    """A date written in Chinese numerals as digits: 二〇二一年五月 → 2021年5月, 二00九年七月十五日 → 2009年7月15日,
    二○一六年11月 14 日 → 2016年11月14日 (the letter O and the digit 0 stand for 〇 too). Other text is kept."""
    def digits(m: re.Match) -> str:
        year = "".join(_CN_DIGIT.get(c, c) for c in m.group(1))
        return f"{year}年{_cn_number(m.group(2))}月" + (f"{_cn_number(m.group(3))}日" if m.group(3) else "")

    return _CN_DATE.sub(digits, text)


def parse_datetime(text: str | None) -> datetime | None:
    """First date (with time when given) in ``text``; None when there is none or it is impossible. A date in
    Chinese numerals (二〇二一年五月十日) is read when no date in digits is there."""
    found = find_datetime(text)
    if found is None and text and re.search("[〇○O0零一二三四五六七八九]{4}\\s*年", nfkc(text)):
        found = find_datetime(cn_date(nfkc(text)))
    return found[1] if found else None


_DATE_LINE = re.compile(r"^\s*((?:19|20)\d{2}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?)\s*"
                        r"(?:[(（]\s*(?:单位)?(?:公章|盖章|签章|印章)\s*[)）])?\s*$")
_CN_DATE_LINE = re.compile(r"^\s*([〇○O0零一二三四五六七八九\d]{4}\s*年\s*[\d一二三四五六七八九十]{1,3}\s*月\s*"
                           r"[\d一二三四五六七八九十]{1,3}\s*日)\s*$")


def signature_date(text: str) -> str | None:
    """The date that closes a notice (below the issuer's name), when no publication date is labelled: one of the
    last three lines, possibly followed by the seal mark (``2016 年10月31日（单位公章）``), written in Chinese
    numerals (``二00九年七月十五日``), or split over lines by the markup (``2016年`` / ``11月`` / ``14日``)."""
    lines = [ln.strip() for ln in text.strip().splitlines() if ln.strip()][-5:]
    for end in range(len(lines) - 1, max(len(lines) - 4, -1), -1):
        for start in (end, end - 1, end - 2):
            if start < 0:
                continue
            line = "".join(lines[start:end + 1])
            m = _DATE_LINE.match(line) or _CN_DATE_LINE.match(line)
            if m:
                return m.group(1)
    return None


# 公示日期 / 公示时间 / 公示开始时间 label a day; 公示期限 (a section of the 2020 templates) states a period, not a date
_PUBLICITY = re.compile(r"公示(?:日期|时间|开始时间|起止时间)\s*[:：]?\s*"
                        r"((?:19|20)\d{2}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?)")


def publicity_start(text: str) -> str | None:
    """The day a 公示 starts (``公示日期：2015年09月28日``, ``公示时间 2016-10-21 ~ 2016-10-24``): the day it was
    published when nothing else says so."""
    m = _PUBLICITY.search(nfkc(text))
    return m.group(1).strip() if m else None
