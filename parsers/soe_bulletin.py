"""The 招标投标法-style bulletin of state-owned enterprises (宁波市阳光采购服务平台 ygcg.nbcqjy.org, 宜昌 and 江西 工程
招标公告): "一、招标条件 … 招标人为X … 现进行公开招标", "招标控制价：…元", "投标截止时间（即开标时间，下同）：…",
and a closing 联系方式 block (招 标 人 / 联 系 人 / 电 话, then 招标代理机构 / 联 系 人 / 电 话).

``is_soe_bulletin(text)`` recognises the template by its wording; ``soe_fields(text)`` reads what it prints and
returns only the fields it found (the caller keeps the generic reading for the rest). Pure functions.

Amount rules (the labels' convention): 最高限价 / 招标控制价 / 控制价 → max_price_cny; 预算 → budget_cny; a label
that names both (``预算/采购控制价``, ``采购预算（最高限价）``, ``预算金额（最高投标限价）``) gives both; 投资估算
(the project's investment) is neither.
"""

from __future__ import annotations

import re
from datetime import datetime

from parsers.amounts import parse_amount
from parsers.dates import parse_datetime
from parsers.methods import normalise_method
from parsers.periods import parse_period
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
    r"((?:投标|响应|递交投标|递交响应|上传投标|上传响应)(?:[（(]投标[)）])?(?:文件)?(?:递交|上传|提交|接收|送达)?的?截止(?:时间|日期)"
    + _PAREN + r"(?:\s*(?:和|及|、)\s*开标时间)?" + _PAREN + r")\s*(?:为|是|[:：])?\s*" + _DATE)
_OPENING = re.compile(r"(开标时间" + _PAREN + r")\s*(?:为|[:：])\s*(?:" + _DATE + r"|(同(?:投标|响应)(?:文件)?(?:递交)?截止时间))")
_DEADLINE_BY = re.compile(r"(?:应|须|请)(?:于|在)\s*" + _DATE + r"\s*(?:时)?\s*(?:\(北京时间\)|（北京时间）)?\s*(?:前|之前)[^。\n]{0,12}?将?(?:投标|响应)文件")
_OPENING_WILL = re.compile(r"(?:本次招标|本项目|定)于\s*" + _DATE + r"[^。\n]{0,30}?(?:开标|开启)")

_BUYER_LINE = re.compile(r"^\s*(?:招\s*标\s*人|采\s*购\s*人|招标单位|采购单位)\s*(?:名\s*称)?\s*[:：]\s*(.+?)\s*$", re.M)
_AGENCY_LINE = re.compile(r"^\s*(?:招\s*标\s*代\s*理\s*(?:机\s*构|人|单\s*位)|采购代理(?:机构|公司|单位)|代\s*理\s*机\s*构)\s*(?:名\s*称)?\s*[:：]\s*(.+?)\s*$",
                          re.M)
_BUYER_IS = re.compile(r"(?:招标人|采购人)(?:为|是)\s*[:：]?\s*([^,，。;；\s(（]{4,60})")
_AGENCY_IS = re.compile(r"(?:招标代理(?:机构|人)?|采购代理机构)(?:为|是)\s*[:：]?\s*([^,，。;；\s(（]{4,60})")
_ENTRUSTED = re.compile(r"([^\s,，。:：;；]{4,40}?(?:公司|院|所|中心))\s*受\s*([^\s,，。;；]{4,60}?)\s*的?委托")

_METHOD = re.compile(r"(?:采购方式|招标方式)\s*[:：]\s*([^\s,，。;；]{2,12})|(?:进行|采用|组织)\s*"
                     r"((?:国内)?公开招标|邀请招标|询比采购|询比|竞争性磋商|竞争性谈判|单一来源|询价)")
_AMOUNT = re.compile(
    r"(?P<label>(?:总价|本次|年度|项目|工程|采购)?(?:预算价|预算金额|预算总金额|采购预算金额|采购预算|预算|最高投标限价|投标最高限价"
    r"|最高限价|招标控制价|采购控制价|控制价)(?:\s*/\s*(?:采购)?(?:控制价|最高限价))?(?:\s*[（(][^）)\n]{0,16}[)）])?)"
    r"(?:总价)?(?:\s*[（(][^）)\n]{0,12}[)）])?\s*(?:[:：]|为|是)\s*[:：]?\s*(?P<value>(?:人民币|含税价?|¥|￥)?\s*[^\n;；。]{0,60})")
_INVESTMENT = re.compile(r"投资估算|估算投资|总投资|概算")
_PERIOD = re.compile(r"(?:^|[\n。;；])\s*[\d.、()（）]*\s*(?P<label>计划工期|工期|服务期限|服务期|合同履行期限|合同履约期限|履约期限|交货期限|交货期|供货期|服务周期|采购周期)"
                     r"(?:\s*[（(][^）)\n]{0,8}[)）])?\s*[:：为]\s*(?P<value>[^\n。;；]{1,120})")

_CONTACT_HEAD = re.compile(r"^[\s\d一二三四五六七八九十.、()（）]*(?:联系方式|联系人及联系方式)\s*[:：]?\s*$")
_ROLE_BUYER = re.compile(r"^\s*(?:招\s*标\s*人|采\s*购\s*人|招标单位|采购单位)\s*(?:名\s*称)?\s*[:：]")
_ROLE_AGENCY = re.compile(r"^\s*(?:招\s*标\s*代\s*理|采购代理|代\s*理\s*机\s*构|代理单位)[^:：]{0,8}[:：]")
_ROLE_OTHER = re.compile(r"^\s*(?:监\s*管|监督|主管|投诉|交易平台|平台|技术支持)[^:：]{0,10}[:：]")
_PERSON = re.compile(r"^\s*(?:项目)?联\s*系\s*人\s*[:：]\s*(.*?)\s*$")
_PHONE_LINE = re.compile(r"^\s*(?:联\s*系\s*)?(?:电\s*话|方\s*式|手\s*机)(?:\s*/\s*传\s*真)?\s*[:：]\s*(.*?)\s*$")


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
        m = _DEADLINE_BY.search(text)
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


def amounts(text: str) -> dict:
    """budget_cny / max_price_cny from the first labelled amount of each kind (see the module's note)."""
    out: dict = {}
    for m in _AMOUNT.finditer(text):
        label, value = m.group("label"), m.group("value")
        before = text[max(0, m.start() - 12):m.start()]
        if _INVESTMENT.search(before + label) or "单价" in label:
            continue
        total = re.search(r"(?:合计|总计|共计)\s*[:：]?\s*(?:人民币)?\s*([\d.,]+\s*(?:万元|元))", value)
        money = parse_amount(total.group(1) if total else value, label=label)
        if money is None or money.cny <= 0:
            continue
        is_max = bool(re.search(r"限价|控制价", label))
        is_budget = "预算" in label
        for key, yes in (("max_price", is_max), ("budget", is_budget)):
            if yes and f"{key}_cny" not in out:
                out[f"{key}_cny"], out[f"{key}_raw"] = money.cny, clean(m.group(0))[:200]
    return out


def method(text: str) -> str | None:
    m = _METHOD.search(text)
    if not m:
        return None
    return normalise_method(m.group(1) or m.group(2))


def period(text: str) -> dict:
    m = _PERIOD.search(text)
    if not m:
        return {}
    value = m.group("value")
    if re.search(r"每批次?|分批|每次", value):  # a delivery time per call-off, not the contract's period
        return {}
    p = parse_period(value)
    if not p:
        return {}
    if p.months:  # stated in months or years: period_days is for a period stated in days
        return {"period_raw": clean(value)[:200], "period_months": p.months}
    return {"period_raw": clean(value)[:200], "period_days": p.days}


def contacts(text: str) -> dict:
    """The closing 联系方式 block by role: {"buyer": {"name", "phone"}, "agency": {…}} — the person and phone under
    each party's line (parsers/contacts.py contacts_field adds the other named people); supervisors (监管单位)
    and technical support are not contacts of the call."""
    lines = text.splitlines()
    start = max((i for i, ln in enumerate(lines) if _CONTACT_HEAD.match(ln)), default=None)
    if start is None:
        return {}
    out: dict = {}
    role = None
    for ln in lines[start:]:
        if _ROLE_BUYER.search(ln):
            role = "buyer"
        elif _ROLE_AGENCY.search(ln):
            role = "agency"
        elif _ROLE_OTHER.search(ln):
            role = None
        if role is None:
            continue
        block = out.setdefault(role, {"name": None, "phone": None})
        m = _PERSON.match(ln)
        if m and block["name"] is None:  # "联系人：周先生 联系电话：13667969538" on one line
            parts = re.split(r"(?:联\s*系\s*)?(?:电\s*话|手\s*机|方\s*式)\s*[:：]", m.group(1), maxsplit=1)
            block["name"] = clean(parts[0]) or None
            if len(parts) > 1 and block["phone"] is None:
                block["phone"] = clean(parts[1]) or None
            continue
        m = _PHONE_LINE.match(ln)
        if m and block["phone"] is None:
            block["phone"] = clean(m.group(1)) or None
    return {k: v for k, v in out.items() if v["name"] or v["phone"]}


def soe_fields(text: str) -> dict:
    """The fields this template prints, read from the body text; only what was found."""
    text = nfkc(text or "")
    out: dict = {}
    out.update(parties(text))
    out.update(amounts(text))
    m = method(text)
    if m:
        out["method"] = m
    out.update(deadline_opening(text))
    out.update(period(text))
    c = contacts(text)
    if c:
        out["contacts"] = c
    return out


def _filled(entry: dict | None) -> int:
    return bool(entry and entry.get("name")) + bool(entry and entry.get("phone"))


def merge_contacts(mine: dict, sections: dict | None) -> dict:
    """Per role, the fuller of this template's block and the national-section reading (parsers/sections.py);
    on a tie this template's."""
    sections = sections or {}
    roles = list(dict.fromkeys([*mine, *sections]))
    return {r: mine[r] if _filled(mine.get(r)) >= _filled(sections.get(r)) else sections[r] for r in roles}


_CALL = re.compile(r"现(?:对[^。\n]{0,80}?)?进行(?:国内)?公开招标|具备(?:招标|采购)条件|现(?:对[^。\n]{0,80}?)?进行(?:国内)?公开采购|(?:现|公告)邀请[^。\n]{0,40}(?:投标|参加)|欢迎[^。\n]{0,30}参加")
_NOT_AMOUNT_LABEL = re.compile(r"限价|控制价|投资估算|估算|概算|总投资")


def apply_soe(out: dict) -> dict:
    """Merge this template's reading into a generic parse (``out``, changed in place and returned): what the
    template prints wins (the 开标 time too; its place and the rest of the call's terms: parsers/call_terms.py)."""
    text = out.get("text") or ""
    found = soe_fields(text)
    if "budget_cny" in found or "max_price_cny" in found:  # the template's amounts replace the generic guess
        for key in ("budget", "max_price"):
            out[f"{key}_cny"], out[f"{key}_raw"] = found.pop(f"{key}_cny", None), found.pop(f"{key}_raw", None)
    elif out.get("budget_cny") is not None and _NOT_AMOUNT_LABEL.search(out.get("budget_raw") or ""):
        out["budget_cny"] = out["budget_raw"] = None  # a 控制价 / 投资估算 read as a budget
    if out.get("period_days") is not None or out.get("period_months") is not None:  # the generic reading of a
        for key in ("period_days", "period_months", "period_raw"):                    # labelled cell stays
            found.pop(key, None)
    out.update({k: v for k, v in found.items() if k != "contacts"})
    if not out.get("notice_type") and _CALL.search(nfkc(text)[:1500]):
        from common.notice_types import TENDER

        out["notice_type"] = TENDER
    if found.get("contacts"):
        from parsers.sections import role_contacts

        out["contacts"] = merge_contacts(found["contacts"], role_contacts(text))
    if out.get("buyer"):
        out["warnings"] = [w for w in out.get("warnings") or [] if w != "no buyer found"]
    return out
