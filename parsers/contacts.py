"""Contacts (kept in the store, never shown in reports) and identifiers: phones, names, credit codes, plan numbers."""

from __future__ import annotations

import re

from parsers.text import nfkc

PHONE = re.compile(r"(?<!\d)(?:0\d{2,3}[-－—\s]?\d{7,8}(?:[-－转]\d{1,5})?|1[3-9]\d{9})(?!\d)")
CREDIT_CODE = re.compile(r"(?<![0-9A-Z])([0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10})(?![0-9A-Z])")
_PLAN = re.compile(r"(?:采购计划编号|政府采购计划编号|计划编号|采购计划号)\s*[:：]\s*([^\s,，;；。)）]{3,60})")
_CONTACT = re.compile(r"(项目联系人|联系人|联 系 人)\s*[:：]\s*([\u4e00-\u9fa5]{1,4}(?:老师|先生|女士|工|经理)?)")


def phones(text: str) -> list[str]:
    return list(dict.fromkeys(PHONE.findall(nfkc(text or ""))))


_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)


def credit_code_valid(code: str) -> bool:
    """统一社会信用代码 check digit (GB 32100-2015)."""
    if len(code) != 18 or any(c not in _CODE_CHARS for c in code):
        return False
    total = sum(_CODE_CHARS.index(c) * w for c, w in zip(code[:17], _WEIGHTS))
    return _CODE_CHARS[(31 - total % 31) % 31] == code[17]


def credit_codes(text: str) -> list[str]:
    return [c for c in dict.fromkeys(CREDIT_CODE.findall(nfkc(text or ""))) if credit_code_valid(c)]


def plan_code(text: str) -> str | None:
    m = _PLAN.search(nfkc(text or ""))
    return m.group(1) if m else None


def contacts(text: str, limit: int = 10) -> list[dict]:
    """Named contacts with the phone on the same line, in order of appearance."""
    out = []
    for line in nfkc(text or "").splitlines():
        m = _CONTACT.search(line)
        if m:
            phone = PHONE.search(line[m.end():])
            out.append({"name": m.group(2), "phone": phone.group(0) if phone else None})
        if len(out) >= limit:
            break
    return out


# The ``contacts`` field (common/contract.py): the people of the template's contact blocks by role —
# {"buyer": {"name", "phone"}, "agency": {…}, "project": {…}} (SOURCES.md §8: 采购人信息 / 采购代理机构信息 /
# 项目联系方式; parsers/sections.py reads them) — and "others": the named contacts found outside those blocks
# (contacts() above). Name and phone as printed; a role the page lacks is absent.
CONTACT_ROLES = ("buyer", "agency", "project")


def contact_entry(name: str | None, phone: str | None) -> dict:
    return {"name": name or None, "phone": phone or None}


def contacts_field(by_role: dict | None, text: str) -> dict:
    """The ``contacts`` field: the blocks by role, plus the other named contacts of the text."""
    out: dict = {role: by_role[role] for role in CONTACT_ROLES if by_role and by_role.get(role)}
    seen = {(e.get("name"), e.get("phone")) for e in out.values()}
    known = {e.get("name") for e in out.values()}
    others = [c for c in contacts(text) if (c["name"], c["phone"]) not in seen and c["name"] not in known]
    if others:
        out["others"] = others
    return out
