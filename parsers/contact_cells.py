"""Contacts printed as a form, one cell a line (a table flattened to text, or a crawler's record): a party's cell
(招  标  人 / 招标人名称 / 集中招标(采购)机构名称 / 代理机构名称) above its organisation, then 联系人 / 联系电话 /
联系方式 cells, each label followed by its value in the next cell or after a colon; or one joint cell
(招标人联系人及电话) whose value is the organisation or the person and the phone. The fallback when no contact block
of the national templates is found (parsers/sections.py role_contacts). Seen in 重庆 SOE bulletins, 江西 公共资源
中标候选人公示, chinabidding result pages, 重庆政府采购网 records."""

from __future__ import annotations

import re

from parsers.contact_roles import ROLE_WORDS
from parsers.contacts import PHONE, contact_entry
from parsers.text import nfkc

_ROLE_OF = {w: role for role, words in ROLE_WORDS for w in words}
_ROLES = "|".join(sorted(map(re.escape, _ROLE_OF), key=len, reverse=True))
# a party's cell: 招标人 / 招标人名称 / 集中招标(采购)机构名称 (brackets inside the words are dropped first)
_NUMBER = r"(?:\(?[\d一二三四五六七八九十]{1,2}[).、]?)?"  # 1. / (一) / 二、 before a party's cell
_PARTY = re.compile(rf"^{_NUMBER}(?:集中)?({_ROLES})(?:名称|全称|信息)?[:：]?(.*)$")
_JOINT = re.compile(rf"^{_NUMBER}({_ROLES})(?:联系人)?(?:及|和|、)(?:联系)?(?:电话|方式)[:：]?(.*)$")  # 招标人联系人及电话
_FIELD = re.compile(r"(项目联系人|项目负责人|联系人|联系电话|联系方式|电话)[:：]?")
_ORG_END = re.compile(r"(?:公司|院|局|中心|委员会|管委会|学校|大学|学院|所|站|处|队|馆|厅|办公室|集团|政府|医院|部)$")
_PARTIES = ("buyer", "agency")
MAX_CELLS = 4000


def _cells(text: str) -> list[str]:
    cells = []
    for line in re.split(r"[\n\t|]+", nfkc(text)):
        cell = re.sub(r"\s+", "", line)
        if cell:
            cells.append(re.sub(r"\((?:采购|招标)\)", "", cell))  # 招标(采购)人 → 招标人
        if len(cells) >= MAX_CELLS:
            break
    return cells


def _fields(cells: list[str], i: int, cell: str | None = None) -> list[tuple[str, str]]:
    """The (label, value) pairs of cell ``i`` (or of ``cell``, what follows a party's words in it): inline
    ("项目负责人:薛华峰联系电话:0551-…"), or the label alone with its value in the next cell."""
    cell = cells[i] if cell is None else cell
    hits = list(_FIELD.finditer(cell))
    if not hits or hits[0].start() != 0:
        return []
    out = []
    for k, m in enumerate(hits):
        value = cell[m.end():hits[k + 1].start() if k + 1 < len(hits) else len(cell)]
        if not value and k == len(hits) - 1 and i + 1 < len(cells) and not _FIELD.match(cells[i + 1]) \
                and not _PARTY.match(cells[i + 1]):
            value = cells[i + 1]
        out.append((m.group(1), value))
    return out


def _person(value: str) -> str | None:
    name = PHONE.sub("", value).strip(",，;；/、:： ")
    if not re.search(r"[\u4e00-\u9fa5]", name) or _ORG_END.search(name) or len(name) > 30:
        return None
    return name


def cell_contacts(text: str) -> dict:
    """role → {"name", "phone"} for the buyer and the agency of a form printed one cell a line; {} when none."""
    cells = _cells(text)
    found: dict[str, dict] = {}
    role = None
    for i, cell in enumerate(cells):
        joint = _JOINT.match(cell)
        if joint:
            r = _ROLE_OF[joint.group(1)]
            value = joint.group(2) or (cells[i + 1] if i + 1 < len(cells) else "")
            phone = PHONE.search(value)
            if r in _PARTIES and phone and r not in found:
                found[r] = contact_entry(_person(value[:phone.start()]), phone.group(0))
            role = None
            continue
        party = _PARTY.match(cell)
        rest = None
        if party and not _FIELD.match(cell):
            role = _ROLE_OF[party.group(1)]
            role = role if role in _PARTIES and role not in found else None
            rest = party.group(2)
            if not _FIELD.match(rest.removeprefix("项目")):  # 采购单位项目联系人:刘医生 goes on below
                after = i + (1 if rest else 2)  # the cell after the organisation: a bare phone is its phone
                if role and after < len(cells) and PHONE.fullmatch(cells[after]):
                    found[role] = contact_entry(None, cells[after])
                continue
            rest = rest.removeprefix("项目")
        if role is None:
            continue
        for label, value in _fields(cells, i, rest):
            entry = found.setdefault(role, contact_entry(None, None))
            if label in ("联系电话", "联系方式", "电话"):
                phone = PHONE.search(value) or (re.search(r"\d[\d\-,/]{6,}\d", value) if len(value) < 60 else None)
                if phone and not entry["phone"]:
                    entry["phone"] = value.strip(",， ") if PHONE.fullmatch(value.strip()) is None and "," in value \
                        else phone.group(0)
            elif not entry["name"]:
                entry["name"] = _person(value)
    return {r: e for r, e in found.items() if e["name"] or e["phone"]}
