"""全国公共资源交易平台 (ggzy.gov.cn) content pages under ``/html/b/`` (SOURCES.md §7.3, captured 2026-03).

The page: ``div.detail`` > ``h4.h4_o`` (title), ``p.p_o`` with spans ``发布时间：YYYY-MM-DD HH:MM`` or
``签署时间：…`` and ``label#platformName`` (信息来源), and ``div#mycontent`` holding either a
``table.detail_Table`` of th/td rows (the captured 采购合同) or a ``div.detail_content`` with the body text (one
client's report; the real 2023 notice realdata/notices/040.html is such a body). The notice type comes from the
stage code in the URL (``/html/b/{prov}/{stage}/…``), which the page itself does not print.

Two URL forms: ``/information/deal/html/b/{prov}/{stage}/{YYYYMMDD}/{id}.html`` (what the list's shell links)
and ``/information/html/b/{prov}/{stage}/{YYYYMM}/{DD}/{id}.shtml`` (older notices). Pure function, no network.
"""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from common.notice_types import AWARD, CONTRACT, CORRECTION, TENDER
from parsers.amounts import parse_amount
from parsers.dates import parse_datetime
from parsers.generic import parse_generic
from parsers.text import clean

URL_RE = re.compile(r"ggzy\.gov\.cn(?::\d+)?/information/(?:deal/)?html/b/(\d{6})/(\d{4})/(\d{8}|\d{6}/\d{2})/"
                    r"([0-9a-zA-Z]+)\.s?html")
# a copy of the site on another host (a mirror, tests): the same paths, recognised by the page's own markup
PATH_RE = re.compile(r"/information/(?:deal/)?html/b/(\d{6})/(\d{4})/(\d{8}|\d{6}/\d{2})/([0-9a-zA-Z]+)\.s?html")

# the stage codes of the list API (DEAL_STAGE / informationType) → our notice types
STAGE_TYPES = {
    "0201": TENDER, "0202": AWARD, "0203": CONTRACT, "0204": CORRECTION,  # 政府采购
    "0101": TENDER, "0102": None, "0104": AWARD, "0105": CORRECTION,  # 工程建设 (0102 开标记录: no type of ours)
}
STAGE_LABELS = {"0201": "采购/资审公告", "0202": "中标公告", "0203": "采购合同", "0204": "更正事项",
                "0101": "招标/资审公告", "0102": "开标记录", "0104": "交易结果公示", "0105": "招标/资审文件澄清"}
_DATE_LABELS = ("发布时间", "签署时间", "公示时间", "发布日期")
# th labels of the detail tables whose meaning the generic labels do not cover
_SUPPLIER_TH = ("中标（成交）供应商名称", "中标(成交)供应商名称", "中标供应商名称", "成交供应商名称", "中标人名称",
                "中标单位名称", "供应商名称")


def url_parts(url: str | None) -> tuple[str, str, str] | None:
    """(province, stage, id) of a ggzy ``/html/b/`` URL on the real host, else None."""
    m = URL_RE.search(url or "")
    return (m.group(1), m.group(2), m.group(4)) if m else None


def is_ggzy_detail(url: str | None, html: str) -> bool:
    """A ggzy content page: a ggzy.gov.cn ``/html/b/`` URL, or the same path with the page's own markup
    (``div.detail`` > ``h4.h4_o`` and ``div#mycontent``, as on a copy of the site)."""
    if url_parts(url):
        return True
    return bool(PATH_RE.search(url or "")) and 'class="h4_o"' in html and 'id="mycontent"' in html


def _stage(url: str | None) -> str | None:
    m = URL_RE.search(url or "") or PATH_RE.search(url or "")
    return m.group(2) if m else None


def parse_ggzy_detail(url: str | None, html: str) -> dict:
    soup = BeautifulSoup(html, "lxml")
    detail = soup.find("div", class_="detail") or soup
    h4 = detail.find("h4", class_="h4_o")
    title = clean(h4.get_text()) if h4 else None
    published_raw = None
    p = detail.find("p", class_="p_o")
    if p is not None:
        for span in p.find_all("span"):
            t = clean(span.get_text())
            label, _, value = t.partition("：")
            if label.strip() in _DATE_LABELS and value.strip():
                published_raw = value.strip()
                break
    platform_tag = detail.find("label", id="platformName")
    platform = clean(platform_tag.get_text()) if platform_tag else None
    content = detail.find("div", id="mycontent")
    rows: dict[str, str] = {}
    if content is not None:
        for table in content.find_all("table", class_="detail_Table"):
            for tr in table.find_all("tr"):
                th, td = tr.find("th"), tr.find("td")
                if th is not None and td is not None:
                    rows.setdefault(clean(th.get_text()), clean(td.get_text(" ")))
    body_html = content.decode_contents() if content is not None else ""
    has_body = content is not None and bool(clean(content.get_text(" ")))
    out = parse_generic(url, f"<html><body>{body_html}</body></html>", True) if has_body else {
        "title": None, "notice_type": None, "buyer": None, "agency": None, "project_code": None, "method": None,
        "suppliers": [], "lot_budgets": [], "published_raw": None, "published_at": None, "deadline_raw": None,
        "deadline": None, "period_raw": None, "text": "", "warnings": []}
    warnings = [w for w in out.get("warnings", []) if w not in ("no title found", "no publication date found")]
    if not has_body:
        warnings.append("no body: div#mycontent is empty (the notice has a title and a date only)")
    out["title"] = title or out.get("title")
    if published_raw:
        out["published_raw"], out["published_at"] = published_raw, parse_datetime(published_raw)
    stage = _stage(url)
    out["notice_type_raw"] = STAGE_LABELS.get(stage or "")
    from common.notice_types import normalise_notice_type

    out["notice_type"] = STAGE_TYPES.get(stage or "") or normalise_notice_type(None, out["title"]) \
        or out.get("notice_type")
    out["platform"] = platform
    if rows:
        buyer = rows.get("采购人名称") or rows.get("采购人") or rows.get("招标人名称") or rows.get("招标人")
        if buyer:
            out["buyer"] = buyer
        supplier = next((rows[k] for k in _SUPPLIER_TH if rows.get(k)), None)
        if supplier and not out.get("suppliers"):
            out["suppliers"] = [{"name": supplier, "award_cny": None, "lot": None}]
        amount_label = next((k for k in ("合同金额", "中标金额", "成交金额", "中标（成交）金额") if rows.get(k)), None)
        if amount_label and out.get("award_cny") is None:
            money = parse_amount(rows[amount_label], label=amount_label)
            if money:
                out["award_cny"], out["award_raw"] = money.cny, money.raw
        if out.get("suppliers") and len(out["suppliers"]) == 1 and out["suppliers"][0].get("award_cny") is None \
                and out.get("award_cny") is not None:
            out["suppliers"][0]["award_cny"] = out["award_cny"]
        if not has_body or not out.get("text"):
            out["text"] = "\n".join(f"{k}：{v}" for k, v in rows.items())
    if not out.get("title"):
        warnings.append("no title found")
    if not out.get("published_at"):
        warnings.append("no publication date found")
    if not out.get("buyer") and has_body and "no buyer found" not in warnings:
        warnings.append("no buyer found")
    out["warnings"] = warnings
    return out
