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


def parse_datetime(text: str | None) -> datetime | None:
    """First date (with time when given) in ``text``; None when there is none or it is impossible."""
    found = find_datetime(text)
    return found[1] if found else None


_DATE_LINE = re.compile(r"^\s*((?:19|20)\d{2}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?)\s*$")


def signature_date(text: str) -> str | None:
    """The date that closes a notice (below the issuer's name), when no publication date is labelled."""
    lines = [ln for ln in text.strip().splitlines() if ln.strip()][-3:]
    for ln in reversed(lines):
        m = _DATE_LINE.match(ln)
        if m:
            return m.group(1)
    return None
