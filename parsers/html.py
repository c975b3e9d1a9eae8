"""HTML as the parsers read it, on lxml alone (BeautifulSoup's tree building cost 20–30 times lxml's parse on
real notices: bench/parse.py): the tree without scripts, styles and comments, the text as a reader sees it,
the cells of table rows."""

from __future__ import annotations

from lxml import etree

from parsers.text import BLOCK_TAGS, clean, nfkc

_PARSER = etree.HTMLParser()
_BLOCKS = frozenset(BLOCK_TAGS)
_CELLS = frozenset(("td", "th"))


def parse_html(html: str):  # noqa: ANN201 - an lxml element, or None for a page with no tree
    """The page's tree with scripts, styles and comments taken out (the text after them kept)."""
    try:
        doc = etree.fromstring(html, _PARSER)
    except (ValueError, etree.XMLSyntaxError):  # an encoding declaration in a str, or bytes lxml refuses
        doc = None
    if doc is None:
        doc = etree.fromstring(html.encode("utf-8", "replace"), _PARSER)
    if doc is not None:
        etree.strip_elements(doc, etree.Comment, etree.ProcessingInstruction, "script", "style", with_tail=False)
    return doc


def cell_text(el) -> str:  # noqa: ANN001
    """All the text inside an element, run together."""
    return "".join(el.itertext())


def element_text(el) -> str:  # noqa: ANN001
    """The text as a reader sees it: inline runs joined (Word exports split words into spans), a line break after
    each block, a tab after each cell; NFKC. Reads the tree without changing it (lxml refuses to store text with
    control characters, which hostile pages carry)."""
    parts: list[str] = []

    def walk(e) -> None:  # noqa: ANN001
        if e.text:
            parts.append(e.text)
        for child in e:
            if isinstance(child.tag, str):
                walk(child)
            if child.tail:
                parts.append(child.tail)
        if e.tag in _BLOCKS:
            parts.append("\n")
        elif e.tag in _CELLS:
            parts.append("\t")

    walk(el)
    return nfkc("".join(parts))


def _owner(el, *tags: str):  # noqa: ANN001, ANN202
    return next(el.iterancestors(*tags), None)


def table_rows(table, direct: bool = False) -> list[list[str]]:  # noqa: ANN001
    """A table's own rows as cleaned cell texts, empty rows left out: a nested table's rows are the nested table's,
    and header cells some sites put straight into the table, outside any ``<tr>`` (``<table><th>分包内容</th>
    <th>金额（元）</th><tr><td>…``), are its first row. ``direct``: only a row's own cells (not those of a table
    nested in it)."""
    loose = [clean(cell_text(c)) for c in table.iter("th") if _owner(c, "tr", "table") is table]
    rows = [loose] if loose else []
    for tr in table.iter("tr"):
        if _owner(tr, "table") is not table:
            continue
        cells = tr if direct else tr.iter("td", "th")
        row = [clean(cell_text(c)) for c in cells if c.tag in _CELLS]
        if row:
            rows.append(row)
    return rows


def title_of(doc) -> str | None:  # noqa: ANN001
    """The first non-empty of the page's first h1, first h2 and title."""
    for tag in ("h1", "h2", "title"):
        el = next(doc.iter(tag), None)
        if el is not None and clean(cell_text(el)):
            return clean(cell_text(el))[:300]
    return None
