"""The 2020 national notice formats (财办库〔2020〕50号, SOURCES.md §8 and §4.5), read by their sections.

Sites number the sections differently (a Shandong result notice has its contacts at 十, a Shenzhen one at 十一), so
a section is recognised by its heading words, never by its number: 项目基本情况, 中标（成交）信息, 主要标的信息,
凭以下方式联系 / 提出询问 …, and inside the last one the blocks 1.采购人信息 / 2.采购代理机构信息 / 3.项目联系方式.
Each field is read where the template puts it:

* the contact blocks (labels padded with spaces: ``名    称：``, ``地 址：``, ``联系方式：``) → buyer, agency and the
  ``contacts`` field {"buyer": {name, phone}, "agency": {…}, "project": {…}} (parsers/contacts.py);
* the award section (an HTML table seen as tab-separated text, a pipe table, or vertical ``供应商名称：`` rows) →
  suppliers and award_cny; tables of bidders (投标供应商 / 报价 / 得分 / 候选人) elsewhere are not winners;
* ``项目编号：ABC123（招标文件编号：ABC123/1）`` → ABC123;
* the publication time printed under the title (``2026年08月05日 12:54 来源：``).

Flattened text (aggregators run label and value together: ``采购人名称:某市某中心项目地址:某省·某市``) is split on a
lexicon of known labels (LABELS, parsers/labels.py), not on punctuation alone. A masked value (``***``) is unknown.
Pure functions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from parsers.awards import amount, award_suppliers
from parsers.contact_columns import unfold_text
from parsers.contact_roles import BLOCK as _BLOCK, ROLE_WORDS as _ROLE_WORDS, TITLED_NAME
from parsers.contacts import CONTACT_ROLES, PHONE, contact_entry
from parsers.dates import parse_datetime, publicity_start, signature_date
from parsers.labels import _CN_NUM, _HEADING, cut_at_label, labelled, masked
from parsers.tables import is_placeholder
from parsers.text import clean, nfkc


def _cn_value(numeral: str) -> int:
    """一 → 1, 十 → 10, 十一 → 11, 二十三 → 23."""
    if numeral == "十":
        return 10
    if "十" in numeral:
        tens, _, ones = numeral.partition("十")
        return (_CN_NUM.index(tens) + 1 if tens else 1) * 10 + (_CN_NUM.index(ones) + 1 if ones else 0)
    return _CN_NUM.index(numeral) + 1


# Section kinds by heading words (first match wins: bidders before award, since "投标供应商名称及报价" and
# "中标候选人" headings also carry 中标/供应商 words).
SECTION_KINDS: tuple[tuple[str, re.Pattern], ...] = (
    ("bidders", re.compile(r"候选|投标供应商|投标人名称|报价情况|未中标|未成交|得分|评审结果|评标结果")),
    ("award", re.compile(r"中标\s*(?:\(成交\))?\s*(?:信息|结果|公告内容)|成交\s*(?:信息|结果)|中标\(成交\)|"
                         r"^(?:中标|成交)(?:单位|供应商|人)(?:名称)?")),
    ("basic", re.compile(r"项目基本情况|项目信息|项目概况")),
    ("items", re.compile(r"主要标的")),
    ("experts", re.compile(r"评审专家|评标委员会|谈判小组|磋商小组")),
    ("fee", re.compile(r"代理服务收费|代理服务费")),
    ("period", re.compile(r"公告期限")),
    ("correction", re.compile(r"更正信息|更正事项")),
    ("contact", re.compile(r"联系|询问|咨询|质疑")),
    ("code", re.compile(r"^项目编号")),
    ("name", re.compile(r"^项目名称")),
    ("other", re.compile(r"其他补充|其它补充")),
)


@dataclass
class Section:
    kind: str
    number: int
    heading: str  # the first words after the numeral (up to 30 characters or the line end)
    start: int  # offset of the numeral in the text
    body_start: int  # offset of the heading words
    end: int

    def body(self, text: str) -> str:
        return text[self.body_start:self.end]


def sections(text: str) -> list[Section]:
    """The numbered top-level sections in reading order. A numeral counts as a heading only when it is the
    next number after the previous heading's (so an inline "一、" inside a paragraph or a list of the sub-items
    of one section does not split the text)."""
    out: list[Section] = []
    for m in _HEADING.finditer(text):
        try:
            number = _cn_value(m.group(1))
        except ValueError:
            continue
        if out and number != out[-1].number + 1 or not out and number > 3:
            continue
        line_end = text.find("\n", m.end())
        heading = text[m.end():(line_end if line_end >= 0 else len(text))][:30]
        kind = next((k for k, rx in SECTION_KINDS if rx.search(nfkc(heading[:16]))), "other")
        if out:
            out[-1].end = m.start()
        out.append(Section(kind, number, heading, m.start(), m.end(), len(text)))
    return out


# ---------------------------------------------------------------- contact blocks

def contact_blocks(text: str) -> dict[str, dict]:
    """The contact blocks: role → {"org", "address", "name", "phone"} (what was printed). The blocks are read in
    the contact section when there is one, else anywhere a block heading (``1.采购人信息``) starts a line."""
    text = nfkc(text)
    secs = [s for s in sections(text) if s.kind == "contact"]
    scope = unfold_text(secs[-1].body(text) if secs else text)  # blocks side by side: one after the other
    starts = [(m.start(), m.end(), next(r for r, _ in _ROLE_WORDS if m.group(r))) for m in _BLOCK.finditer(scope)]
    # a block heading is "1.采购人信息" or a bare "采购人信息" / "采购人：X" at a line start; a role word in the
    # middle of a sentence is not a heading
    starts = [(s, e, r) for s, e, r in starts
              if re.match(rf"[\d{_CN_NUM}]", scope[s:s + 1]) or re.search(r"信息(?:\s*\(如有\))?\s*$", scope[s:e])
              or scope[e:e + 1] in ":：" and r != "project"]
    out: dict[str, dict] = {}
    for i, (s, e, role) in enumerate(starts):
        if role in out and (out[role].get("name") or out[role].get("phone")):
            continue  # the first block of a role wins, unless it named no one ("采购人(甲方)：X" above the contacts)
        stop = starts[i + 1][0] if i + 1 < len(starts) else len(scope)
        block = scope[e:stop]
        entry: dict = {}
        inline = re.match(r"\s*[:：]\s*([^\n]{2,80})", block)  # "1、采购人：宁波市某中心" (Ningbo, old templates)
        if inline:
            org = cut_at_label(inline.group(1))
            if org and not PHONE.search(org):
                entry["org"] = org
        for kind, label, value in labelled(block):
            if not value or masked(value):
                continue
            if kind == "name" or kind in ("buyer", "agency") and role == kind:
                entry.setdefault("org", dedupe_list(value))
            elif kind == "address" and TITLED_NAME.fullmatch(value):
                entry.setdefault("name", value)  # "地址：俞老师 / 联系人：0574-…": the lines' values are one line off
            elif kind == "address":
                entry.setdefault("address", value)
            elif kind == "person":
                person, phone = split_person_phone(value)
                if person or not phone or re.search(r"[\u4e00-\u9fa5]", value):
                    entry.setdefault("name", person or value)  # a 联系人 that is only a phone number is the phone
                if phone:
                    entry.setdefault("person_phone", phone)
            elif kind == "phone":
                person, phone = split_person_phone(value)
                if not person and not phone and re.fullmatch(r"[\u4e00-\u9fa5、 ]{2,20}", value):
                    person = value  # "采购代理机构联系方式：李占奎 王 吉 电话：0451-…": the names, the phone follows
                if person:
                    entry.setdefault("name", person)
                if phone:
                    entry.setdefault("phone", phone)
        if "person_phone" in entry:
            entry.setdefault("phone", entry.pop("person_phone"))
        if entry:
            out[role] = {**entry, **out.get(role, {})}  # what an earlier block printed stays
    return out


_PERSON = re.compile(r"^([\u4e00-\u9fa5]{1,4}(?:老师|先生|女士|经理|工)?(?:[、,，\s]+[\u4e00-\u9fa5]{2,4})*)\s*[,，:：;；\s(（]*"
                     r"(?=[\d(（+])")


_PHONE_RUN = re.compile(r"[\d\s\-–—()+、,，;；/转]*\d")  # joint parties' phones: "13957478052;0574-89289969"


def dedupe_list(value: str) -> str:
    """``济南大学,济南大学,济南大学`` (a site's repeated field) → 济南大学."""
    parts = {p.strip() for p in re.split(r"[,，]", value)}
    return parts.pop() if len(parts) == 1 else value


def split_person_phone(value: str) -> tuple[str | None, str | None]:
    """``吕德华,85953808`` → (吕德华, 85953808); ``陈仕盈(13587830757)`` → (陈仕盈, 13587830757); ``0511-88917939`` →
    (None, 0511-88917939). The phone is kept as printed (a local number without area code is still a phone)."""
    v = clean(nfkc(value)).lstrip(":：")  # "电话::0574-…"
    person = None
    m = _PERSON.match(v)
    if m:
        person, v = m.group(1), v[m.end():]
    m = _PHONE_RUN.match(v)  # the phone (or phones) as printed, up to the first word that is not part of one
    v = m.group(0).strip(" ,，、;；/") if m else ""
    if v.endswith(")") and v.count(")") > v.count("("):
        v = v[:-1]
    if v.startswith("(") and ")" not in v:
        v = v[1:]
    if len(re.findall(r"\d", v)) < 7:
        return person, None
    return person, v.strip()


# ---------------------------------------------------------------- project code, publication time

_CODE = re.compile(r"(?:原公告的)?(?:采购项目编号|项目编号|招标编号|采购编号|项目号)\s*[:：]\s*([^\n]{3,80})")
_CODE_TAIL = re.compile(r"\s*[(（](?:招标文件编号|采购文件编号|采购计划编号|计划编号|标段|包号|项目名称|备案编号)[^)）]*[)）]?.*$")


def project_code(text: str) -> str | None:
    """``项目编号：ABC123（招标文件编号：ABC123/1）`` → ABC123; brackets that belong to the code are kept
    (``ZJZCFSDZ-(2023)公字第0090号``)."""
    m = _CODE.search(nfkc(text))
    if not m:
        return None
    value = _CODE_TAIL.sub("", m.group(1))
    value = cut_at_label(value) or ""
    value = re.split(r"\s|[，;；。]|,(?![0-9A-Za-z][0-9A-Za-z\-]{2,30}(?:,|\s|$))", value.strip())[0].rstrip(":：")
    depth = 0
    for i, ch in enumerate(value):  # "(项目编号：X)进行了…": the bracket that closes before it opened ends the code
        depth += (ch == "(") - (ch == ")")
        if depth < 0:
            value = value[:i]
            break
    if value.count("(") > value.count(")"):
        value = value[:value.find("(")]
    if not value or masked(value) or not re.search(r"[0-9A-Za-z]", value) or len(value) < 3:
        return None
    return value


_PRINTED_TIME = re.compile(
    r"((?:19|20)\d{2}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?\s*\d{0,2}(?:\s*:\s*\d{2}){0,2})\s*"
    r"(?:来源|信息来源|发布人|浏览|阅读|点击)")


def printed_time(text: str) -> str | None:
    """The publication time printed under the title: ``2026年08月05日 12:54 来源：…``."""
    m = _PRINTED_TIME.search(nfkc(text[:1500]))
    return clean(m.group(1)) if m else None


# ---------------------------------------------------------------- the whole notice

def read_sections(text: str) -> dict:
    """Everything the national templates say where they say it. Keys present only when found: buyer, agency,
    project_code, suppliers, award_cny/award_raw, published_raw; flat_buyer / flat_agency (a labelled name in
    run-together text, for when nothing better is found)."""
    text = nfkc(text)
    out: dict = {}
    secs = sections(text)
    blocks = contact_blocks(text)
    for role in ("buyer", "agency"):
        org = blocks.get(role, {}).get("org")
        if org and not masked(org):
            out[role] = org
    for kind, _label, value in labelled(text):  # run-together text without blocks: the first labelled name
        if kind in ("buyer", "agency") and value and not masked(value) and not PHONE.search(value):
            out.setdefault("flat_" + kind, value)
    code_sec = next((s for s in secs if s.kind in ("code", "basic")), None)
    code = project_code(code_sec.body(text) if code_sec else text[:3000])
    if code:
        out["project_code"] = code
    award = [s for s in secs if s.kind == "award"]
    if award:
        body = award[0].body(text)
        suppliers = award_suppliers(body)
        if suppliers:
            out["suppliers"] = suppliers
            if all(s.get("award_cny") is not None for s in suppliers):
                out["award_cny"] = sum(s["award_cny"] for s in suppliers)
                out["award_raw"] = "; ".join(s.get("award_raw") or str(s["award_cny"]) for s in suppliers)
    printed = printed_time(text)
    if printed:
        out["published_raw"] = printed
    return out


def role_contacts(text: str) -> dict:
    """The people of the contact blocks by role, as the ``contacts`` field keeps them (parsers/contacts.py)."""
    return {role: contact_entry(b.get("name"), b.get("phone")) for role, b in contact_blocks(text).items()
            if role in CONTACT_ROLES and (b.get("name") or b.get("phone"))}


def apply_sections(out: dict, text: str) -> dict:
    """Merge what the sections say into a layout's output (parsers/generic.py): the contact blocks' names, the
    award section's winners and the code as the template prints it win over label guesses; a guessed name is cut
    at the next known label; the flattened-text reading fills what is still missing. Returns ``out``."""
    found = read_sections(text)
    for role in ("buyer", "agency"):
        candidates = (found.get(role), cut_at_label(out.get(role)), found.get("flat_" + role))
        out[role] = next((v for v in candidates if v and not masked(v) and not is_placeholder(v)), None)
    if found.get("project_code"):
        out["project_code"] = found["project_code"]
    elif masked(out.get("project_code")):
        out["project_code"] = None
    if found.get("suppliers"):
        out["suppliers"] = found["suppliers"]
        if "award_cny" in found:
            out["award_cny"], out["award_raw"] = found["award_cny"], found["award_raw"]
        elif out.get("award_raw"):  # the generic label reading, with the bracketed unit understood
            money = amount(out["award_raw"], "中标金额")
            if money:
                out["award_cny"] = money.cny
    if found.get("published_raw") and (not out.get("published_raw")
                                       or out["published_raw"] in (signature_date(text), publicity_start(text))):
        out["published_raw"], out["published_at"] = found["published_raw"], parse_datetime(found["published_raw"])
    return out
