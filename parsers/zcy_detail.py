"""政采云 (zcygov) notice bodies: values tagged with stable ``code-…`` classes (SOURCES.md §4.5).

Used for the provincial 政采云 portals and for ccgp copies of their notices. The classes are far more reliable
than text patterns, so they win; everything they do not carry comes from the generic layout (and the call's terms
from the body text, parsers/call_terms.py: ``code-23003`` / ``code-23004`` give the 获取采购文件 window).
"""

from __future__ import annotations

from bs4 import BeautifulSoup

from parsers.amounts import parse_amount
from parsers.call_terms import class_window
from parsers.dates import parse_datetime
from parsers.periods import parse_period
from parsers.text import clean

MARKERS = ("code-00004", "code-00014", "code-AM01400034", "code-winningSupplierName")
CLASSES = {
    "project_code": "code-00004",
    "project_name": "code-00003",
    "buyer": "code-00014",
    "buyer_address": "code-00018",
    "agency": "code-00009",
    "deadline_raw": "code-23011",
}


def is_zcy(html: str) -> bool:
    return any(m in html for m in MARKERS)


def _value(soup: BeautifulSoup, cls: str) -> str | None:
    tag = soup.find(class_=cls)
    return clean(tag.get_text(" ")) or None if tag else None


def zcy_fields(html: str) -> dict:
    """What the ``code-…`` classes say; only keys with a value."""
    soup = BeautifulSoup(html, "lxml")
    out: dict = {}
    for key, cls in CLASSES.items():
        v = _value(soup, cls)
        if v:
            out[key] = v
    if out.get("deadline_raw"):
        out["deadline"] = parse_datetime(out["deadline_raw"])
    docs = class_window(_value(soup, "code-23003"), _value(soup, "code-23004"))  # 获取采购文件 from / to
    if docs:
        out["documents"] = docs
    for key, cls in (("budget", "code-AM01400034"), ("max_price", "code-AM014priceCeiling")):
        tag = soup.find(class_=cls)
        if tag is not None:
            # the unit stands after the tagged number (…<span class="code-AM01400034">4960000</span>元)
            tail = tag.next_sibling if isinstance(tag.next_sibling, str) else ""
            money = parse_amount(clean(tag.get_text()) + clean(tail)[:3])
            if money:
                out[f"{key}_cny"], out[f"{key}_raw"] = money.cny, money.raw
    period_tag = soup.find(class_=lambda c: c and c.startswith("code-AM014ContractPerformancePeriod"))
    if period_tag is not None:
        out["period_raw"] = clean(period_tag.get_text())
        period = parse_period(out["period_raw"])
        if period:
            out["period_days"] = period.days
    suppliers = []
    for cell in soup.find_all(class_="code-winningSupplierName"):
        row = cell.find_parent("tr")
        price = row.find(class_="code-summaryPrice") if row else None
        lot = row.find(class_="code-sectionNo") if row else None
        money = parse_amount(clean(price.get_text())) if price else None
        suppliers.append({"name": clean(cell.get_text()), "award_cny": money.cny if money else None,
                          "award_raw": money.raw if money else None, "lot": clean(lot.get_text()) if lot else None})
    if suppliers:
        out["suppliers"] = suppliers
        if all(s["award_cny"] is not None for s in suppliers):
            out["award_cny"] = sum(s["award_cny"] for s in suppliers)
            out["award_raw"] = "; ".join(s["award_raw"] for s in suppliers)
    return out


def is_zcy_record(record: dict) -> bool:
    """A 政采云 ``/portal/detail`` record (``result.data``): ``publishDate`` in epoch ms beside its own keys."""
    return isinstance(record.get("publishDate"), int) and any(
        k in record for k in ("announcementType", "categoryNames", "projectCode", "districtName"))


def zcy_record_fields(record: dict) -> dict:
    """What the record's own keys say (SOURCES.md §7.5): ``publishDate`` (epoch ms → Beijing time), ``projectCode``,
    ``projectName``, ``districtName`` and the type from ``categoryNames`` (采购意向公开 → INTENT); only keys with a
    value, so the body's ``code-…`` classes still decide where they are present."""
    from datetime import datetime, timedelta, timezone

    from common.notice_types import normalise_notice_type

    out: dict = {}
    try:
        at = datetime.fromtimestamp(record["publishDate"] / 1000, timezone(timedelta(hours=8)))
        out["published_at"], out["published_raw"] = at.replace(tzinfo=None), str(record["publishDate"])
    except (OverflowError, OSError, ValueError):
        pass
    for key, field in (("projectCode", "project_code"), ("projectName", "project_name"),
                       ("districtName", "buyer_region")):
        value = clean(str(record.get(key) or ""))
        if value:
            out[field] = value
    names = record.get("categoryNames")
    label = "、".join(str(n) for n in names) if isinstance(names, list) else (str(names) if names else None)
    kind = normalise_notice_type(label, record.get("title"))
    if kind:
        out["notice_type"], out["notice_type_raw"] = kind, label
    return out
