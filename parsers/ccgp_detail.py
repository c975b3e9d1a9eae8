"""ccgp.gov.cn detail pages (SOURCES.md §4.4–4.5): the 公告概要 table first, the body as fallback.

Layouts: current (``div.vF_detail_content``) and pre-2017 (``div.vT_detail_content``).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from parsers.amounts import Money, parse_amount
from parsers.call_terms import summary_terms
from parsers.awards import amounts_by_order
from parsers.dates import parse_datetime
from parsers.html import cell_text, element_text, parse_html, table_rows
from parsers.fields import find_period, find_project_code, label_value, lot_budget_rows, suppliers_from_rows
from parsers.methods import normalise_method
from common.notice_types import normalise_notice_type
from parsers.periods import parse_period
from parsers.result_template import fill_missing, nonzero
from parsers.sections import dedupe_list
from parsers.text import MAX_TEXT_CHARS, clean
from common.notice_types import AWARD, CONTRACT, TENDER

URL_RE = re.compile(r"ccgp\.gov\.cn|/cggg/(?:zygg|dfgg)/")


def index(doc) -> dict:  # noqa: ANN001 - an lxml element
    """One walk over the page: elements by (tag, class), by id, and metas by name (cheaper than many XPaths)."""
    idx: dict = {}
    for el in doc.iter("td", "div", "h2", "ul", "meta", "span", "p"):  # the only tags the layout looks up
        tag = el.tag
        cls = el.get("class")
        if cls:
            for c in cls.split():
                idx.setdefault((tag, c), []).append(el)
        if tag == "meta":
            name = el.get("name")
            if name:
                idx.setdefault(("meta", name), []).append(el)
        elif tag == "h2":
            idx.setdefault(("h2", None), []).append(el)
        el_id = el.get("id")
        if el_id:
            idx.setdefault(("#", el_id), []).append(el)
    return idx


def summary_table(idx: dict) -> dict[str, str]:
    """公告概要: every ``td.title`` label with the cell after it (the first occurrence of a label wins)."""
    out: dict[str, str] = {}
    for td in idx.get(("td", "title"), []):
        label = clean(cell_text(td)).rstrip("：:")
        value_td = td.getnext()
        if not label or value_td is None or value_td.tag != "td" or "title" in (value_td.get("class") or "").split():
            continue
        out.setdefault(label, clean(" ".join(value_td.itertext())))
    return out


def _meta(idx: dict, name: str) -> str | None:
    for el in idx.get(("meta", name), []):
        content = clean(el.get("content"))
        if content:
            return content
    return None


def vertical_suppliers(rows: list[list[str]]) -> list[dict]:
    """The vertical result template (Shandong and others, SOURCES.md §7.2, captured): one ``label：value`` cell a
    row, ``标包：A`` / ``供应商名称：…`` / ``供应商地址：…`` / ``中标（成交）金额：（可填写下浮率、折扣率或费率）：…万元``,
    repeated per lot, instead of a table with a header row."""
    out: list[dict] = []
    cur: dict | None = None
    lot = None
    for cells in rows:
        if len(cells) != 1:
            continue
        parts = re.split(r"[：:]", cells[0], maxsplit=1)
        if len(parts) != 2:
            continue
        label, value = parts[0].strip(), parts[1].strip()
        if label == "标包":
            lot = value or None
        elif "供应商名称" in label and value:
            cur = {"name": value, "award_cny": None, "lot": lot}
            out.append(cur)
        elif cur is not None and "地址" in label and value:
            cur["address"] = value
        elif cur is not None and "金额" in label:
            money = parse_amount(re.split(r"[：:]", value)[-1], label="中标金额")  # after the form's hint
            if money:
                cur["award_cny"], cur["award_raw"] = money.cny, money.raw
    return out


_BIZ_DOWNLOAD = "https://download.ccgp.gov.cn/oss/download?uuid={}"


def _usable(href: str | None) -> bool:
    h = (href or "").strip().lower()
    return bool(h) and not h.startswith(("javascript:", "#"))


def attachments(url: str, doc, idx: dict) -> list[dict]:  # noqa: ANN001
    """Both forms of SOURCES.md §7.2, in page order: links in ``ul.fjxx`` (provincial OSS hosts; newer URLs end in
    ``?accessCode=…`` with no extension) and ``a.bizDownload`` with ``id="<uuid>"`` and no usable href, downloadable
    at download.ccgp.gov.cn/oss/download?uuid=<uuid>. Listed, not downloaded."""
    in_list = {a for ul in idx.get(("ul", "fjxx"), []) for a in ul.iter("a")}
    out: list[dict] = []
    seen: set[str] = set()
    for a in doc.iter("a"):
        biz = "bizDownload" in (a.get("class") or "").split()
        if not biz and a not in in_list:
            continue
        href = a.get("href")
        if _usable(href):
            link = urljoin(url or "", href.strip())
        elif biz and re.fullmatch(r"[\w-]{8,64}", (a.get("id") or "").strip()):
            link = _BIZ_DOWNLOAD.format(a.get("id").strip())
        else:
            continue
        if link not in seen:
            seen.add(link)
            out.append({"name": clean(cell_text(a)), "url": link})
    return out[:50]


def parse_ccgp_detail(url: str, html: str) -> dict:
    # lxml directly: on this layout, BeautifulSoup's tree building cost 20 times lxml's parse (bench/parse.py)
    if "错误页面！中国政府采购网" in html[:3000]:
        return {"warnings": ["error page (错误页面), no notice"], "error_page": True}
    warnings: list[str] = []
    doc = parse_html(html)  # plain etree elements: lxml.html's element classes cost a Python lookup per element
    if doc is None:
        return {"warnings": ["empty page"], "error_page": True}
    idx = index(doc)
    table = summary_table(idx)
    bodies = idx.get(("div", "vF_detail_content")) or idx.get(("div", "vT_detail_content")) or []
    body_el = bodies[0] if bodies else None
    suppliers: list[dict] = []
    lot_budgets: list[dict] = []
    tables: list[list[list[str]]] = []
    if body_el is not None:
        for t in body_el.iter("table"):
            rows = table_rows(t, direct=True)
            tables.append(rows)
            suppliers += suppliers_from_rows(rows)
            lot_budgets += lot_budget_rows(rows)
        if not suppliers:
            for t in body_el.iter("table"):
                if t.get("id") == "NoticeDetail":
                    suppliers += vertical_suppliers(table_rows(t, direct=True))
    body = element_text(body_el) if body_el is not None else ""
    if body_el is None:
        warnings.append("no body (div.vF_detail_content / div.vT_detail_content)")

    h2 = idx.get(("h2", "tc")) or idx.get(("h2", None))
    title = _meta(idx, "ArticleTitle") or (clean(cell_text(h2[0])) if h2 else None)
    locs = idx.get(("div", "vF_deail_currentloc"), [])
    crumbs = [a for a in locs[0].iter("a") if "CurrChnlCls" in (a.get("class") or "").split()] if locs else []
    type_label = clean(cell_text(crumbs[-1])) if crumbs else None
    pub_tag = idx.get(("#", "pubTime"))
    pub_raw = _meta(idx, "PubDate") or (clean(cell_text(pub_tag[0])) if pub_tag else table.get("公告时间"))

    out: dict = {
        "title": title,
        "notice_type_raw": type_label,
        "notice_type": normalise_notice_type(type_label, title),
        "published_raw": pub_raw,
        "published_at": parse_datetime(pub_raw),
        "buyer": dedupe_list(table.get("采购单位") or table.get("采购人") or "") or None,  # "济南大学,济南大学"
        "buyer_region": table.get("行政区域"),
        "agency": table.get("代理机构名称"),
    }
    # no 公告概要: buyer and agency from the body's contact blocks, else its labels (fill_missing, below)

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
    award = nonzero(parse_amount(table.get("总中标金额") or table.get("总成交金额"), label="总中标金额"), out)
    if award is None and suppliers and all(s.get("award_cny") is not None for s in suppliers):
        award = Money(sum(s["award_cny"] for s in suppliers), "; ".join(s["award_raw"] for s in suppliers))
    if award is None and out["notice_type"] == CONTRACT:  # the contract's value (the report counts awards only)
        hit = label_value(body, ["合同金额", "合同总金额", "合同价款"], max_len=60)
        award = parse_amount(hit[1], label=hit[0]) if hit else None
    if award:
        out["award_cny"], out["award_raw"] = award.cny, award.raw

    deadline_raw = table.get("开标时间")
    if not deadline_raw:
        m = re.search(r"并于\s*(.{8,30}?)[（(]北京时间[)）]\s*前递交", body)
        deadline_raw = m.group(1) if m else None
    out["deadline_raw"] = deadline_raw
    out["deadline"] = parse_datetime(deadline_raw)
    out.update(summary_terms(table))  # 开标时间 / 开标地点 / 获取招标文件时间 … (parsers/call_terms.py)
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
    out["attachments"] = attachments(url, doc, idx)
    out["text"] = body[:MAX_TEXT_CHARS]
    fill_missing(out, body)  # what the body says where the 公告概要 table is missing or silent (older pages)
    amounts_by_order(out["suppliers"], tables)
    won = out["suppliers"]
    if won and all(s.get("award_cny") is not None for s in won):
        total = sum(s["award_cny"] for s in won)
        # none yet, or the table's rounded to 0.01 万元 (￥668.790000 万元 for 6687920.0元): the winners' own, to the yuan
        if out.get("award_cny") is None or 0 < abs(total - out["award_cny"]) < 100:
            out["award_cny"], out["award_raw"] = total, "; ".join(s.get("award_raw") or str(s["award_cny"]) for s in won)
    warnings += out.pop("warnings_extra", [])

    for key, label in (("title", "title"), ("buyer", "buyer"), ("published_at", "publication date")):
        if not out.get(key):
            warnings.append(f"no {label} found")
    if out["notice_type"] == TENDER and "budget_cny" not in out:
        warnings.append("tender notice without a budget")
    if out["notice_type"] == AWARD and "award_cny" not in out:
        warnings.append("award notice without an award amount")
    out["warnings"] = warnings
    return out
