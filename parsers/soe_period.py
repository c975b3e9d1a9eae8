"""The period of a 招标投标法-style SOE call (parsers/soe_bulletin.py): 工期 / 计划工期 / 服务期限 / 交货期 / 供货期限 /
项目完成期 …, printed as ``2.3工期要求：计划工期110日历天`` or in a column of the call's table (``工期要求`` over
``50日历天``, parsers/column_tables.py).

A period stated in days (日历天, 天, 日) is period_days; one stated in months or years (个月, 年) is period_months, and
period_days stays empty (common/contract.py: "when stated in days"). No single period is read — the field stays empty,
its text kept in period_raw — when the value is
* per delivery (``分批交货，接通知后35个日历天内``, ``每批次…20天内``): a call-off's lead time, not the contract's;
* in working days (``15个工作日``): not a count of calendar days;
* a sequence of steps in different units (``20天内完成交货，3个月内完成安装调试…1个月内验收``);
* a calendar date (``至2026年12月31日``). Pure functions.
"""

from __future__ import annotations

import re

from parsers.column_tables import Grid, columns
from parsers.periods import parse_period
from parsers.text import clean

_LABELS = (r"计划工期|工期要求|工期|服务期限|服务期|合同履行期限|合同履约期限|履约期限|交货期限|交货期|供货期限|供货期|交付期限"
           r"|交付时间|项目完成期|完成期限|服务周期|采购周期")
_PERIOD = re.compile(r"(?:^|[\n。;；])\s*[\d.、()（）]*\s*(?P<label>" + _LABELS + r")(?:\s*[（(](?P<unit>[^）)\n]{0,8})[)）])?\s*[:：为]\s*"
                     r"(?P<value>[^\n。;；]{1,120})")
_HEADER = re.compile(_LABELS)
_NOT_PERIOD = re.compile(r"质保|保修|维保期|缺陷责任")
_PER_DELIVERY = re.compile(r"每批|分批|(?<!同)批次|按批|每次")
_NUM = r"(\d+(?:\.\d+)?|[一二两三四五六七八九十半]{1,3})"
_STEP = re.compile(_NUM + r"\s*(个?日历天|个?工作日|天|日|个?月|年)\s*内")
# a duration; a number right after 年/月 (2026年12月31日) or a four-digit year is part of a date
_STATED = re.compile(r"(?<![年月\d.])" + _NUM + r"\s*(个?日历天|个?工作日|天|日(?!期)|个?自然月|个?月|年|周)")
_DATE = re.compile(r"(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日")
_RANGE = re.compile(_DATE.pattern + r"\s*(?:至|到|-|—|~)\s*" + _DATE.pattern)


def _durations(value: str) -> list[re.Match]:
    return [m for m in _STATED.finditer(value) if not (m.group(2) == "年" and re.fullmatch(r"\d{4}", m.group(1)))]


def _reading(value: str, unit: str | None = None) -> dict | None:
    """The period a value states: {} for "no single period" (see the module's note), None when it states none.
    ``unit`` is what the label declares (履约期限(天)): a period in days whatever the value counts in."""
    found = _durations(value)
    date = _DATE.search(value)
    if not found and not date:
        return None
    first = found[0].start() if found else len(value)
    if _PER_DELIVERY.search(value[:first]) or "工作日" in value:
        return {}
    if date and date.start() < first and not _RANGE.search(value):
        return {}  # "自合同签订之日起至2026年12月31日": runs to a date
    spans = [parse_period(m.group(0)) for m in found]
    steps = [p for m, p in zip(found, spans) if _STEP.match(value, m.start())]
    if spans and spans[0] and any(p and p.days > spans[0].days for p in steps if p is not spans[0]):
        return {}  # "20天内完成交货，3个月内完成安装调试": a later step outlasts the first, no one period (a term's
        #            sub-deadlines are shorter: "总周期30日历天，其中10日历天内提交方案…")
    p = parse_period(value)
    if p is None:
        return {}
    if unit in ("天", "日"):
        return {"period_days": p.days}
    return {"period_months": p.months} if p.months else {"period_days": p.days}


def text_period(text: str) -> dict | None:
    """From the first labelled period whose value states one; None when no label states a period."""
    for m in _PERIOD.finditer(text):
        unit = m.group("unit")
        got = _reading(m.group("value"), unit.strip() if unit else None)
        if got is not None:
            return {**got, "period_raw": clean(m.group("value"))[:200]}
    return None


def _wanted(header: str) -> bool:
    """A column header naming a period (``工期要求``, ``服务期限``); a ``label：`` cell is a label/value pair's."""
    return bool(_HEADER.search(header)) and not _NOT_PERIOD.search(header) and not header.endswith((":", "："))


def table_period(tables: list[Grid]) -> dict | None:
    """From the first table column of periods: one period for every row of it, else no single period."""
    for grid in tables:
        for col in columns(grid, _wanted):
            readings = [_reading(c.text) for c in col.cells]
            if not readings or any(r is None for r in readings):
                continue  # a cell that states no period: not a column of periods (a label/value table, say)
            raw = clean(f"{col.header}: " + "; ".join(c.text for c in col.cells))[:200]
            one = readings[0] if len({tuple(sorted(r.items())) for r in readings}) == 1 else {}
            return {**one, "period_raw": raw}
    return None


def period(text: str, tables: list[Grid] | None = None) -> dict | None:
    """period_days or period_months with period_raw (see the module's note); None when the call prints none."""
    return text_period(text) or table_period(tables or [])
