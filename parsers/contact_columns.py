"""Contact blocks printed side by side — the buyer on the left, the agency on the right — laid out one after the
other so the contact reader (parsers/sections.py contact_blocks) reads each party's lines in its own block:

    招标人: 宁波某某置地有限公司          招标代理机构:宁波某某工程管理有限公司
    地址: 宁波杭州湾新区滨海四路          地址:慈溪市古塘街道大发路145号
    联系人: 朱女士                        联系人:岑工、尹工

as text (columns parted by a run of spaces or a tab) or as an HTML table of two columns (parsers/column_tables.py).
A layout is taken as two columns only when both columns start with a party's label. Pure functions.
"""

from __future__ import annotations

import re

from parsers.column_tables import Grid
from parsers.contact_roles import BLOCK

_GAP = re.compile(r"\t+|\s{3,}")
# a quick look first: a second party's label after a wide gap on a line
_SIDE_BY_SIDE = re.compile(r"\S(?:\t+|[ \t]{3,})[^\n]{0,12}(?:人|机构|单位|公司)\s*(?:名\s*称)?\s*[:：]")


def _is_party(cell: str) -> bool:
    """A buyer's or an agency's label with its value: ``招标人: 宁波某某公司``."""
    m = BLOCK.match(cell)
    return bool(m and (m.group("buyer") or m.group("agency")) and cell[m.end():m.end() + 1] in ":：")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in _GAP.split(line.strip()) if c.strip()]


def unfold_text(text: str) -> str:
    """The text with every side-by-side pair of blocks written left block first, then right block."""
    if not _SIDE_BY_SIDE.search(text):
        return text
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        cells = _cells(lines[i])
        if len(cells) != 2 or not all(_is_party(c) for c in cells):
            out.append(lines[i])
            i += 1
            continue
        column = lines[i].find(cells[1])
        left, right = [cells[0]], [cells[1]]
        i += 1
        while i < len(lines) and lines[i].strip():
            cells = _cells(lines[i])
            if len(cells) >= 2:
                left.append(cells[0])
                right.append(" ".join(cells[1:]))
            else:
                (right if len(lines[i]) - len(lines[i].lstrip()) >= column // 2 else left).append(cells[0])
            i += 1
        out += left + right
    return "\n".join(out)


def unfold_grid(grid: Grid) -> str | None:
    """The two parties of a contact table, one block after the other; None when the table is not one."""
    for r, row in enumerate(grid):
        starts = [c for c, cell in enumerate(row) if _is_party(cell.text) and (c == 0 or cell.id != row[c - 1].id)]
        if len(starts) < 2:
            continue
        blocks = []
        for c in starts:
            seen: set[int] = set()
            texts = []
            for below in grid[r:]:
                cell = below[c] if c < len(below) else None
                if cell is not None and cell.text and cell.id not in seen:
                    seen.add(cell.id)
                    texts.append(cell.text)
            blocks.append("\n".join(texts))
        return "\n".join(blocks)
    return None
