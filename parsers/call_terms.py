"""The terms of a call a vendor reads, merged into a layout's output: 开标 time and place (parsers/opening.py), the
获取采购文件 window (parsers/documents.py) and the 资格要求 summary (parsers/qualification.py), each with the text it
was read from and a warning when unsure.

A layout's own reading wins (the ccgp 公告概要 cells 开标时间 / 开标地点 / 获取招标文件时间 / 招标文件售价 / 获取招标文件的地点,
the 政采云 ``code-23003`` / ``code-23004`` classes, the SOE bulletin reader); the body text fills what it did not
give. A deadline is filled from the same sections only when the layout found none. Pure functions.
"""

from __future__ import annotations

from parsers.amounts import parse_amount
from parsers.documents import documents_place, moment_iso, read_documents, window
from parsers.opening import place, read_opening
from parsers.qualification import read_qualification
from parsers.dates import find_datetime
from parsers.text import clean


def summary_terms(cells: dict[str, str]) -> dict:
    """The ccgp 公告概要 cells of a tender (SOURCES.md §4.4): opening / opening_raw / opening_place / documents."""
    out: dict = {}
    at = find_datetime(cells.get("开标时间"))
    if at:
        out["opening_raw"], out["opening"] = at[0][:100], at[1]
    if place(cells.get("开标地点")):
        out["opening_place"] = place(cells["开标地点"])
    docs: dict = {}
    start, end, printed = window(cells.get("获取招标文件时间") or "")
    if end:
        docs["from"], docs["to"] = start, end
    where = documents_place(cells.get("获取招标文件的地点") or "")
    if where:
        docs["place"] = where
    money = parse_amount(cells.get("招标文件售价"), label="招标文件售价")
    if money is not None:
        docs["price_cny"] = money.cny
    if docs:
        docs["raw"] = clean(" ".join(x for x in (printed, cells.get("招标文件售价")) if x))[:300] or None
        out["documents"] = docs
    return out


def class_window(start: str | None, end: str | None) -> dict | None:
    """The documents' window from two tagged values (政采云 ``code-23003`` / ``code-23004``)."""
    docs = {"from": moment_iso(start), "to": moment_iso(end)}
    if not docs["to"]:
        return None
    docs["raw"] = clean(f"{start or ''}至{end}")
    return docs


def apply_call_terms(out: dict) -> dict:
    """Fill opening, opening_raw, opening_place, documents and qualification (and a missing deadline) from the body
    text, keeping what the layout gave; warnings added. Returns ``out``."""
    text = out.get("text") or ""
    warnings = out.setdefault("warnings", [])
    found = read_opening(text)
    if out.get("opening") is None and found.get("opening"):
        out["opening"], out["opening_raw"] = found["opening"], found["opening_raw"]
        warnings += found.get("opening_warnings", [])
    if not out.get("opening_place") and found.get("opening_place"):
        out["opening_place"] = found["opening_place"]
    if out.get("deadline") is None and found.get("deadline"):
        out["deadline"], out["deadline_raw"] = found["deadline"], found["deadline_raw"]
    docs = read_documents(text)
    mine = {k: v for k, v in (out.get("documents") or {}).items() if v is not None}
    if docs["documents"] or mine:
        out["documents"] = {**(docs["documents"] or {}), **mine}
    if not mine:
        warnings += docs["warnings"]
    qual = read_qualification(text)
    if qual["qualification"] and not out.get("qualification"):
        out["qualification"] = qual["qualification"]
    warnings += qual["warnings"]
    return out
