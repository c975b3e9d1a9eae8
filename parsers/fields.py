"""Field extractors shared by every layout: label/value lookup in free text, result tables, periods."""

from __future__ import annotations

import re

from bs4 import Tag

from parsers.amounts import parse_amount
from parsers.text import clean, nfkc

_STOP = r"(?=\s{2,}|[；;。\n]|$)"


def label_value(text: str, labels: list[str], max_len: int = 120) -> tuple[str, str] | None:
    """Find ``label：value`` in ``text`` for the first label present; return (label as written, value)."""
    for label in labels:
        m = re.search(rf"({label}(?:\s*[（(][^)）]{{0,8}}[)）])?)\s*[:：]\s*(.{{1,{max_len}}}?){_STOP}", text, re.M)
        if m:
            value = clean(m.group(2))
            if value:
                return clean(m.group(1)), value
    return None


def result_table_suppliers(container: Tag | None) -> list[dict]:
    """Rows of a 中标结果 table: the columns whose header names the supplier, the amount and the lot."""
    suppliers: list[dict] = []
    if container is None:
        return suppliers
    for table in container.find_all("table"):
        rows = table.find_all("tr")
        if not rows:
            continue
        header = [clean(c.get_text()) for c in rows[0].find_all(["th", "td"])]
        name_col = next((i for i, h in enumerate(header) if "供应商" in h and "名称" in h
                         or h in ("中标人", "成交人", "中标单位", "成交供应商")), None)
        if name_col is None:
            continue
        amount_col = next((i for i, h in enumerate(header) if "金额" in h or "报价" in h or "中标价" in h), None)
        lot_col = next((i for i, h in enumerate(header) if h in ("包号", "标项", "标段", "包", "标包")), None)
        for tr in rows[1:]:
            cells = [clean(c.get_text()) for c in tr.find_all(["td", "th"])]
            if len(cells) <= name_col or not cells[name_col]:
                continue
            entry: dict = {"name": cells[name_col], "award_cny": None, "lot": None}
            if amount_col is not None and amount_col < len(cells):
                money = parse_amount(cells[amount_col], label=header[amount_col])
                if money:
                    entry["award_cny"] = money.cny
                    entry["award_raw"] = money.raw
            if lot_col is not None and lot_col < len(cells):
                entry["lot"] = cells[lot_col] or None
            suppliers.append(entry)
    return suppliers


_CODE = re.compile(r"(?:采购项目编号|项目编号|招标编号|采购编号)\s*[:：]\s*([^\s,，;；。)）:：]{3,60})")


def find_project_code(text: str) -> str | None:
    """项目编号：X — up to the first space or punctuation that cannot belong to a code."""
    m = _CODE.search(nfkc(text))
    return m.group(1) if m else None


PERIOD_LABELS = ["合同履行期限", "合同履约期限", "服务期限", "服务期", "服务时间", "工期", "合作期限", "履约期限", "交货期"]


def find_period(text: str) -> str | None:
    hit = label_value(nfkc(text), PERIOD_LABELS, max_len=60)
    return hit[1] if hit else None
