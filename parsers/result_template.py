"""The older result notices (≈2009–2020, SOURCES.md §4.5 item 3) and the wording every result notice shares.

The old template opens with one sentence that names the parties and the method — ``X公司受Y的委托，就“Z”项目（项目编号：
N）以公开招标方式进行采购…，中标结果如下：`` — and then lists 项目信息 / 采购单位信息 / 采购代理机构信息 / 中标信息 with
labels that differ from the 2020 ones (``采购代理机构全称``, ``集中采购机构``, ``招标(采购)人名称``, ``总成交金额``,
``三、采购项目名称及编号：名称 编号``). The publication date is the one the page prints (``发布时间``), never the tender's
(``招标公告发布日期``, ``本项目招标公告日期``); else the day a 公示 starts (``公示日期：``); else the date that signs the
notice. An award printed as 0 (a rate stands for it) is unknown. The headline or the opening sentence gives the
notice type when the page's title does not.

``fill_missing`` gives a markup layout (the ccgp page, whose 公告概要 table is the first choice) what its body says
where the table is missing or silent; the generic flow reads the same rules through parsers/generic.py and
parsers/sections.py. Pure functions.
"""

from __future__ import annotations

import re

from common.notice_types import AWARD, CANDIDATES, TENDER, normalise_notice_type
from parsers.dates import parse_datetime, publicity_start, signature_date
from parsers.fields import label_value
from parsers.labels import cut_at_label, masked
from parsers.methods import normalise_method
from parsers.sections import amount, read_sections
from parsers.tables import FIELD_LABELS, is_placeholder, lookup
from parsers.text import clean, nfkc

# ---------------------------------------------------------------------------------------------- the opening sentence

_ENTRUSTED_BY = re.compile(r"(?:^|[。\n:：])\s*([^\s,，。:：;；]{4,40}?)\s*受\s*([^\s,，。;；]{4,40}?)\s*的?委托")
_ENTRUSTS = re.compile(r"受\s*([^\s,，。;；]{4,40}?)\s*的?委托\s*[,，]\s*([^\s,，。;；]{4,40}?)\s*(?:对|就|于)")
# "我中心受采购人的委托": a pronoun or a role word, not a name
_NOT_A_NAME = re.compile(r"^(?:我|本|贵)|^(?:采购人|采购单位|招标人|建设单位|业主|甲方)$")

CONDUCTS = re.compile(r"(?:^|[。\n])\s*([^\s,，。:：;；]{4,40}?(?:公司|学院|大学|学校|医院|局|中心|委员会|政府|办公室|研究院|"
                      r"研究所|处|厅))\s*(?:对|就)[^。\n]{2,80}?进行(?:了)?(?:公开招标|邀请招标|竞争性磋商|竞争性谈判|询价|"
                      r"单一来源|采购)")
AGENCY_NAME = re.compile(r"招标|咨询|代理|项目管理|工程管理|造价")


def _name(value: str) -> str | None:
    value = value.strip()
    return None if _NOT_A_NAME.search(value) or masked(value) else value


def entrustment(text: str) -> tuple[str | None, str | None] | None:
    """(buyer, agency) from the opening sentence "代理受采购人委托" in either order; a pronoun (我中心) or a role
    word (采购人) in place of a name gives None for that party."""
    m = _ENTRUSTS.search(text)
    if m:
        return _name(m.group(1)), _name(m.group(2))
    m = _ENTRUSTED_BY.search(text)
    if m:
        return _name(m.group(2)), _name(m.group(1))
    return None


_METHOD = r"(公开招标|邀请招标|竞争性谈判|竞争性磋商|询价|单一来源)"
_METHOD_SAID = re.compile(rf"(?:以|采用|采取|通过|进行了?|组织了?|方式为|方式是)\s*(?:国内|国际)?\s*{_METHOD}"
                          rf"|{_METHOD}\s*(?:方式|采购)")


_SENTENCE_END = re.compile(r"。|如下|(?:^|\s)一\s*[、.．]")  # the sentence ends before the first section at the latest


def method_in_sentence(text: str) -> str | None:
    """The method the opening sentence names: ``以公开招标方式进行采购``, ``采用竞争性磋商方式确定成交人``, ``组织了国内
    公开招标``, ``采购方式为公开招标``, ``…邀请招标采购的评审工作已圆满结束``. Only the first sentence (up to ``。``,
    ``如下`` or the section 一、, in the first 800 characters): a later "单一来源采购人员名单" names a list, not the method."""
    head = nfkc(text[:800])
    end = _SENTENCE_END.search(head)
    m = _METHOD_SAID.search(head[:end.start()] if end else head)
    return normalise_method(m.group(1) or m.group(2)) if m else None


# ---------------------------------------------------------------------------------------------- the publication date

_PUBLISHED = re.compile(r"(发布时间|发布日期|公告时间|公告日期|信息时间|发布于)\s*[:：]?\s*[:：]\s*|"
                        r"(发布时间|发布日期|公告日期)\s*[:：]?\s*(?=(?:19|20)\d{2})")
# the tender's date and the first notice's: 招标公告发布日期, 招标(采购)公告发布日期, 本项目招标公告日期, 首次公告日期
_NOT_THIS_NOTICE = re.compile(r"(?:招标|采购|\)|原|首次|本项目)\s*公告$|招标$|采购$|首次$|原$")
_DATE_VALUE = re.compile(r"\s*[\[【(（]?\s*((?:19|20)\d{2}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?"
                         r"(?:\s*\d{1,2}\s*[:：时点]\s*\d{0,2}\s*分?(?:\s*[:：]\s*\d{1,2})?)?)")


def published_label(text: str) -> tuple[str, str] | None:
    """(label, date) of the publication date the page prints (``发布时间：``, ``发布日期：``, ``公告日期：``), skipping
    the tender's and the first notice's dates (``招标公告发布时间``, ``招标(采购)公告发布日期``, ``首次公告日期``)."""
    text = nfkc(text)
    for m in _PUBLISHED.finditer(text):
        before = re.sub(r"\s+", "", text[max(0, m.start() - 8):m.start()])
        if _NOT_THIS_NOTICE.search(before):
            continue
        v = _DATE_VALUE.match(text, m.end())
        if v:
            return m.group(1) or m.group(2), clean(v.group(1))
    return None


def publication(text: str) -> str | None:
    """The raw publication date of a notice text: printed (published_label), else the day its 公示 starts (a
    labelled day), else the signature. (A layout's own date, e.g. a meta tag, comes before all of these.)"""
    hit = published_label(text)
    return hit[1] if hit else publicity_start(text) or signature_date(text)


# ------------------------------------------------------------------------------------- labels of the old template

# "三、采购项目名称及编号：某项目 \n DYZCZ2016-269#": the code is the last token of the value
_NAME_AND_CODE = re.compile(r"(?:采购)?项目名称及(?:项目)?编号\s*[:：]\s*([^\n]*(?:\n\s*[^\n:：、]{3,60})?)")
_CODE_TOKEN = re.compile(r"[0-9A-Za-z][0-9A-Za-z\-_/#\[\]()]*[0-9][0-9A-Za-z\-_/#\[\]()]*$")


def code_after_name(text: str) -> str | None:
    """``采购项目名称及编号：某项目 DYZCZ2016-269#`` → DYZCZ2016-269# (the name first, the code after it)."""
    m = _NAME_AND_CODE.search(nfkc(text))
    if not m:
        return None
    tail = re.split(r"\s+", m.group(1).strip())[-1] if m.group(1).strip() else ""
    c = _CODE_TOKEN.search(tail)
    return c.group(0) if c and len(c.group(0)) >= 3 else None


_ORG = re.compile(r"(?:公司|集团|中心|研究院|设计院|医院|学院|大学|学校|研究所|事务所|合作社|厂|店|馆|站|社|所|局|部|处|会|院|队)"
                  r"(?:[(（][^)）]{1,12}[)）])?$")


def looks_like_org(value: str | None) -> bool:
    """A winner's or a party's name ends like an organisation's (…有限公司, …设计院, …酒店, …（集团）)."""
    return bool(value) and 4 <= len(value) <= 60 and bool(_ORG.search(clean(nfkc(value))))


def kv_winner(kv: dict[str, str]) -> tuple[str, str] | None:
    """(label, name) of a result form's ``中标结果`` cell (tables.FIELD_LABELS["winner"]; the 中标候选人 rows are
    listed above it) whose value is an organisation's name."""
    hit = lookup(kv, "winner")
    return hit if hit and looks_like_org(hit[1]) and not masked(hit[1]) else None


def nonzero(money, out: dict):  # noqa: ANN001, ANN201 - Money | None
    """An award printed as 0 (``总成交金额：0.0 万元（人民币）`` where the result is a 下浮系数 or a unit price) is
    unknown, never 0: None, with a warning in ``out``."""
    if money is not None and money.cny == 0:
        out.setdefault("warnings_extra", []).append(f"award printed as 0 ({money.raw}): unknown")
        return None
    return money


_RESULT_WORDS = re.compile(r"(?:成交|中标|采购)结果(?:公告|公示|公布)?如下|现将(?:成交|中标)|结果公告如下|中标人名单公告如下")
_HEADLINE = re.compile(r"(?:公告|公示|公示表)$")
_PROPOSED = re.compile(r"拟中标|预中标|拟成交|候选")
_CALL_WORDS = re.compile(r"欢迎[^。\n]{0,20}(?:供应商|投标人)[^。\n]{0,10}参加|现邀请[^。\n]{0,30}(?:投标|参加)|"
                         r"(?:招标|采购|磋商|谈判|询价)公告如下|凡有意参加[^。\n]{0,12}者|"
                         r"(?:^|[现,，])(?:对|就)[^。\n]{2,80}?进行(?:国内)?(?:公开招标|邀请招标|竞争性磋商|竞争性谈判|询价|询比|公开采购)|"
                         r"采用单(?:一来)?源采购方式的原因|单(?:一来)?源采购的依据|拟定的唯一供应商", re.M)  # a 单一来源 公示: a call


def headline_type(text: str) -> str | None:
    """The type the headline at the top of the text names (``…项目中标（成交）公告``, ``…采购结果公示``; ``拟中标结果
    公示表`` is a candidates' 公示), for pages whose title element is missing or is only the project's name."""
    lines = [clean(ln) for ln in nfkc(text[:1500]).splitlines() if ln.strip()][:6]
    for line in lines:
        line = re.sub(r"\s+", "", line)
        if 8 <= len(line) <= 80 and _HEADLINE.search(line):  # a bare "招标公告" is a menu or a channel name
            kind = CANDIDATES if _PROPOSED.search(line) else normalise_notice_type(None, line)
            if kind:  # "通知公告" (a menu) names no type: the next line may
                return kind
    return None


def notice_type_from_text(text: str) -> str | None:
    """What the headline or the opening sentence says the notice is, when the title does not."""
    head = text[:800]
    headline = headline_type(text)
    if headline:
        return headline
    if _RESULT_WORDS.search(head):
        return AWARD
    if _CALL_WORDS.search(head):
        return TENDER
    return None


# ------------------------------------------------------------------------------------- filling a layout's gaps


def fill_missing(out: dict, text: str) -> dict:
    """What a notice's body says, for the fields a markup layout left empty (the layout's values are kept): the
    sections (contact blocks, award section, code, printed time), the labels of the generic lexicon, the opening
    sentence, the publication date. ``out`` is changed and returned."""
    text = nfkc(text)
    sections_read: dict = {}

    def found() -> dict:  # the sections, read once and only when a field is missing (the mirror's pages lack none)
        if not sections_read:
            sections_read.update(read_sections(text), read=True)
        return sections_read

    def label(field: str, max_len: int = 80) -> tuple[str, str] | None:
        hit = label_value(text, list(FIELD_LABELS[field]), max_len=max_len)
        return hit if hit and not masked(hit[1]) else None

    for role, i in (("buyer", 0), ("agency", 1)):
        if not out.get(role):
            hit = label(role)
            labelled_name = cut_at_label(hit[1]) if hit and not is_placeholder(hit[1]) else None
            out[role] = (found().get(role) or labelled_name or (entrustment(text) or (None, None))[i]
                         or found().get("flat_" + role))
    if not out.get("project_code"):
        out["project_code"] = found().get("project_code") or code_after_name(text)
    if not out.get("method"):
        hit = label("method", 30)
        out["method"] = normalise_method(hit[1] if hit else None) or method_in_sentence(text)
    if not out.get("notice_type"):
        out["notice_type"] = notice_type_from_text(text)
    result = out.get("notice_type") in (AWARD, None)  # a call, a correction, a candidates' 公示: no winner, no award
    if result and not out.get("suppliers") and found().get("suppliers"):
        out["suppliers"] = found()["suppliers"]
    if result and out.get("award_cny") is None:
        hit = label("award", 60)
        money = nonzero(amount(hit[1], hit[0]) if hit else None, out)
        if money is not None:
            out["award_cny"], out["award_raw"] = money.cny, money.raw
        elif found().get("award_cny"):
            out["award_cny"], out["award_raw"] = found()["award_cny"], found()["award_raw"]
    if not out.get("published_at"):
        hit = published_label(text)  # printed with a label, else under the title, else a 公示 day or the signature
        raw = hit[1] if hit else found().get("published_raw") or publication(text)
        if raw:
            out["published_raw"], out["published_at"] = raw, parse_datetime(raw)
    return out
