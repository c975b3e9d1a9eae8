"""Dates as Chinese notices write them → naive datetimes in Beijing time.

Formats (SOURCES.md §4.6): 2026.08.21 19:47:44, 2026-09-29 14:40, 2025年03月18日 09:30,
2025年03月18日  09:30, 2021年11月05日09点30分（北京时间）, 2023-05-09, 2023/5/9.
"""

from __future__ import annotations

import re
from datetime import datetime

from parsers.text import nfkc

_DT = re.compile(
    r"(?P<y>(?:19|20)\d{2})\s*[-./年]\s*(?P<m>\d{1,2})\s*[-./月]\s*(?P<d>\d{1,2})\s*日?"
    r"(?:\s*(?P<H>\d{1,2})\s*[:：点时]\s*(?:(?P<M>\d{1,2})\s*分?)?(?:\s*[:：]\s*(?P<S>\d{1,2})\s*秒?)?)?"
)


def parse_datetime(text: str | None) -> datetime | None:
    """First date (with time when given) in ``text``; None when there is none or it is impossible."""
    if not text:
        return None
    for m in _DT.finditer(nfkc(text)):
        try:
            return datetime(int(m["y"]), int(m["m"]), int(m["d"]),
                            int(m["H"] or 0), int(m["M"] or 0), int(m["S"] or 0))
        except ValueError:
            continue
    return None


_DATE_LINE = re.compile(r"^\s*((?:19|20)\d{2}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?)\s*$")


def signature_date(text: str) -> str | None:
    """The date that closes a notice (below the issuer's name), when no publication date is labelled."""
    lines = [ln for ln in text.strip().splitlines() if ln.strip()][-3:]
    for ln in reversed(lines):
        m = _DATE_LINE.match(ln)
        if m:
            return m.group(1)
    return None
