"""The 获取采购文件 window: from, to, place and price (SOURCES.md §8).

The 2020 招标公告 prints ``三、获取招标文件`` with ``时间：2021年12月06日至2021年12月13日，每天上午08:00至12:00…`` /
``地点（网址）：…`` / ``方式：…`` / ``售价（元）：250``; 竞争性磋商/谈判/询价 notices say 获取采购（磋商、谈判）文件 or
``谈判文件申领时间、地点、方式``; older ones ``采购文件领取时间：…起至…止`` / ``采购文件发售价格：人民币500元/本``; SOE
bulletins ``4. 招标文件的获取`` / ``4.1 招标文件的获取及报名时间：2025年10月16日9:00至2025年10月22日23:59时止`` /
``4.2 招标文件费用0元``. The window is the first date range of that part (``至``, ``起至…止``; a missing year or
month is the start's: ``2024年11月01日至11月08日``); the daily hours that follow (``每天上午08:00至12:00``) are not its
end. ``from`` / ``to`` keep what was printed: a date (``2021-12-13``) or a date and time (``2025-10-22T23:59:00``).
The place is the labelled one, else ``登录X报名`` or the 项目概况 sentence ``应在X获取招标文件``. Pure functions.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal

from parsers.amounts import parse_amount
from parsers.dates import find_datetime
from parsers.headed import headed_part
from parsers.opening import place
from parsers.text import clean, nfkc

_HEAD = re.compile(r"获取.{0,8}文件|文件的?(?:获取|领取|发售|申领|下载)|(?:购买|领取|申领).{0,4}文件|文件申领")
# a day, its year and month optional (the range's end may leave them out), with a time of day; {tail} keeps the
# daily hours after an end (``11日8:30—16:00``) from being read as its time
_DAY = (r"(?:(?P<{p}y>(?:19|20)\d{{2}})\s*[-./年]\s*)?(?:(?P<{p}m>\d{{1,2}})\s*[-./月]\s*)?(?P<{p}d>\d{{1,2}})\s*日?"
        r"(?:\s*(?P<{p}H>\d{{1,2}})\s*[:：时点]\s*(?P<{p}M>\d{{1,2}})?\s*[分时]?{tail})?")
_NO_HOURS = r"(?!\s*(?:至|到|-|—|~)\s*\d)"
_FULL_START = r"(?=(?:19|20)\d{2}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2})"
_RANGE = re.compile(_FULL_START + _DAY.format(p="a", tail="") + r"\s*(?:\(北京时间\))?\s*(?:起)?\s*(?:至|到|~|—|–|-{1,2})\s*"
                    + _DAY.format(p="b", tail=_NO_HOURS))
_UNTIL = re.compile(r"(?:^|[/:：\s])\s*/?\s*(?:至|到|截止(?:到|至)?)\s*" + _FULL_START + _DAY.format(p="b", tail=_NO_HOURS))
_PLACE = re.compile(r"(?:获取|领取|发售|申领|购买|下载)?(?:文件)?(?:地点|网址)(?:\(网址\))?[ \t]*[:：][ \t]*(?P<v>[^\n]{2,200})")
_LOGIN = re.compile(r"登录\s*(?P<v>[^,，。;；\n]{4,80}?)\s*(?:自行)?(?:免费)?(?:网上)?(?:报名|下载|获取|申请|进行)")
_PLACE_TAIL = re.compile(r"\s*(?:并|自行|免费|申请|在线|网上)*(?:获取|下载|领取|报名|购买)[^()]*$")
_SHOULD = re.compile(r"应(?:在|于|通过)\s*(?:登录)?\s*(?P<v>[^,，。;；\n]{2,80}?)\s*(?:申请|在线)?(?:获取|领取|下载|购买)"
                     r"(?:招标|采购|磋商|谈判|询价)?文件")
_FILE_PRICE = r"(?:(?:招标|采购|磋商|谈判|询价|比选|响应)?文件|标书)(?:每套|每份)?(?:售价|发售价格|价格|费用|工本费)"
_PRICE = re.compile(r"(?:" + _FILE_PRICE + r"|(?<![\u4e00-\u9fa5])(?:每套)?售价)(?:\([^)\n]{0,6}\))?\s*[:：为]?\s*"
                    r"(?P<v>[^\n;；,，。]{0,40})")
_FILE_PRICE_RX = re.compile(_FILE_PRICE)
_FREE = re.compile(r"免费(?:下载|获取|提供|领取)")


def _iso(parts: dict, prefix: str, base: dict | None = None) -> tuple[str | None, dict]:
    """A date from a range end, its missing year and month taken from ``base`` (the range's start)."""
    y = parts[f"{prefix}y"] or (base or {}).get("y")
    m = parts[f"{prefix}m"] or (base or {}).get("m")
    d, hour, minute = parts[f"{prefix}d"], parts[f"{prefix}H"], parts[f"{prefix}M"]
    try:
        at = datetime(int(y), int(m), int(d), int(hour or 0), int(minute or 0))
    except (TypeError, ValueError):
        return None, {}
    text = at.isoformat() if hour is not None else at.date().isoformat()
    return text, {"y": y, "m": m}


def moment_iso(text: str | None) -> str | None:
    """A single printed moment as ``from`` / ``to`` keep it: ``2026-11-17`` or ``2026-11-17T09:30:00``."""
    at = find_datetime(text)
    if not at:
        return None
    return at[1].isoformat() if at[2] else at[1].date().isoformat()


def window(text: str) -> tuple[str | None, str | None, str | None]:
    """(from, to, the range as printed) of the first date range in ``text``; (None, to, …) for ``/至X``."""
    m = _RANGE.search(text)
    if m:
        start, base = _iso(m.groupdict(), "a")
        end, _ = _iso(m.groupdict(), "b", base)
        if start and end and end >= start:
            return start, end, clean(m.group(0)).strip(" :：/")
    m = _UNTIL.search(text)
    if m:
        end, _ = _iso(m.groupdict(), "b")
        if end:
            return None, end, clean(m.group(0)).strip(" :：/")
    return None, None, None


def price(text: str, part: bool = True) -> tuple[object, str] | None:
    """(yuan, as printed) of the documents' price; 免费获取 is 0. Outside the 获取文件 part (``part`` False) only a
    label that names the documents counts (招标文件售价, 谈判文件每套售价)."""
    for m in _PRICE.finditer(text):
        if not part and not _FILE_PRICE_RX.match(m.group(0)):
            continue
        if re.match(r"\s*免费", m["v"]):  # 售价：免费
            return Decimal("0.00"), clean(m.group(0))
        money = parse_amount(m["v"], label=m.group(0)[:m.start("v") - m.start()])
        if money is not None:
            return money.cny, clean(m.group(0))
    m = _FREE.search(text) if part else None
    return (Decimal("0.00"), m.group(0)) if m else None


def documents_place(value: str) -> str | None:
    """Where the documents are got: ``登录浙江政府采购网(http://…)申请获取采购文件`` → 浙江政府采购网(http://…)."""
    v = place(value)
    v = _PLACE_TAIL.sub("", re.sub(r"^登录\s*", "", v or ""))
    return v or None


def read_documents(text: str) -> dict:
    """{"from", "to", "place", "price_cny", "raw"} of the 获取文件 part (only the keys found, ``raw`` always when
    something was), plus ``warnings`` for what was printed but not read."""
    text = nfkc(text or "")
    part = headed_part(text, _HEAD)
    scope = part or ""
    out: dict = {}
    warnings: list[str] = []
    start, end, printed = window(scope) if part else (None, None, None)
    if end is None:  # a labelled window outside a part of its own: 获取及报名时间：…
        m = re.search(r"(?:获取|领取|申领|发售|下载)[^\n:：。]{0,10}(?:时间|日期|期限)[^\n:：]{0,6}[:：]?(?P<v>[^\n]{0,120})", text)
        if m:
            start, end, printed = window(m["v"])
            scope = scope or text[m.start():m.start() + 400]  # the lines that follow: 领取地点, 发售价格
    if end:
        out["from"], out["to"] = start, end
    elif part:
        warnings.append("documents: the 获取文件 window was not read")
    where = next((documents_place(m["v"]) for m in _PLACE.finditer(scope) if documents_place(m["v"])), None)
    if where is None:
        m = _LOGIN.search(scope) or _SHOULD.search(text)
        where = documents_place(m["v"]) if m else None
    if where:
        out["place"] = where
    cost = price(scope) or (None if part else price(text, part=False))  # outside a 获取文件 part: a 文件 price label
    if cost is not None:
        out["price_cny"] = cost[0]
    if out:
        out["raw"] = clean(" ".join(x for x in (printed, cost[1] if cost else None) if x) or scope)[:300] or None
    return {"documents": out or None, "warnings": warnings}
