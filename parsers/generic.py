"""Any notice from an unknown site, or plain text (aggregators, attachments): tables and label/value patterns.

Values come first from label/value table cells (HTML tables, pipe-separated text), then from ``label：value``
lines in the text. Every field that is not found is simply absent; what a reader would expect and is missing
is named in ``warnings``.
"""

from __future__ import annotations

import re

from parsers.amounts import parse_amount
from parsers.dates import parse_datetime, signature_date
from parsers.fields import find_project_code, html_lot_budgets, label_value, result_table_suppliers, text_table_suppliers
from parsers.html import element_text, parse_html, title_of
from parsers.methods import normalise_method
from common.notice_types import normalise_notice_type
from parsers.periods import parse_period
from parsers.sections import apply_sections
from parsers.tables import FIELD_LABELS, is_placeholder, kv_from_html, kv_from_text, lookup
from parsers.text import MAX_TEXT_CHARS, clean, nfkc
from common.notice_types import AWARD, TENDER

_RATE = re.compile(r"(下浮率|折扣率|费率|优惠率)\s*[:：]?\s*\d+(?:\.\d+)?\s*%")


_ENTRUSTED_BY = re.compile(r"(?:^|[。\n:：])\s*([^\s,，。:：;；]{4,40}?)\s*受\s*([^\s,，。;；]{4,40}?)\s*的?委托")
_ENTRUSTS = re.compile(r"受\s*([^\s,，。;；]{4,40}?)\s*的?委托\s*[,，]\s*([^\s,，。;；]{4,40}?)\s*(?:对|就|于)")


_CONDUCTS = re.compile(r"(?:^|[。\n])\s*([^\s,，。:：;；]{4,40}?(?:公司|学院|大学|学校|医院|局|中心|委员会|政府|办公室|研究院|研究所|处|厅))\s*"
                       r"(?:对|就)[^。\n]{2,80}?进行(?:了)?(?:公开招标|邀请招标|竞争性磋商|竞争性谈判|询价|单一来源|采购)")
_AGENCY_NAME = re.compile(r"招标|咨询|代理|项目管理|工程管理|造价")
_RESULT_WORDS = re.compile(r"(?:成交|中标|采购)结果(?:公告|公示)?如下|现将(?:成交|中标)|结果公告如下")
_CALL_WORDS = re.compile(r"欢迎[^。\n]{0,20}(?:供应商|投标人)[^。\n]{0,10}参加|现邀请[^。\n]{0,30}(?:投标|参加)|"
                         r"(?:招标|采购|磋商|谈判|询价)公告如下|凡有意参加[^。\n]{0,12}者|"
                         r"(?:^|[现,，])(?:对|就)[^。\n]{2,80}?进行(?:国内)?(?:公开招标|邀请招标|竞争性磋商|竞争性谈判|询价|询比|公开采购)|"
                         r"采用单(?:一来)?源采购方式的原因|单(?:一来)?源采购的依据|拟定的唯一供应商", re.M)  # a 单一来源 公示: a call


def notice_type_from_text(text: str) -> str | None:
    """What the opening sentence says the notice is, when the title does not."""
    head = text[:800]
    if _RESULT_WORDS.search(head):
        return AWARD
    if _CALL_WORDS.search(head):
        return TENDER
    return None


def entrustment(text: str) -> tuple[str, str] | None:
    """(buyer, agency) from the opening sentence "代理受采购人委托" in either order."""
    m = _ENTRUSTS.search(text)
    if m:
        return m.group(1), m.group(2)
    m = _ENTRUSTED_BY.search(text)
    if m:
        return m.group(2), m.group(1)
    return None


def _title(doc, text: str) -> str | None:  # noqa: ANN001 - an lxml element or None
    if doc is not None:
        return title_of(doc)
    first = next((ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")), "")
    return clean(first)[:300] or None


def parse_generic(url: str | None, text_or_html: str, is_html: bool) -> dict:
    doc = parse_html(text_or_html) if is_html else None  # lxml (parsers/html.py), scripts and styles out
    if doc is not None:
        kv = kv_from_html(doc)
        text = element_text(doc)
    else:
        text = nfkc(text_or_html)
        kv = {}
    for k, v in kv_from_text(text).items():
        kv.setdefault(k, v)

    def get(field: str, max_len: int = 80) -> tuple[str, str] | None:
        hit = lookup(kv, field) or label_value(text, list(FIELD_LABELS[field]), max_len=max_len)
        return None if hit is None or is_placeholder(hit[1]) else hit

    title = _title(doc, text)
    if not title:
        hit = label_value(text, ["项目名称", "采购项目名称", "工程名称"], max_len=150)
        title = hit[1] if hit else None
    out: dict = {"title": title, "notice_type": normalise_notice_type(None, title) or notice_type_from_text(text)}
    for field in ("buyer", "agency"):
        hit = get(field)
        out[field] = hit[1] if hit else None
    entrusted = entrustment(text)  # "Y受X委托" / "受X委托，Y对…": X is the buyer, Y the agency
    if entrusted:
        out["buyer"] = out["buyer"] or entrusted[0]
        out["agency"] = out["agency"] or entrusted[1]
    m = _CONDUCTS.search(text[:600])  # "X对…项目进行(了)竞争性磋商": X is the agency or the buyer itself
    if m:
        key = "agency" if _AGENCY_NAME.search(m.group(1)) else "buyer"
        out[key] = out[key] or m.group(1)
    hit = get("project_code", 60)
    out["project_code"] = find_project_code(text) or (hit[1] if hit else None)
    hit = get("method", 30)
    out["method"] = normalise_method(hit[1] if hit else None) or normalise_method(title)

    for field in ("budget", "max_price", "award"):
        hit = get(field, 60)
        if hit and "单价" in hit[1]:
            out["warnings_extra"] = [f"{field}: only a unit price is given ({hit[1]})"]
            continue
        money = parse_amount(hit[1], label=hit[0]) if hit else None
        if money:
            out[f"{field}_cny"], out[f"{field}_raw"] = money.cny, money.raw
        elif hit and "%" in hit[1]:
            out.setdefault("rate_raw", hit[1])  # a fee rate or discount where an amount would stand
    m = _RATE.search(text)
    if m:
        out["rate_raw"] = m.group(0)  # a rate is not an amount: kept apart

    suppliers = result_table_suppliers(doc) if doc is not None else text_table_suppliers(text)
    out["lot_budgets"] = html_lot_budgets(doc) if doc is not None else []
    if not suppliers:
        hit = get("supplier", 60)
        if hit:
            suppliers = [{"name": hit[1], "award_cny": out.get("award_cny"), "lot": None}]
    out["suppliers"] = suppliers
    if "award_cny" not in out and suppliers and all(x.get("award_cny") is not None for x in suppliers):
        out["award_cny"] = sum(x["award_cny"] for x in suppliers)
        out["award_raw"] = "; ".join(x.get("award_raw") or str(x["award_cny"]) for x in suppliers)

    hit = get("published", 40)
    out["published_raw"] = hit[1] if hit else signature_date(text)
    out["published_at"] = parse_datetime(out["published_raw"])
    hit = get("deadline", 40)
    out["deadline_raw"] = hit[1] if hit else None
    out["deadline"] = parse_datetime(out["deadline_raw"])
    hit = get("period", 120)
    out["period_raw"] = hit[1] if hit else None
    label_unit = re.search(r"[(（](天|日|月|年)[)）]", hit[0]) if hit else None
    period = parse_period(out["period_raw"], unit=label_unit.group(1) if label_unit else None)
    if period:
        out["period_days"] = period.days
        if period.months:
            out["period_months"] = period.months
    apply_sections(out, text)  # the national templates' sections (parsers/sections.py)
    out["text"] = text[:MAX_TEXT_CHARS]
    warnings = out.pop("warnings_extra", [])
    for key, label in (("title", "title"), ("buyer", "buyer"), ("published_at", "publication date")):
        if not out.get(key):
            warnings.append(f"no {label} found")
    out["warnings"] = warnings
    return out
