"""The amounts of a 招标投标法-style SOE call (parsers/soe_bulletin.py): the budget and the price ceiling, kept apart.

最高限价 / 最高投标限价 / 招标控制价 / 控制价 are a ceiling (max_price_cny), never the budget; 预算 / 预算价 / 采购预算 is the
budget (budget_cny); a label that names both (``预算/采购控制价``, ``采购预算（最高限价）``, ``预算价（最高限价）``) gives
both; 投资估算 / 概算 / 总投资 (the project's investment) is neither, and a 单价 is not the call's amount.

Where the amount is printed: a ``label：value`` sentence (``本次预算/采购控制价总价（含税）为人民币13.50万元``,
``本次招标控制价975614元``, ``工程造价（最高投标限价）：447733元``), else a column of the call's table (a header cell
``招标控制价（最高投标限价）`` over one value per lot, parsers/column_tables.py). The text wins over a table, kind by kind.

A value names one amount for the call: a printed total (``合计1500000.00元``) wins; lots listed one after the other
(``标段一：约178000元；标段二：约90000元``) and a column's lots (one row per 子包) are summed; an amount per year next to
one for the whole term (``2239757元/年，6719271元/三年``) gives the whole term's. Pure functions.
"""

from __future__ import annotations

import re
from decimal import Decimal

from parsers.amounts import Money, parse_amount
from parsers.column_tables import Grid, columns
from parsers.text import clean

_CORE = r"(?:预算价|预算金额|预算总金额|采购预算金额|采购预算|预算|最高投标限价|投标最高限价|最高限价|招标控制价|采购控制价|控制价)"
_PAREN = r"(?:\s*[（(][^）)\n]{0,16}[)）])"
_LABEL = (r"(?P<label>(?:(?:总价|本次|年度|项目|工程|采购|招标)?" + _CORE + r"(?:\s*/\s*(?:采购)?(?:控制价|最高限价))?" + _PAREN
          + r"?|(?:工程造价|工程总造价)\s*[（(](?:最高投标限价|最高限价|招标控制价|控制价)[)）]))")
# label, then 总价 / a bracket (含税), then ：/为/是 — or the number right after the label (本次招标控制价975614元)
_AMOUNT = re.compile(_LABEL + r"(?:总价)?" + _PAREN + r"?\s*(?:(?:[:：]|为|是)\s*[:：]?|(?=(?:人民币|¥|￥)?\s*\d[\d.,]*\s*(?:万元|元)))"
                     r"\s*(?P<value>(?:人民币|含税价?|¥|￥)?\s*[^\n。]{0,120})")
_INVESTMENT = re.compile(r"投资估算|估算投资|总投资|概算")
_NOT_CALL = re.compile(r"单价|保证金|投资|概算|估算|费率|下浮")
_HEADER = re.compile(r"预算|最高(?:投标)?限价|控制价")  # not 上限价 (a unit price's cap, 单台…上限价)

_MONEY = r"(\d[\d,]*(?:\.\d+)?\s*(?:万元|元))"
_TOTAL = re.compile(r"(?:合计|总计|共计)\s*[:：为]?\s*(?:人民币)?\s*" + _MONEY)
_WHOLE_TERM = re.compile(_MONEY + r"\s*/\s*(?:[二两三四五六七八九十]|\d+)\s*(?:年|个服务期|个月)")
_LOT_NO = r"(?:第?[一二三四五六七八九十]{1,3}|[IVX]{1,4}|\d{1,2}(?![\d.,]))"
# 标段一：… / 标段1：… / I标段… / 子包二：…, each followed by its amount
_LOT = re.compile(r"(?:" + _LOT_NO + r"\s*(?:标段|子包|包件?|标项)|(?:标段|子包|包件?|标项)\s*" + _LOT_NO + r")"
                  r"\s*[:：]?\s*(?:约|为)?\s*(?:人民币)?\s*" + _MONEY)
_SUB_HEADER = re.compile(r"^(?:单价|总价|合价|合计)(?:\s*[(（][^)）]{0,8}[)）])?$")  # 最高限价 over 单价 | 总价
_RATE_FIRST = re.compile(r"^[^元]*?\d\s*[%％]")  # "折扣率为20%，…控制价为人民币22365元": the ceiling is a rate


def kinds(label: str) -> tuple[bool, bool]:
    """(is a ceiling, is a budget) by the words of the label or the column header."""
    return bool(re.search(r"限价|控制价", label)), "预算" in label


def call_amount(value: str, label: str = "") -> Money | None:
    """The one amount a value names for the call (see the module's note); None for a masked or missing one."""
    first = re.split(r"[;；]", value)[0]
    if _RATE_FIRST.match(first):
        return None
    for rx in (_TOTAL, _WHOLE_TERM):
        m = rx.search(first)
        if m:
            return parse_amount(m.group(1), label=label)
    lots = [parse_amount(m.group(1), label=label) for m in _LOT.finditer(value)]
    if len(lots) >= 2 and all(lots):
        return Money(sum((m.cny for m in lots), Decimal(0)), value)
    return parse_amount(first, label=label)


def text_amounts(text: str) -> dict:
    """budget_cny / max_price_cny (and their raw text) from the first labelled amount of each kind in the text."""
    out: dict = {}
    for m in _AMOUNT.finditer(text):
        label, value = m.group("label"), m.group("value")
        before = text[max(0, m.start() - 12):m.start()]
        if _INVESTMENT.search(before + label) or "单价" in label:
            continue
        money = call_amount(value, label)
        if money is None or money.cny <= 0:
            continue
        for key, yes in zip(("max_price", "budget"), kinds(label)):
            if yes and f"{key}_cny" not in out:
                out[f"{key}_cny"], out[f"{key}_raw"] = money.cny, clean(m.group(0))[:200]
    return out


def _wanted(header: str) -> bool:
    return bool(_HEADER.search(header)) and not _NOT_CALL.search(header)


def table_amounts(tables: list[Grid]) -> tuple[dict, list[str]]:
    """The amounts of the first table column of each kind, and warnings for a column that is not all amounts."""
    out: dict = {}
    warnings: list[str] = []
    for grid in tables:
        for col in columns(grid, _wanted):
            cells = [col.total] if col.total else col.cells
            sub = _SUB_HEADER.match(cells[0].text) if cells else None
            if sub and "单价" in sub.group(0):
                continue  # the 单价 half of a 最高限价 header over 单价 | 总价
            cells = cells[1:] if sub else cells
            values = [call_amount(c.text, col.header) for c in cells]
            if not values:
                continue
            raw = clean(f"{col.header}: " + "; ".join(c.text for c in cells))[:200]
            if not all(v is not None and v.cny > 0 for v in values):
                warnings.append(f"no amount read from the {col.header} column (a rate or text, not an amount): {raw}")
                continue
            total = sum((v.cny for v in values), Decimal(0))
            for key, yes in zip(("max_price", "budget"), kinds(col.header)):
                if yes and f"{key}_cny" not in out:
                    out[f"{key}_cny"], out[f"{key}_raw"] = total, raw
    return out, warnings


def amounts(text: str, tables: list[Grid] | None = None) -> dict:
    """budget_cny / max_price_cny with their raw text: the text's reading, kind by kind, else the tables'."""
    out = text_amounts(text)
    found, warnings = table_amounts(tables or [])
    for key in ("max_price", "budget"):
        if f"{key}_cny" not in out and f"{key}_cny" in found:
            out[f"{key}_cny"], out[f"{key}_raw"] = found[f"{key}_cny"], found[f"{key}_raw"]
    if warnings and not ("max_price_cny" in out or "budget_cny" in out):
        out["amount_warnings"] = warnings
    return out
