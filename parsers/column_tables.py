"""Tables read by column: a header row (``序号 | 采购内容 | 招标控制价（最高投标限价） | 工期要求``) over rows of values,
as the SOE bulletins print a call's lots, ceilings and periods. The label/value readers (parsers/tables.py) pair a
label cell with the cell to its right; here a header cell owns the cells below it.

Cells spanning rows or columns (``rowspan`` / ``colspan``) are laid out on a grid, each cell kept once with its id, so
a lot's ceiling that spans two item rows is counted once. Pure functions.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from parsers.html import parse_html
from parsers.text import nfkc

MAX_ROWS, MAX_SPAN = 200, 20
_WS = re.compile(r"\s+")


@dataclass(frozen=True)
class Cell:
    id: int
    text: str


Grid = list[list[Cell]]


def _span(el, name: str) -> int:  # noqa: ANN001 - an lxml element
    try:
        return max(1, min(MAX_SPAN, int(el.get(name) or 1)))
    except ValueError:
        return 1


def _cell_text(el) -> str:  # noqa: ANN001
    return _WS.sub(" ", nfkc(" ".join(el.itertext()))).strip()  # words of a cell's paragraphs kept apart


def _grid(table) -> Grid:  # noqa: ANN001
    taken: dict[tuple[int, int], Cell] = {}
    rows = [tr for tr in table.iter("tr") if _owner(tr) is table][:MAX_ROWS]
    next_id = 0
    for r, tr in enumerate(rows):
        c = 0
        for el in tr:
            if el.tag not in ("td", "th"):
                continue
            while (r, c) in taken:
                c += 1
            cell = Cell(next_id, _cell_text(el))
            next_id += 1
            for dr in range(_span(el, "rowspan")):
                for dc in range(_span(el, "colspan")):
                    taken.setdefault((r + dr, c + dc), cell)
            c += _span(el, "colspan")
    width = max((c for _r, c in taken), default=-1) + 1
    return [[taken.get((r, c), Cell(-1 - c, "")) for c in range(width)] for r in range(len(rows))]


def _owner(tr):  # noqa: ANN001, ANN202 - the table a row belongs to (not a table nested inside one of its cells)
    el = tr.getparent()
    while el is not None and el.tag != "table":
        el = el.getparent()
    return el


def grids(page: str | None) -> list[Grid]:
    """Every table of an HTML page as a grid of cells (empty when the page has no table or is not HTML)."""
    tables = _table_markup(page or "")
    root = parse_html(tables) if tables else None  # parsers/html.py, on the tables' markup alone (cheaper)
    return [g for g in (_grid(t) for t in root.iter("table")) if len(g) >= 2] if root is not None else []


_TABLE_TAG = re.compile(r"<(/?)table\b", re.I)


def _table_markup(page: str) -> str:
    """The outermost ``<table>…</table>`` spans of a page, joined (a table left open runs to the page's end)."""
    spans, depth, start = [], 0, 0
    for m in _TABLE_TAG.finditer(page):
        if not m.group(1):
            if depth == 0:
                start = m.start()
            depth += 1
        elif depth:
            depth -= 1
            if depth == 0:
                spans.append(page[start:page.find(">", m.end()) + 1 or len(page)])
    if depth:
        spans.append(page[start:])
    return "".join(spans)


@dataclass(frozen=True)
class Column:
    header: str
    cells: list[Cell]  # the distinct cells under the header, in reading order (a spanning cell once)
    total: Cell | None  # the cell of a 合计 / 总计 row, when the table has one


_TOTAL_ROW = re.compile(r"^(?:合\s*计|总\s*计|共\s*计|小\s*计)")


def columns(grid: Grid, wanted: Callable[[str], bool]) -> list[Column]:
    """The columns whose header cell ``wanted`` accepts (spaces removed: ``服务 期限``): the header row is the first
    row with such a cell."""
    for r, row in enumerate(grid):
        heads = [(c, cell) for c, cell in enumerate(row) if cell.text and wanted(_WS.sub("", cell.text))]
        if not heads:
            continue
        out = []
        for c, head in heads:
            seen, cells, total = {head.id}, [], None
            for below in grid[r + 1:]:
                cell = below[c] if c < len(below) else None
                if cell is None or cell.id in seen or not cell.text:
                    continue
                seen.add(cell.id)
                if any(_TOTAL_ROW.match(x.text) for x in below[:c]):
                    total = cell
                else:
                    cells.append(cell)
            out.append(Column(head.text, cells, total))
        return out
    return []
