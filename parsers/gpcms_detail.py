"""gpcms portals (广东, 四川 …): the ``getInfoById`` JSON record (SOURCES.md §7.4), read over the generic layout.

The record's own fields win over text patterns: ``noticeType`` (``00101`` 采购公告, ``00102`` 结果公告, ``59``
采购意向) or ``noticeTypeName`` gives the type, ``purchaser`` the buyer, ``noticeTime`` the publication time,
``attchList[]`` (``fileUrl``, ``fileName``) the attachments; ``title`` may carry ``<font>`` highlights. The body
(``content``, on some sites ``noticeContent``) follows the national formats: 采购人 and 代理机构 appear as
``1.采购人信息 名 称：…``, and an intent's budget sits in its table under ``预算金额（万元）``.
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from common.notice_types import AWARD, INTENT, TENDER, normalise_notice_type
from parsers.amounts import parse_amount
from parsers.dates import parse_datetime
from parsers.text import clean, nfkc

TYPE_CODES = {"00101": TENDER, "00102": AWARD, "59": INTENT}
BODY_KEYS = ("content", "noticeContent")
_TAG = re.compile(r"<[^>]{0,200}>")
_PARTY = {"buyer": re.compile(r"采购人信息\s*名\s*称\s*[:：]\s*([^\s:：]{2,60})"),
          "agency": re.compile(r"采购代理机构信息\s*名\s*称\s*[:：]\s*([^\s:：]{2,60})")}


def is_gpcms(record: dict) -> bool:
    return "noticeType" in record and ("attchList" in record or "openTenderCode" in record
                                       or any(k in record for k in BODY_KEYS[1:]))


def body_html(record: dict) -> str | None:
    return next((record[k] for k in BODY_KEYS if isinstance(record.get(k), str) and record[k].strip()), None)


def plain_title(title: str | None) -> str | None:
    """A list or detail title without its ``<font>`` highlights."""
    return clean(_TAG.sub("", title)) or None if title else None


def _table_budget(html: str) -> tuple[str, object] | None:
    """The budget of an intent's table: the first data row under a 预算 header (its unit in the header)."""
    soup = BeautifulSoup(html, "lxml")
    for table in soup.find_all("table"):
        rows = [[clean(c.get_text()) for c in tr.find_all(["td", "th"])] for tr in table.find_all("tr")]
        rows = [r for r in rows if r]
        if len(rows) < 2:
            continue
        col = next((i for i, h in enumerate(rows[0]) if "预算" in h), None)
        if col is None or col >= len(rows[1]):
            continue
        money = parse_amount(rows[1][col], label=rows[0][col])
        if money:
            return rows[1][col], money
    return None


def gpcms_fields(url: str | None, record: dict, text: str) -> dict:
    """What the record (and the national-format party lines of its body) say; only keys with a value."""
    out: dict = {}
    title = plain_title(record.get("title"))
    if title:
        out["title"] = title
    code = str(record.get("noticeType") or "")
    kind = TYPE_CODES.get(code) or normalise_notice_type(record.get("noticeTypeName"), title)
    if kind:
        out["notice_type"] = kind
    flat = nfkc(text)
    for key, pattern in _PARTY.items():
        m = pattern.search(flat)
        if m:
            out[key] = m.group(1)
    if isinstance(record.get("purchaser"), str) and record["purchaser"].strip():
        out["buyer"] = clean(record["purchaser"])
    if record.get("noticeTime"):
        published = parse_datetime(str(record["noticeTime"]))
        if published:
            out["published_raw"], out["published_at"] = str(record["noticeTime"]), published
    files = record.get("attchList") or []
    out["attachments"] = [{"name": clean(str(f.get("fileName") or "")), "url": urljoin(url or "", str(f["fileUrl"]))}
                          for f in files if isinstance(f, dict) and f.get("fileUrl")]
    if kind == INTENT:
        html = body_html(record)
        hit = _table_budget(html) if html else None
        if hit:
            out["budget_raw"], out["budget_cny"] = hit[0], hit[1].cny
    return out
