"""合同公告 (SOURCES.md §8, 财办库〔2020〕50号): the contract as a vendor reads it.

The national template: 一、合同编号 二、合同名称 三、项目编号 四、项目名称 五、合同主体 (采购人（甲方）, 供应商（乙方）
with address and 联系方式) 六、合同主要信息 (主要标的名称, 规格型号（或服务要求）, 主要标的数量, 主要标的单价,
合同金额, 履约期限、地点等简要信息, 采购方式) 七、合同签订日期 八、合同公告日期. Sites print 合同主要信息 as
``label：value`` lines or as a table (a header row and a value row, tab- or pipe-separated once the page is text);
summary pages (ggzy ``/b/`` 采购合同) as label/value cell pairs (``合同金额 | 0元 人民币``). The 履约验收公告 repeats
the same contract lines.

``contract`` = {number, name, supplier, amount_cny, signed_date (YYYY-MM-DD), term, raw}: ``raw`` holds the lines the
values were read from. A masked value is unknown; a 合同金额 printed as 0 and a term printed as a bare unit (``年``)
are a form's blanks, not values (a warning says so). Pure functions over the body text as the layouts extract it.
"""

from __future__ import annotations

import re

from common.notice_types import CONTRACT
from parsers.dates import parse_datetime
from parsers.labels import _CN_NUM, labelled, masked
from parsers.sections import amount
from parsers.tables import is_placeholder
from parsers.text import clean, nfkc

# the labels of each part (NFKC, no spaces); a unit in brackets after the label is allowed (合同金额(万元))
LABELS: dict[str, tuple[str, ...]] = {
    "number": ("合同编号", "合同编码"),
    "name": ("合同名称",),
    "supplier": ("供应商(乙方)", "中标(成交)供应商名称", "中标供应商名称", "成交供应商名称"),
    "amount": ("合同金额", "合同总金额", "合同金额(元)", "合同金额(万元)"),
    "signed": ("合同签订日期", "合同签订时间", "合同签署日期", "合同签署时间", "签订日期", "签订时间"),
    "term": ("履约期限、地点等简要信息", "履约期限", "合同履行期限", "合同履约期限", "合同期限"),
}
_PART_OF = {label: part for part, labels in LABELS.items() for label in labels}
_UNIT = re.compile(r"\((?:万元|元|人民币元)\)$")
_TRAILING_HEADING = re.compile(rf"[{_CN_NUM}]{{1,3}}\s*[、.]$")  # "ZBJ-…-27244二、" (flattened: the next numeral)
_BARE_UNIT = re.compile(r"^(?:年|月|日|天|个月|日历天|工作日)$")
# the contract template's own labels: a page that has 合同编号 and one of the others carries a contract
_TEMPLATE = re.compile(r"合同编号\s*[:：\t|]|合同(?:签订|签署)(?:日期|时间)\s*[:：\t|\n]")
_ACCEPTANCE = re.compile(r"验收")  # a 履约验收公告 repeats the contract's lines: a notice of its own kind


def part_of(label: str) -> str | None:
    """The contract part a label names: ``合同金额（万元）`` → amount; None for any other label."""
    key = re.sub(r"\s+", "", nfkc(label)).rstrip(":：")
    return _PART_OF.get(key) or _PART_OF.get(_UNIT.sub("", key))


# the other headers of the 合同主要信息 table (a header row holds them beside 合同金额 and 履约期限)
_HEADER_WORDS = {"序号", "主要标的名称", "标的名称", "规格型号", "规格型号(或服务要求)", "规格型号或服务要求", "服务要求",
                 "主要标的数量", "数量", "主要标的单价", "单价", "采购方式"}


def _lines(piece: str) -> list[str]:
    return [clean(ln) for ln in piece.split("\n") if clean(ln)]


def _is_header(cell: str) -> bool:
    return part_of(cell) is not None or re.sub(r"\s+", "", cell).rstrip(":：") in _HEADER_WORDS


def table_values(text: str) -> list[tuple[str, str, str]]:
    """(part, label, value) from table cells (tab- or pipe-separated once the page is text, one cell a line when
    the page's markup is written so): a header row naming a part (主要标的名称 | … | 合同金额 | 履约期限、地点等简要信息)
    with the row under it, or label/value cell pairs (``合同金额 | 0元 人民币``)."""
    pieces = [_lines(p) for p in re.split(r"[\t|]", nfkc(text or ""))]
    label = [p[-1] if p else "" for p in pieces]  # a cell's label is the last line of its piece (text runs into it)
    value = [p[0] if p else "" for p in pieces]
    out: list[tuple[str, str, str]] = []
    i = 0
    while i < len(pieces):
        if not _is_header(label[i]):
            i += 1
            continue
        j = i + 1
        while j < len(pieces) and len(pieces[j]) == 1 and _is_header(label[j]):
            j += 1
        run = label[i:j]
        if len(run) >= 2:  # a header row: the next cells are its values, column by column
            cells = value[j:j + len(run)]
            out += [(part_of(h), h, v) for h, v in zip(run, cells) if part_of(h) and v and not _is_header(v)]
            i = j + len(run)
        else:
            if j < len(pieces) and value[j]:
                out.append((part_of(run[0]), run[0], value[j]))
            i = j + 1
    return [hit for hit in out if hit[0]]


def _text_value(part: str, value: str) -> str | None:
    value = _TRAILING_HEADING.sub("", clean(value)).strip(" ,，;；。")
    if not value or masked(value) or is_placeholder(value) or value in ("无", "/", "-"):
        return None
    if part == "term" and _BARE_UNIT.match(value):
        return None
    return value[:300]


def read_contract(text: str) -> tuple[dict | None, list[str]]:
    """The contract the text states (None when it states none of its parts) and the warnings of the reading."""
    found: dict[str, tuple[str, str]] = {}
    for _kind, label, value in labelled(text):  # ``label：value`` lines first, then table cells
        part = part_of(label)
        if part and value:
            found.setdefault(part, (label, value))
    for part, label, value in table_values(text):
        found.setdefault(part, (label, value))
    if not found:
        return None, []
    warnings: list[str] = []
    contract: dict = {k: None for k in ("number", "name", "supplier", "amount_cny", "signed_date", "term")}
    for part in ("number", "name", "supplier", "term"):
        if part in found:
            contract[part] = _text_value(part, found[part][1])
    if "amount" in found:
        label, value = found["amount"]
        money = amount(value, label)
        if money is not None and money.cny == 0:
            warnings.append(f"contract amount printed as {clean(value)}: not stated")
        elif money is not None:
            contract["amount_cny"] = money.cny
        elif masked(value):
            warnings.append(f"contract amount masked ({clean(value)}): unknown")
    if "signed" in found:
        at = parse_datetime(found["signed"][1])
        contract["signed_date"] = at.date().isoformat() if at else None
        if at is None:
            warnings.append(f"contract signing date not read: {clean(found['signed'][1])[:40]}")
    contract["raw"] = "\n".join(f"{label}：{_TRAILING_HEADING.sub('', clean(value))}"
                                for label, value in found.values())[:1000]
    return contract, warnings


def carries_contract(text: str) -> bool:
    """The contract template's labels near the top (a 合同公告 or a 履约验收公告 that repeats the contract)."""
    return bool(_TEMPLATE.search(nfkc(text or "")[:3000]))


def apply_contract(out: dict) -> dict:
    """On a 合同公告 (or a notice of no known type carrying the contract's lines, which is one unless its title says
    it is a 验收 notice): ``contract``; the contract amount is the notice's award when the layout gave none (the
    report counts it), and the contract's supplier its supplier. A layout's award stays as it read it (a 合同金额
    printed as 0 stays 0 there; the contract's amount is unknown, with a warning). Returns ``out``."""
    text = out.get("text") or ""
    kind = out.get("notice_type")
    if kind != CONTRACT and not (kind is None and carries_contract(text)):
        return out
    contract, warnings = read_contract(text)
    out.setdefault("warnings", []).extend(warnings)
    if kind is None and not _ACCEPTANCE.search(out.get("title") or ""):
        out["notice_type"] = kind = CONTRACT  # the contract template's lines under a title that names no type
    if contract is None:
        if kind == CONTRACT:
            out["warnings"].append("contract notice without its contract lines (合同编号, 合同金额)")
        return out
    out["contract"] = contract
    money = contract["amount_cny"]
    if money is not None and out.get("award_cny") is None:
        line = next((ln for ln in contract["raw"].splitlines() if part_of(ln.partition("：")[0]) == "amount"), "")
        out["award_cny"], out["award_raw"] = money, line.partition("：")[2][:200] or str(money)
    if contract["supplier"] and not out.get("suppliers"):
        out["suppliers"] = [{"name": contract["supplier"], "award_cny": money, "lot": None}]
    return out
