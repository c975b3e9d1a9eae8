"""The 招标投标法-style bulletin of state-owned enterprises (宁波市阳光采购服务平台 ygcg.nbcqjy.org, 宜昌 and 江西 工程
招标公告): "一、招标条件 … 招标人为X … 现进行公开招标", "招标控制价：…元", "投标截止时间（即开标时间，下同）：…",
and a closing 联系方式 block (招 标 人 / 联 系 人 / 电 话, then 招标代理机构 / 联 系 人 / 电 话).

``is_soe_bulletin(text)`` recognises the template by its wording; ``soe_fields(text, tables)`` reads what it prints
and returns only the fields it found (the caller keeps the generic reading for the rest). Pure functions.

The amounts (budget vs 最高限价) are read by parsers/soe_amounts.py, the period by parsers/soe_period.py, both from the
text and from the columns of the call's tables (parsers/column_tables.py); the notice type, where the page has no
title that names it, from the wording (parsers/soe_notice_type.py); the contacts by the national templates' reader
(parsers/sections.py contact_blocks), which knows this template's role words too.
"""

from __future__ import annotations

import re
from datetime import datetime

from parsers.column_tables import Grid, grids
from parsers.contact_columns import unfold_grid
from parsers.dates import parse_datetime
from parsers.methods import normalise_method
from parsers.sections import role_contacts
from parsers.soe_amounts import amounts
from parsers.soe_notice_type import notice_type_from_wording
from parsers.soe_period import period
from parsers.tables import is_placeholder
from parsers.text import clean, nfkc

# wording of the template (any one of them), and of the national 政府采购 templates (which are not this one)
_SOE_STRONG = re.compile(r"招标条件|招标人为|招\s*标\s*人\s*(?:名\s*称)?\s*[:：]")
_SOE_WORDS = re.compile(r"阳光采购服务平台|投标人资格要求|受招标人委托|招标代理(?:机构|人)")
_GOV_WORDS = re.compile(r"^\s*[\d一二三四五六七八九十.、()（）]*\s*(?:采购人信息|采购代理机构信息|项目联系方式)\s*$", re.M)

_DATE = r"((?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*(?:上午|下午)?\s*\d{1,2}\s*[:：时点]\s*(?:\d{1,2}\s*分?|整|半)?)"
_PAREN = r"(?:\s*[（(][^）)\n]{0,24}[)）])?"
# 投标截止时间（即开标时间，下同）：… / 投标文件递交的截止时间（投标截止时间，下同）为… / 递交投标文件的截止时间为…
_DEADLINE = re.compile(
    r"(?<!保证金的到账)(?<!保证金到账)(?<!提问)(?<!报名)(?<!答疑)(?<!澄清)"
    r"((?:投标|响应|递交投标|递交响应|上传投标|上传响应)(?:[（(](?:投标|响应)[)）])?(?:文件)?(?:递交|上传|提交|接收|送达)?的?截止(?:时间|日期)"
    + _PAREN + r"(?:\s*(?:和|及|、)\s*(?:开标|评审)时间)?" + _PAREN + r")\s*(?:为|是|[:：])?\s*" + _DATE)
# "七、响应文件提交的截止时间及地点：" with the time on the next line: "1、截止时间：2025年10月22日09时30分"
_DEADLINE_UNDER = re.compile(r"(?:投标|响应)文件[^\n]{0,10}截止时间[^\n]{0,8}\n\s*[\d.、()（）]*\s*(?:投标|响应)?截止时间\s*[:：]\s*"
                             + _DATE)
_OPENING = re.compile(r"(开标时间" + _PAREN + r")\s*(?:为|[:：])\s*(?:" + _DATE + r"|(同(?:投标|响应)(?:文件)?(?:递交)?截止时间))")
_DEADLINE_BY = re.compile(r"(?:应|须|请)(?:于|在)\s*" + _DATE + r"\s*(?:时)?\s*(?:\(北京时间\)|（北京时间）)?\s*(?:前|之前)[^。\n]{0,12}?将?(?:投标|响应)文件")
_OPENING_WILL = re.compile(r"(?:本次招标|本项目|定)于\s*" + _DATE + r"[^。\n]{0,30}?(?:开标|开启)")

_BUYER_LINE = re.compile(r"^\s*(?:招\s*标\s*人|采\s*购\s*人|招标单位|采购单位)\s*(?:名\s*称)?\s*[:：]\s*(.+?)\s*$", re.M)
_AGENCY_LINE = re.compile(r"^\s*(?:招\s*标\s*代\s*理\s*(?:机\s*构|人|单\s*位)|采购代理(?:机构|公司|单位|人)|代\s*理\s*机\s*构)\s*(?:名\s*称)?\s*[:：]\s*(.+?)\s*$",
                          re.M)
_BUYER_IS = re.compile(r"(?:招标人|采购人)(?:为|是)\s*[:：]?\s*([^,，。;；\s(（]{4,60})")
_AGENCY_IS = re.compile(r"(?:招标代理(?:机构|人)?|采购代理机构)(?:为|是)\s*[:：]?\s*([^,，。;；\s(（]{4,60})")
_ENTRUSTED = re.compile(r"([^\s,，。:：;；]{4,40}?(?:公司|院|所|中心))\s*受\s*([^\s,，。;；]{4,60}?)\s*的?委托")

# 采购方式：询比采购 / "4. 招标方式\n4.1公开招标。" / "现进行本项目公开招标" / "拟采用单源采购方式"
_METHOD_NAMES = r"((?:国内)?公开招标|邀请招标|询比采购|询比|竞争性磋商|竞争性谈判|单一来源|单源采购|询价)"
_METHOD = re.compile(r"(?:采购方式|招标方式|磋商方式)\s*[:：]\s*([^\s,，。;；]{2,12})"
                     r"|(?:采购方式|招标方式)\s*[:：]?\s*\n\s*[\d.、]*\s*" + _METHOD_NAMES
                     + r"|(?:进行|采用|采取|组织)[^,，。;；\n]{0,8}?" + _METHOD_NAMES)


def is_soe_bulletin(text: str) -> bool:
    """The 招标投标法-style SOE bulletin, by its wording (not by its site): 招标条件 / 招标人为 / 招 标 人：, and none of
    the national 政府采购 template's section headings."""
    head = nfkc(text or "")
    return bool(_SOE_STRONG.search(head)) or bool(_SOE_WORDS.search(head)) and len(_GOV_WORDS.findall(head)) < 2


def _time(raw: str | None) -> datetime | None:
    if not raw:
        return None
    raw = re.sub(r"(\d)\s*时\s*整", r"\1时00分", raw)
    at = parse_datetime(raw)
    if at and re.search(r"下午", raw) and at.hour < 12:
        at = at.replace(hour=at.hour + 12)
    return at


def deadline_opening(text: str) -> dict:
    """投标截止时间 and 开标时间 (either may be stated as the other: "即开标时间", "开标时间：同投标截止时间")."""
    out: dict = {}
    m = _DEADLINE.search(text)
    if m:
        out["deadline_raw"] = clean(m.group(2))
        out["deadline"] = _time(m.group(2))
        if "开标" in m.group(1):
            out["opening_raw"], out["opening"] = out["deadline_raw"], out["deadline"]
    if "deadline" not in out:
        m = _DEADLINE_UNDER.search(text) or _DEADLINE_BY.search(text)
        if m:
            out["deadline_raw"], out["deadline"] = clean(m.group(1)), _time(m.group(1))
    if "opening" not in out:
        m = _OPENING.search(text)
        if m and m.group(2):
            out["opening_raw"], out["opening"] = clean(m.group(2)), _time(m.group(2))
        elif m and m.group(3) and out.get("deadline"):
            out["opening_raw"], out["opening"] = out["deadline_raw"], out["deadline"]
        else:
            m = _OPENING_WILL.search(text)
            if m:
                out["opening_raw"], out["opening"] = clean(m.group(1)), _time(m.group(1))
    return {k: v for k, v in out.items() if v is not None}


def _name(value: str) -> str | None:
    """A party's name: up to a comma or the next label; joint parties stay joined by ";" as printed."""
    value = re.split(r"\s{2,}|[,，。]|(?:地\s*址|联\s*系\s*人|电\s*话)\s*[:：]", value)[0].strip().strip(";；")
    value = re.sub(r"^(?:\d{1,2}|[一二三四五六七八九十])\s*[、.．]\s*", "", value)  # "1、万邦工程…" in a list
    if re.match(r"[(（\[【]", value) or re.search(r"盖章|单位章|签字|详见", value) or is_placeholder(value):
        return None  # a signature line's （单位章） or a placeholder, not a name
    return value if 4 <= len(value) <= 60 else None


def parties(text: str) -> dict:
    out: dict = {}
    for key, line_re, is_re in (("buyer", _BUYER_LINE, _BUYER_IS), ("agency", _AGENCY_LINE, _AGENCY_IS)):
        m = line_re.search(text)
        value = _name(m.group(1)) if m else None
        if not value:
            m = is_re.search(text)
            value = _name(m.group(1)) if m else None
        if value:
            out[key] = value
    m = _ENTRUSTED.search(text)
    if m:
        for key, value in (("agency", _name(m.group(1))), ("buyer", _name(m.group(2)))):
            if value:
                out.setdefault(key, value)
    return out


def method(text: str) -> str | None:
    m = _METHOD.search(text)
    if not m:
        return None
    return normalise_method(m.group(1) or m.group(2) or m.group(3))


def soe_fields(text: str, tables: list[Grid] | None = None) -> dict:
    """The fields this template prints, read from the body text (and the page's tables); only what was found."""
    text = nfkc(text or "")
    out: dict = {}
    out.update(parties(text))
    out.update(amounts(text, tables))
    m = method(text)
    if m:
        out["method"] = m
    out.update(deadline_opening(text))
    out.update(period(text, tables) or {})
    c = contacts(text, tables)
    if c:
        out["contacts"] = c
    return out


def contacts(text: str, tables: list[Grid] | None = None) -> dict:
    """The contact blocks by role, read by the national templates' reader (parsers/sections.py role_contacts): from
    a table that sets the buyer's and the agency's blocks side by side when the page has one, else from the text."""
    for grid in tables or []:
        unfolded = unfold_grid(grid)
        found = role_contacts(unfolded) if unfolded else {}
        if found:
            return found
    return role_contacts(text)


_NOT_AMOUNT_LABEL = re.compile(r"限价|控制价|投资估算|估算|概算|总投资")


def apply_soe(out: dict, page: str | None = None) -> dict:
    """Merge this template's reading into a generic parse (``out``, changed in place and returned; ``page`` is the
    HTML, for its tables): what the template prints wins (the 开标 time too; its place and the rest of the call's
    terms: parsers/call_terms.py)."""
    text = out.get("text") or ""
    found = soe_fields(text, grids(page))
    if "budget_cny" in found or "max_price_cny" in found:  # the template's amounts replace the generic guess
        for key in ("budget", "max_price"):
            out[f"{key}_cny"], out[f"{key}_raw"] = found.pop(f"{key}_cny", None), found.pop(f"{key}_raw", None)
    elif out.get("budget_cny") is not None and _NOT_AMOUNT_LABEL.search(out.get("budget_raw") or ""):
        out["budget_cny"] = out["budget_raw"] = None  # a 控制价 / 投资估算 read as a budget
    out.setdefault("warnings", []).extend(found.pop("amount_warnings", []))
    if "period_raw" in found:  # the template's period (or "no single period") replaces the generic reading
        out["period_days"], out["period_months"] = found.pop("period_days", None), found.pop("period_months", None)
    elif out.get("period_months") is not None:  # stated in months or years: period_days is for one stated in days
        out["period_days"] = None
    out.update(found)
    if not out.get("notice_type"):  # the page's title did not name the type (common/notice_types.py): its wording
        out["notice_type"] = notice_type_from_wording(nfkc(text))
    if out.get("buyer"):
        out["warnings"] = [w for w in out.get("warnings") or [] if w != "no buyer found"]
    return out
