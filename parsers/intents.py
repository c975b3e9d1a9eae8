"""政府采购意向公告 (SOURCES.md §8): one row per planned purchase, as a vendor reads it months before the tender.

The national template is a table per unit: 序号 | 采购项目名称 | 采购需求概况 | 预算金额（万元） | 预计采购时间（填写到月）
| 备注. Sites print it as an HTML table (tab-separated cells once the page is text: parsers/text.py html_text) or
as pipe-separated text whose cells may break over lines (``招标\\n方式``); the 江西 工程 portal's 招标计划 uses
项目名称 | 建设单位（或招标人） | 项目概况 | 招标方式 | 投资额或估算价（万元） | 资金来源 | 预计招标时间.

Each row: {name, summary, budget_cny, planned ("YYYY-MM"), raw (the row's cells as printed, `` | ``-joined)}. A
unit in the header (``预算金额（万元）``) or a ``单位：万元`` note above the table scales every bare number of the
column; a masked budget (``**``) is unknown; an 投资额 / 估算价 column is an estimate, not a budget (kept in raw).
Pure functions over the body text.
"""

from __future__ import annotations

import re

from common.notice_types import INTENT
from parsers.amounts import label_unit, parse_amount
from parsers.labels import masked
from parsers.methods import normalise_method
from parsers.text import clean, nfkc

# header cell → column key; the first pattern that matches decides (budget before name: 预算 headers may say 项目)
COLUMNS: tuple[tuple[str, re.Pattern], ...] = (
    ("number", re.compile(r"^序号$")),
    ("planned", re.compile(r"预计.{0,4}(?:时间|月份|日期)|(?:采购|招标)(?:时间|月份)")),
    ("budget", re.compile(r"预算")),
    ("estimate", re.compile(r"估算|投资额|概算")),
    ("summary", re.compile(r"概况|采购需求|需求内容|采购内容|主要内容|采购标的")),
    ("name", re.compile(r"项目名称|^采购项目$|^项目$")),
    ("buyer", re.compile(r"采购单位|采购人|建设单位|招标人")),
    ("method", re.compile(r"采购方式|招标方式")),
)
_HEADER_START = re.compile(r"(?m)^[ \t]*(?:序号|(?:采购)?项目名称)[ \t]*[\t|]")
_UNIT_NOTE = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|元|亿元)")
_MONTH = re.compile(r"((?:19|20)\d{2})\s*[-./年]\s*(\d{1,2})(?!\d)")
_ROW_NUMBER = re.compile(r"^\d{1,4}$")


def column_of(header: str) -> str | None:
    h = re.sub(r"\s+", "", nfkc(header))
    return next((key for key, rx in COLUMNS if rx.search(h)), None)


def planned_month(value: str | None) -> str | None:
    """``2026年5月`` / ``2026-05`` / ``2026年05月份`` / ``2026年5-6月`` → 2026-05; a quarter or a year alone: None."""
    m = _MONTH.search(nfkc(value or ""))
    if not m or not 1 <= int(m.group(2)) <= 12:
        return None
    return f"{m.group(1)}-{int(m.group(2)):02d}"


def _split(chunk: str, sep: str) -> list[tuple[str, bool, int]]:
    """(cell, starts a line, characters used) for the cells of a table written as text; a cell's own line breaks
    are joined (``招标\\n方式`` → 招标方式)."""
    out = []
    for piece in chunk.split(sep):
        starts_line = piece.lstrip(" ").startswith("\n")
        out.append((clean(re.sub(r"\s*\n\s*", "", piece)), starts_line, len(piece) + 1))
    return out


_HEADER_WORDS = {"备注", "资金来源", "资金性质", "说明", "其他", "其它"}


def _header_size(cells: list[tuple[str, bool, int]]) -> int:
    """How many cells the header row has: up to the first row number under 序号, else up to the first cell on a new
    line; when every cell starts a line (HTML written one tag a line), up to the first cell that is no header."""
    if cells[0][0] == "序号":
        return next((i for i, (c, _, _) in enumerate(cells) if i and _ROW_NUMBER.match(c)), len(cells))
    n = next((i for i, (_, line, _) in enumerate(cells) if i and line), len(cells))
    if n == 1:
        n = next((i for i, (c, _, _) in enumerate(cells) if column_of(c) is None and c not in _HEADER_WORDS),
                 len(cells))
    return n


def text_tables(text: str) -> list[tuple[list[str], list[list[str]], str | None]]:
    """(header, rows, unit note) of each intent table in the text: a header row naming the project and its budget,
    need or month, then the rows (each under 序号 starting with its number)."""
    text = nfkc(text or "")
    out = []
    pos = 0
    while m := _HEADER_START.search(text, pos):
        start = m.start() + len(m.group(0)) - len(m.group(0).lstrip(" \t"))
        cells = _split(text[start:], m.group(0)[-1])
        n = _header_size(cells)
        header = [c for c, _, _ in cells[:n]]
        keys = [column_of(h) for h in header]
        pos = m.end()
        if "name" not in keys or not {"budget", "estimate", "planned", "summary"} & set(keys):
            continue
        rows: list[list[str]] = []
        i = n
        while i + n <= len(cells):
            row = [c for c, _, _ in cells[i:i + n]]
            if keys[0] == "number" and not _ROW_NUMBER.match(row[0]) or not row[keys.index("name")]:
                break
            rows.append(row)
            i += n
        note = _UNIT_NOTE.search(text[max(0, start - 200):start])
        out.append((header, rows, note.group(1) if note else None))
        pos = max(pos, start + sum(used for _, _, used in cells[:i]) - 1)
    return out


def read_intents(text: str) -> tuple[list[dict], dict, list[str]]:
    """The planned purchases of an intent notice: (rows, what the table says of the notice as a whole — buyer and
    method when one unit and one method are named, the budget cell of a single row —, warnings)."""
    rows: list[dict] = []
    whole: dict = {}
    warnings: list[str] = []
    buyers, methods = set(), set()
    for header, cells_rows, note in text_tables(text):
        keys = [column_of(h) for h in header]
        col = {k: keys.index(k) for k in set(keys) if k}
        for cells in cells_rows:
            get = lambda k: cells[col[k]] if k in col and cells[col[k]] else None  # noqa: E731
            entry = {"name": get("name"), "summary": get("summary"), "budget_cny": None,
                     "planned": planned_month(get("planned")), "raw": " | ".join(cells)[:500]}
            budget = get("budget")
            if budget and masked(budget):
                warnings.append(f"intent budget masked ({budget}): unknown")
            elif budget:
                label = header[col["budget"]]
                money = parse_amount(budget, unit=None if label_unit(label) else note, label=label)
                entry["budget_cny"] = money.cny if money else None
            if get("planned") and entry["planned"] is None:
                warnings.append(f"intent planned time not a month: {get('planned')}")
            whole["budget_raw"] = budget
            buyers.add(get("buyer"))
            methods.add(normalise_method(get("method")))
            rows.append(entry)
    if len(rows) != 1:
        whole.pop("budget_raw", None)
    if len(buyers) == 1 and None not in buyers:
        whole["buyer"] = buyers.pop()
    if len(methods) == 1 and None not in methods:
        whole["method"] = methods.pop()
    return rows, whole, warnings


def apply_intents(out: dict) -> dict:
    """On a 采购意向公开: ``intents``; the single row's budget, and the table's one buyer and method, when the layout
    gave none. Returns ``out``."""
    if out.get("notice_type") != INTENT:
        return out
    rows, whole, warnings = read_intents(out.get("text") or "")
    out["intents"] = rows
    out.setdefault("warnings", []).extend(warnings)
    if not rows:
        out["warnings"].append("intent notice without its table of planned purchases")
    if len(rows) == 1 and rows[0]["budget_cny"] is not None and out.get("budget_cny") is None:
        out["budget_cny"], out["budget_raw"] = rows[0]["budget_cny"], whole.get("budget_raw")
    for key in ("buyer", "method"):
        if whole.get(key) and not out.get(key):
            out[key] = whole[key]
    if out.get("buyer"):
        out["warnings"] = [w for w in out["warnings"] if w != "no buyer found"]
    return out
