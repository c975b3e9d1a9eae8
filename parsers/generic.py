"""Any notice from an unknown site, or plain text (aggregators, attachments): label/value patterns only."""

from __future__ import annotations

import re

from bs4 import BeautifulSoup

from parsers.amounts import parse_amount
from parsers.dates import parse_datetime
from parsers.fields import find_period, find_project_code, label_value, result_table_suppliers
from parsers.methods import normalise_method
from parsers.notice_types import normalise_notice_type
from parsers.text import MAX_TEXT_CHARS, clean, nfkc


def parse_generic(url: str | None, text_or_html: str, is_html: bool) -> dict:
    soup = BeautifulSoup(text_or_html, "lxml") if is_html else None
    if soup is not None:
        for tag in soup(["script", "style"]):
            tag.decompose()
        text = nfkc(soup.get_text("\n"))
        title_tag = soup.find("h1") or soup.find("h2") or soup.find("title")
        title = clean(title_tag.get_text()) if title_tag else None
    else:
        text = nfkc(text_or_html)
        first = next((ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")), "")
        title = clean(first)[:200] or None
    warnings: list[str] = []
    hit = label_value(text, ["项目名称", "采购项目名称"], max_len=150)
    if not title and hit:
        title = hit[1]
    out: dict = {"title": title, "notice_type": normalise_notice_type(None, title)}
    for key, labels in (
        ("buyer", ["采购人名称", "采购单位名称", "采购人", "采购单位", "招标人"]),
        ("agency", ["采购代理机构名称", "代理机构名称", "采购代理机构", "招标代理机构", "招标代理"]),
    ):
        h = label_value(text, labels, max_len=80)
        out[key] = h[1] if h else None
    out["project_code"] = find_project_code(text)
    h = label_value(text, ["采购方式"], max_len=30)
    out["method"] = normalise_method(h[1] if h else None) or normalise_method(title)
    h = label_value(text, ["预算金额", "预算总金额", "采购预算", "项目预算", "最高限价"], max_len=60)
    budget = parse_amount(h[1], label=h[0]) if h else None
    if budget:
        out["budget_cny"], out["budget_raw"] = budget.cny, budget.raw
    h = label_value(text, ["总中标金额", "中标金额", "成交金额", "中标价", "中标（成交）金额"], max_len=60)
    award = parse_amount(h[1], label=h[0]) if h else None
    if award:
        out["award_cny"], out["award_raw"] = award.cny, award.raw
    out["suppliers"] = result_table_suppliers(soup) if soup is not None else []
    h = label_value(text, ["发布时间", "公告时间", "发布日期"], max_len=40)
    out["published_raw"] = h[1] if h else None
    out["published_at"] = parse_datetime(out["published_raw"])
    m = re.search(r"(?:开标时间|投标截止时间|响应文件提交截止时间)[^:：]{0,10}[:：]\s*(.{8,40})", text)
    out["deadline_raw"] = clean(m.group(1)) if m else None
    out["deadline"] = parse_datetime(out["deadline_raw"])
    out["period_raw"] = find_period(text)
    out["text"] = text[:MAX_TEXT_CHARS]
    for key, label in (("title", "title"), ("buyer", "buyer"), ("published_at", "publication date")):
        if not out.get(key):
            warnings.append(f"no {label} found")
    out["warnings"] = warnings
    return out
