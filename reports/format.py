"""How the report (and the web app) writes a number or a link: amounts in 万元/亿元 (one unit per table, unknown as
未公布), changes and shares in percent, labels, and only http(s) URLs as links. Small on purpose: web/ imports this,
not the report."""

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


UNPUBLISHED = "未公布"  # an amount the notice does not state: never shown as 0
YI, WAN = "亿元", "万元"
_DIVISOR = {YI: Decimal(100_000_000), WAN: Decimal(10_000)}


def unit_for(*columns) -> str:  # noqa: ANN002 - iterables of amounts in yuan (None: unknown)
    """One unit for a whole table: 亿元 when its largest known amount reaches 1 亿元 and none is under 0.1 亿元 (so
    no figure shows as 0.00), else 万元."""
    known = [abs(yuan(v)) for col in columns for v in col if not _missing(v)]
    known = [v for v in known if v]
    if known and max(known) >= _DIVISOR[YI] and min(known) >= _DIVISOR[YI] / 10:
        return YI
    return WAN


def in_unit(v, unit: str, missing: str = UNPUBLISHED) -> str:  # noqa: ANN001
    """An amount as a bare number in the table's ``unit`` (the unit stands in the column's header); an unknown one
    as ``missing`` (未公布, or — where the notice type carries no amount)."""
    if _missing(v):
        return missing
    return f"{yuan(v) / _DIVISOR[unit]:,.2f}"


def money(v, missing: str = UNPUBLISHED) -> str:  # noqa: ANN001
    """One amount on its own, with its unit (wan), or 未公布."""
    return missing if _missing(v) else wan(v)


def share(v) -> str:  # noqa: ANN001
    """A share (0.125) as '12.5%'; — when there is no total to share."""
    return "—" if _missing(v) else f"{float(v):.1%}"


def _missing(v) -> bool:  # noqa: ANN001
    return v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and math.isnan(v))


def source_link(url: str | None, notice_id) -> str | None:  # noqa: ANN001
    """The link a report gives a notice: its source URL (http(s) only), except a source on this machine's loopback
    (a local mirror, as in `make demo`: gone once it stops), which opens the local copy (`tenders serve`, or
    TENDERWATCH_BASE_URL) instead."""
    import ipaddress
    from urllib.parse import urlsplit

    from common.origins import public_url

    url = safe_url(url)
    if url is None or notice_id is None:
        return url
    host = (urlsplit(url).hostname or "").strip("[]")
    try:
        local = host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        local = False
    return f"{public_url()}/notices/{int(notice_id)}" if local else url
