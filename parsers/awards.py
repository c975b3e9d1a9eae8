"""The award section of a result notice (中标（成交）信息, SOURCES.md §8 and §4.5): who won, for how much.

The section gives its winners as a table seen as text (tab- or pipe-separated, a header row naming the supplier
column), as vertical ``供应商名称：`` / ``中标（成交）金额：`` rows (one winner per name), as label and value
separated by runs of spaces (``1:中标供应商名称  某某有限公司  法人代表  某某  地址  某市…``), or — in the older
templates — as the one ``中标候选单位名称：`` the section heading calls the winner. Tables that rank candidates
(排序 第一名 …) or say there is no winner (无供应商报价, 流标) are read as such (parsers/fields.py). An amount's unit may
follow the number in brackets (``123.45（万元）``). A masked value is unknown. Pure functions.
"""

from __future__ import annotations

import re

from parsers.amounts import parse_amount
from parsers.fields import no_winner, suppliers_from_rows
from parsers.labels import label_kind, labelled, masked
from parsers.text import clean, nfkc


def award_suppliers(body: str) -> list[dict]:
    """Winners in the award section: a tab- or pipe-separated table with a supplier-name header, else vertical
    ``供应商名称：`` rows, else label and value separated by spaces, else the one 中标候选单位 the section names."""
    lines = [ln for ln in nfkc(body).splitlines() if ln.strip()]
    for i, line in enumerate(lines):
        sep = "\t" if "\t" in line else "|" if "|" in line else None
        if sep is None or "供应商" not in line and "中标人" not in line and "成交人" not in line:
            continue
        rows = [[clean(c) for c in line.strip().strip(sep).split(sep)]]
        if len(rows[0]) < 2:  # one cell a line (a table's cells on separate lines): not a header row
            continue
        for nxt in lines[i + 1:]:
            if sep not in nxt:
                break
            rows.append([clean(c) for c in nxt.strip().strip(sep).split(sep)])
        rows = [[c for c in r] for r in rows]
        found = [s for s in suppliers_from_rows(rows) if not no_winner(s["name"]) and not masked(s["name"])]
        if found:
            for s in found:
                if s.get("award_raw"):
                    money = amount(s["award_raw"], "中标金额")
                    s["award_cny"] = money.cny if money else None
            return found
    out = vertical_rows(body) or space_pairs(lines)
    if not out:
        lone = _CANDIDATE.findall(nfkc(body))
        if len(lone) == 1 and not masked(lone[0]) and not no_winner(lone[0]):
            out = [{"name": clean(lone[0]), "award_cny": None, "lot": None}]
    return out


def vertical_rows(body: str) -> list[dict]:
    """``供应商名称：`` / ``供应商地址：`` / ``中标（成交）金额：`` rows, one winner per name (a ``标包：`` row names
    the lot of the names after it)."""
    out: list[dict] = []
    lot = None
    for kind, label, value in labelled(body):
        if label in ("标包", "包号", "标项"):
            lot = value
        elif kind == "supplier" and value and not masked(value) and not no_winner(value):
            out.append({"name": value, "award_cny": None, "lot": lot})
        elif kind == "supplier_address" and out and value:
            out[-1].setdefault("address", value)
        elif kind == "award" and out and out[-1]["award_cny"] is None:
            money = amount(value, label)
            if money:
                out[-1]["award_cny"], out[-1]["award_raw"] = money.cny, money.raw
    return out


_LIST_MARK = re.compile(r"^\s*\d{1,2}\s*[:：.、．]\s*")


def space_pairs(lines: list[str]) -> list[dict]:
    """Label and value separated by runs of spaces, one winner a line: ``1:中标供应商名称  某某有限公司  法人代表  杨某
    地址  广州市…`` (a table flattened into a paragraph). The amount, when the line carries one, goes with it."""
    out: list[dict] = []
    for line in lines:
        cells = [c for c in re.split(r"\s{2,}", _LIST_MARK.sub("", line.strip())) if c]
        entry: dict | None = None
        for label, value in zip(cells, cells[1:]):
            kind = label_kind(label)
            if kind == "supplier" and entry is None and not masked(value) and not no_winner(value):
                entry = {"name": value, "award_cny": None, "lot": None}
                out.append(entry)
            elif kind == "award" and entry is not None and entry["award_cny"] is None:
                money = amount(value, label)
                if money:
                    entry["award_cny"], entry["award_raw"] = money.cny, money.raw
    return out


# the older templates' "四、中标单位名称、地址、和中标金额：中标候选单位名称：X" — only where the heading says it is the winner
_CANDIDATE = re.compile(r"中标候选(?:单位|人|供应商)(?:名称)?\s*[:：]\s*([^\n:：]{4,60}?)\s*(?=\n|$)")


_BRACKET_UNIT = re.compile(r"(\d)\s*[(（]\s*(亿元|万元|元)\s*[)）]")


def amount(value: str | None, label: str = ""):  # noqa: ANN201 - Money | None
    """An amount; the unit may follow the number in brackets: ``123.4500000（万元）`` is 万元. Masked: None."""
    if not value or masked(value):
        return None
    return parse_amount(_BRACKET_UNIT.sub(r"\1\2", nfkc(value)), label=label)


_ITEM_AMOUNT = re.compile(r"(?:中标|成交)[、(（]?(?:成交|中标)?[)）]?(?:金额|价)|^(?:中标|成交)(?:总)?(?:金额|价格?)")


def amounts_by_order(suppliers: list[dict], tables: list[list[list[str]]]) -> bool:
    """Winners named without amounts, and a table of the awarded items (``主要中标、成交标的名称 | … | 中标金额``, no
    supplier column) with exactly one amount per winner: the amounts go to the winners in order (包1, 包2 …), as the
    notice lists both. True when they were given."""
    if not suppliers or any(s.get("award_cny") is not None for s in suppliers):
        return False
    for rows in tables:
        if len(rows) < 2 or any("供应商" in h or h in ("中标人", "成交人") for h in rows[0]):
            continue
        col = next((i for i, h in enumerate(rows[0]) if _ITEM_AMOUNT.search(re.sub(r"\s+", "", h))), None)
        if col is None:
            continue
        moneys = [amount(r[col], rows[0][col]) for r in rows[1:] if col < len(r) and r[col].strip()]
        if len(moneys) == len(suppliers) and all(moneys):
            for s, money in zip(suppliers, moneys):
                s["award_cny"], s["award_raw"] = money.cny, money.raw
            return True
    return False
