"""Field extractors shared by every layout: label/value lookup in free text, result tables, periods."""

from __future__ import annotations

import re

from parsers.amounts import parse_amount
from parsers.html import table_rows
from parsers.text import clean, nfkc

_STOP = r"(?=\s{2,}|[；;。\n]|$)"


def label_value(text: str, labels: list[str], max_len: int = 120) -> tuple[str, str] | None:
    """Find ``label：value`` in ``text`` for the first label present; return (label as written, value)."""
    for label in labels:
        m = re.search(rf"({re.escape(label)}(?:\s*[（(][^)）]{{0,8}}[)）])?)\s*[:：]\s*(.{{1,{max_len}}}?){_STOP}", text, re.M)
        if m:
            value = clean(m.group(2))
            if value:
                return clean(m.group(1)), value
    return None


_RANK_HEADER = re.compile(r"^(?:推荐)?(?:排序|排名|名次)$")
_FIRST = re.compile(r"^(?:第\s*[一1]\s*名?|1)$")
_NO_WINNER = re.compile(r"^(?:无|/|-|—|--)$|无供应商|无中标|无成交|流标|废标")


def no_winner(name: str) -> bool:
    """A cell where a winner's name would stand that says there is none (``无供应商报价``, ``/``, ``流标``)."""
    return bool(_NO_WINNER.search(name.strip()))


def suppliers_from_rows(rows: list[list[str]]) -> list[dict]:
    """Rows of one result table (first row = header): the columns naming the supplier, the amount and the lot.
    A table that ranks its rows (``排序`` / ``排名``: 第一名, 第二名 …) lists candidates: only the first-ranked row
    of each lot is the winner."""
    if not rows:
        return []
    header = rows[0]
    name_col = next((i for i, h in enumerate(header) if "供应商" in h and "名称" in h
                     or h in ("中标人", "成交人", "中标单位", "成交供应商", "中标供应商", "成交单位")), None)
    if name_col is None:
        return []
    amount_col = next((i for i, h in enumerate(header) if "金额" in h or "报价" in h or "中标价" in h), None)
    lot_col = next((i for i, h in enumerate(header) if h in ("包号", "标项", "标段", "包", "标包", "标项号", "包件号")),
                   None)
    address_col = next((i for i, h in enumerate(header) if "地址" in h), None)
    rank_col = next((i for i, h in enumerate(header) if _RANK_HEADER.match(re.sub(r"\s+", "", h))), None)
    suppliers = []
    for cells in rows[1:]:
        if len(cells) <= name_col or not cells[name_col] or no_winner(cells[name_col]):
            continue
        if rank_col is not None and rank_col < len(cells) and not _FIRST.match(re.sub(r"\s+", "", cells[rank_col])):
            continue
        entry: dict = {"name": cells[name_col], "award_cny": None, "lot": None}
        if amount_col is not None and amount_col < len(cells):
            money = parse_amount(cells[amount_col], label=header[amount_col])
            if money:
                entry["award_cny"] = money.cny
                entry["award_raw"] = money.raw
        if lot_col is not None and lot_col < len(cells):
            entry["lot"] = cells[lot_col] or None
        if address_col is not None and address_col < len(cells) and cells[address_col]:
            entry["address"] = cells[address_col]
        suppliers.append(entry)
    return suppliers


def result_table_suppliers(container) -> list[dict]:  # noqa: ANN001 - an lxml element or None
    """Suppliers of the 中标结果 tables in an HTML fragment."""
    suppliers: list[dict] = []
    if container is None:
        return suppliers
    for table in container.iter("table"):
        suppliers += suppliers_from_rows(table_rows(table))
    return suppliers


def text_table_suppliers(text: str) -> list[dict]:
    """Suppliers of a result table written as pipe-separated text lines (``包号 | 成交供应商名称 | 成交金额(元) |``)."""
    lines = nfkc(text).splitlines()
    for i, line in enumerate(lines):
        if "|" not in line or "供应商" not in line and "中标人" not in line:
            continue
        header = [clean(c) for c in line.strip().strip("|").split("|")]
        rows = [header]
        for nxt in lines[i + 1:]:
            if "|" not in nxt:
                break
            rows.append([clean(c) for c in nxt.strip().strip("|").split("|")])
        found = suppliers_from_rows(rows)
        if found:
            return found
    return []


# the value is not the next line's list item ("一、项目名称及项目编号：\n1、项目名称：…")
_CODE = re.compile(r"(?:采购项目编号|项目编号|招标编号|采购编号|项目号)\s*[:：]\s*(?!\d{1,2}\s*[、.．]\s*\D)"
                   r"([^\s,，;；。)）:：]{3,60}(?:,[0-9A-Za-z][0-9A-Za-z\-]{2,30}(?![^\s,，;；。)）:：]))*)")


def find_project_code(text: str) -> str | None:
    """项目编号：X — up to the first space or punctuation that cannot belong to a code; a list of codes
    (``项目号：16A4937,16A5022,16A5133``) is kept as printed."""
    m = _CODE.search(nfkc(text))
    return m.group(1) if m else None


PERIOD_LABELS = ["合同履行期限", "合同履约期限", "服务期限", "服务期", "服务时间", "工期", "合作期限", "履约期限", "交货期"]


def find_period(text: str) -> str | None:
    hit = label_value(nfkc(text), PERIOD_LABELS, max_len=60)
    return hit[1] if hit else None


def lot_budget_rows(rows: list[list[str]]) -> list[dict]:
    """A tender's lot table (标项/包号 | 名称 | 预算金额): one entry per lot with its budget."""
    if len(rows) < 2:
        return []
    header = rows[0]
    lot_col = next((i for i, h in enumerate(header) if re.search(r"标项|包号|采购包|标段|包件|分包", h)
                    and "名称" not in h), None)
    budget_col = next((i for i, h in enumerate(header) if "预算" in h or "最高限价" in h), None)
    if lot_col is None or budget_col is None:
        return []
    name_col = next((i for i, h in enumerate(header) if "名称" in h), None)
    out = []
    for cells in rows[1:]:
        if len(cells) <= max(lot_col, budget_col) or not cells[lot_col]:
            continue
        money = parse_amount(cells[budget_col], label=header[budget_col])
        out.append({"lot": cells[lot_col], "name": cells[name_col] if name_col is not None and name_col < len(cells)
                    else None, "budget_cny": money.cny if money else None})
    return out


def html_lot_budgets(container) -> list[dict]:  # noqa: ANN001 - an lxml element or None
    if container is None:
        return []
    out: list[dict] = []
    for table in container.iter("table"):
        out += lot_budget_rows(table_rows(table))
    return out
