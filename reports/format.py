"""How the report (and the web app) writes a number or a link: amounts in 万元/亿元, changes in percent, labels, and
only http(s) URLs as links. Small on purpose: web/ imports this, not the report."""

from __future__ import annotations

import math
import re
from decimal import Decimal

import pandas as pd

UNKNOWN = "未识别"


def yuan(v) -> Decimal:  # noqa: ANN001 - SQL sums arrive as Decimal, float (SQLite), None or NaN (pandas)
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return Decimal("0.00")
    return Decimal(str(v)).quantize(Decimal("0.01"))


def wan(v) -> str:  # noqa: ANN001
    """Yuan → '1,234.56 万元' (亿元 from 10,000 万元 up)."""
    v = yuan(v)
    if abs(v) >= Decimal(100_000_000):
        return f"{v / Decimal(100_000_000):,.2f} 亿元"
    return f"{v / Decimal(10_000):,.2f} 万元"


def pct(v) -> str:  # noqa: ANN001
    return "—" if v is None else f"{v:+.1%}" if isinstance(v, float) else str(v)


def label(v: str | None) -> str:
    """A stored label as the report names it ('other' was stored before the 其他 rename; None is 未识别)."""
    return {"other": "其他", None: UNKNOWN}.get(v, v)


def safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links: a javascript: or data: URL from a scraped page is shown as text."""
    return url if isinstance(url, str) and re.match(r"^https?://[^\s\"'<>]+$", url, re.IGNORECASE) else None
