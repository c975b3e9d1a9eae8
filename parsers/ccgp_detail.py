"""ccgp.gov.cn detail pages (SOURCES.md §4.4–4.5): the 公告概要 table first, the body as fallback.

Layouts: current (``div.vF_detail_content``) and pre-2017 (``div.vT_detail_content``).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from bs4 import BeautifulSoup

from parsers.amounts import Money, parse_amount
from parsers.dates import parse_datetime
from parsers.fields import html_lot_budgets, find_period, find_project_code, label_value, result_table_suppliers
from parsers.methods import normalise_method
from parsers.notice_types import normalise_notice_type
from parsers.periods import parse_period
from parsers.text import MAX_TEXT_CHARS, clean, html_text, nfkc

URL_RE = re.compile(r"ccgp\.gov\.cn|/cggg/(?:zygg|dfgg)/")


def summary_table(soup: BeautifulSoup) -> dict[str, str]:
    """公告概要: every ``td.title`` label with the cell after it (the first occurrence of a label wins)."""
    out: dict[str, str] = {}
    for td in soup.find_all("td", class_="title"):
        label = clean(td.get_text()).rstrip("：:")
        value_td = td.find_next_sibling("td")
        if not label or value_td is None or "title" in (value_td.get("class") or []):
            continue
        out.setdefault(label, clean(value_td.get_text(" ")))
    return out


def _meta(soup: BeautifulSoup, name: str) -> str | None:
    tag = soup.find("meta", attrs={"name": name})
    return clean(tag.get("content")) if tag and tag.get("content") else None


def parse_ccgp_detail(url: str, html: str) -> dict:
    soup = BeautifulSoup(html, "lxml")
    warnings: list[str] = []
    if "错误页面！中国政府采购网" in html[:3000]:
        return {"warnings": ["error page (错误页面), no notice"], "error_page": True}
    table = summary_table(soup)
    # find/find_all rather than CSS selectors: soupsieve costs more than the whole tree build here
    body_tag = soup.find("div", class_="vF_detail_content") or soup.find("div", class_="vT_detail_content")
    suppliers = result_table_suppliers(body_tag)
    lot_budgets = html_lot_budgets(body_tag)
    body = html_text(body_tag) if body_tag else ""
    if body_tag is None:
        warnings.append("no body (div.vF_detail_content / div.vT_detail_content)")

    h2 = soup.find("h2", class_="tc") or soup.find("h2")
    title = _meta(soup, "ArticleTitle") or (clean(h2.get_text()) if h2 else None)
    loc = soup.find("div", class_="vF_deail_currentloc")
    crumbs = loc.find_all("a", class_="CurrChnlCls") if loc else []
    type_label = clean(crumbs[-1].get_text()) if crumbs else None
    pub_tag = soup.find(id="pubTime")
    pub_raw = _meta(soup, "PubDate") or (clean(pub_tag.get_text()) if pub_tag else table.get("公告时间"))

    out: dict = {
        "title": title,
        "notice_type_raw": type_label,
        "notice_type": normalise_notice_type(type_label, title),
        "published_raw": pub_raw,
        "published_at": parse_datetime(pub_raw),
        "buyer": table.get("采购单位") or table.get("采购人"),
        "buyer_region": table.get("行政区域"),
        "agency": table.get("代理机构名称"),
    }
    if not out["buyer"]:
        hit = label_value(body, ["采购人名称", "采购单位名称", "采购人", "采购单位"])
        out["buyer"] = hit[1] if hit else None
    if not out["agency"]:
        hit = label_value(body, ["采购代理机构名称", "代理机构名称", "采购代理机构"])
        out["agency"] = hit[1] if hit else None

    out["project_code"] = find_project_code(body)

    hit = label_value(body, ["采购方式"], max_len=30)
    out["method"] = normalise_method(hit[1] if hit else None) or normalise_method(type_label) \
        or normalise_method(title)

    budget = parse_amount(table.get("预算金额"), label="预算金额")
    if budget is None:
        hit = label_value(body, ["预算金额", "预算总金额", "采购预算", "项目预算"], max_len=60)
        if hit:
            budget = parse_amount(hit[1], label=hit[0])
    if budget:
        out["budget_cny"], out["budget_raw"] = budget.cny, budget.raw

    out["suppliers"] = suppliers
    out["lot_budgets"] = lot_budgets
    out["buyer_address"] = table.get("采购单位地址") or table.get("采购人地址")
    award = parse_amount(table.get("总中标金额") or table.get("总成交金额"), label="总中标金额")
    if award is None and suppliers and all(s.get("award_cny") is not None for s in suppliers):
        award = Money(sum(s["award_cny"] for s in suppliers), "; ".join(s["award_raw"] for s in suppliers))
    if award:
        out["award_cny"], out["award_raw"] = award.cny, award.raw

    deadline_raw = table.get("开标时间")
    if not deadline_raw:
        m = re.search(r"并于\s*(.{8,30}?)[（(]北京时间[)）]\s*前递交", body)
        deadline_raw = m.group(1) if m else None
    out["deadline_raw"] = deadline_raw
    out["deadline"] = parse_datetime(deadline_raw)
    out["period_raw"] = find_period(body)
    period = parse_period(out["period_raw"])
    if period:
        out["period_days"] = period.days
        if period.months:
            out["period_months"] = period.months
    hit = label_value(body, ["最高限价", "最高投标限价", "招标控制价"], max_len=60)
    max_price = parse_amount(hit[1], label=hit[0]) if hit else None
    if max_price:
        out["max_price_cny"], out["max_price_raw"] = max_price.cny, max_price.raw
    out["attachments"] = [{"name": clean(a.get_text()), "url": urljoin(url, a["href"])}
                          for ul in soup.find_all("ul", class_="fjxx") for a in ul.find_all("a", href=True)][:50]
    out["text"] = body[:MAX_TEXT_CHARS]

    for key, label in (("title", "title"), ("buyer", "buyer"), ("published_at", "publication date")):
        if not out.get(key):
            warnings.append(f"no {label} found")
    if out["notice_type"] == "招标/采购公告" and "budget_cny" not in out:
        warnings.append("tender notice without a budget")
    if out["notice_type"] == "中标/成交公告" and "award_cny" not in out:
        warnings.append("award notice without an award amount")
    out["warnings"] = warnings
    return out
