"""Organisations: name variants of one buyer or supplier merge into one organisation.

What merges (each merge keeps the variant as an alias, with the reason):
- the 统一社会信用代码 (credit code) wins: one code, one organisation, whatever the names;
- names that are equal once written alike: spaces, full-/half-width characters, bracket shapes, 有限责任公司 /
  有限公司, a leading 中华人民共和国, a trailing note in brackets (联合体牵头人, 以下简称…);
- a branch (…分公司, …分行, …支行, …营业部, …办事处) merges into the company it belongs to;
- a short name (简称: no organisational ending, such as 西部数智) merges into the one known organisation whose
  name starts with it, and only when exactly one does.
What never merges: two different credit codes, even under one name (the conflict is kept on the alias).
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import select
from sqlalchemy.orm import Session

from store.db import insert_or_get
from store.models import Organization, OrganizationAlias

NAME_CAP = 300

_BRACKETS = str.maketrans({"【": "(", "】": ")", "〔": "(", "〕": ")", "[": "(", "]": ")", "｛": "(", "｝": ")"})
_NOTE = re.compile(r"\((?:联合体[^()]*|以下简称[^()]*|简称[^()]*|牵头人|成员|主办方|[^()]*盖章[^()]*)\)$")
_BRANCH = re.compile(r"^(.{4,}(?:公司|银行|集团))[^()]{0,12}?(分公司|分行|支行|分院|营业部|办事处|分中心)$")
# endings that make a name a full name (a legal form or a public body), as opposed to a short name
_FULL = re.compile(r"(公司|集团|银行|局|厅|委员会|委|办公室|办|中心|院|校|学|所|站|政府|部|署|处|队|社|会|馆|园|台|室|"
                   r"事务所|合作社|基金会|医院|大学|学院|管委会|分公司|分行|支行|营业部|办事处)$")


_CJK_SPACE = re.compile(r"\s+(?=[\u3000-\u9fff\uff00-\uffef(])|(?<=[\u3000-\u9fff\uff00-\uffef)])\s+")


def _squeeze(s: str) -> str:
    """Spaces next to a Chinese character go (华信智城 科技 → 华信智城科技); runs of others become one."""
    return re.sub(r"\s+", " ", _CJK_SPACE.sub("", s)).strip()


def clean_name(name: str | None) -> str:
    """The name as it should be shown: no stray spaces, Chinese brackets."""
    s = unicodedata.normalize("NFKC", name or "").translate(_BRACKETS)
    s = _squeeze(s).strip("，,。.;；:：、")
    return s.replace("(", "（").replace(")", "）")[:NAME_CAP]


def name_key(name: str | None) -> str:
    """What two variants of one name share: see the module's docstring. Empty for an empty name."""
    s = _squeeze(unicodedata.normalize("NFKC", name or "").translate(_BRACKETS)).strip("，,。.;；:：、")
    while True:
        t = _NOTE.sub("", s)
        if t == s:
            break
        s = t
    s = s.removeprefix("中华人民共和国")
    s = s.replace("有限责任公司", "有限公司")
    m = _BRANCH.match(s)
    if m:
        s = m.group(1)
    return s[:NAME_CAP]


def branch_of(name: str | None) -> str | None:
    """The company a branch belongs to (长江建设工程有限公司济南分公司 → 长江建设工程有限公司), else None."""
    s = _squeeze(unicodedata.normalize("NFKC", name or ""))
    m = _BRANCH.match(s)
    return m.group(1) if m else None


def is_short_name(name: str) -> bool:
    return bool(name) and not _FULL.search(name_key(name))


def _better_display(current: str, candidate: str) -> bool:
    """A full name without a branch is a better display name than a short name or a branch."""
    return (is_short_name(current) and not is_short_name(candidate)) or (
        branch_of(current) is not None and branch_of(candidate) is None and not is_short_name(candidate))


def _short_name_of(session: Session, key: str, credit_code: str | None) -> Organization | None:
    """The one organisation known so far only by a short name that this full name starts with, when no other full
    name starts with it: the merge a short name gets when it comes after its full name, made in the other order
    too (so that the organisations, and the OCDS party ids drawn from them, do not depend on arrival order)."""
    prefixes = [key[:i] for i in range(2, len(key))]
    shorts = [o for o in session.execute(select(Organization).where(Organization.key.in_(prefixes))).scalars()
              if is_short_name(o.name) and not (credit_code and o.credit_code not in (None, credit_code))]
    if len(shorts) != 1:
        return None
    short = shorts[0]
    rivals = session.execute(select(Organization.id).where(Organization.key.startswith(short.key, autoescape=True),
                                                           Organization.id != short.id).limit(1)).first()
    return None if rivals else short


def resolve(session: Session, name: str | None, credit_code: str | None = None) -> int | None:
    """The organisation for a name as printed (and its credit code when the notice gives one); made when new."""
    shown = clean_name(name)
    if not shown:
        return None
    credit_code = (credit_code or "").strip().upper() or None
    alias = session.execute(select(OrganizationAlias).where(OrganizationAlias.name == shown)).scalar_one_or_none()
    if alias is not None:
        org = session.get(Organization, alias.organization_id)
        if credit_code is None or org.credit_code in (None, credit_code):
            if credit_code and org.credit_code is None:
                org.credit_code = credit_code
            return org.id
    key = name_key(shown)
    org, why = None, None
    if credit_code:
        org = session.execute(select(Organization).where(Organization.credit_code == credit_code)).scalars().first()
        why = f"统一社会信用代码 {credit_code}" if org else None
    if org is None:
        same = session.execute(select(Organization).where(Organization.key == key)).scalars().all()
        same = [o for o in same if not (credit_code and o.credit_code and o.credit_code != credit_code)]
        if same:
            org, why = same[0], "同名（写法不同）" if branch_of(shown) is None else f"分支机构，属于 {key}"
    if org is None and is_short_name(shown) and len(key) >= 2:
        starts = session.execute(select(Organization).where(Organization.key.startswith(key, autoescape=True))
                                 .limit(2)).scalars().all()
        if len(starts) == 1 and not (credit_code and starts[0].credit_code not in (None, credit_code)):
            org, why = starts[0], f"简称，{starts[0].name}"
    if org is None and not is_short_name(shown):
        org = _short_name_of(session, key, credit_code)
        why = f"全称，简称 {org.name} 在先" if org else None
    if org is None:
        display = key if branch_of(shown) else shown
        if session.execute(select(Organization.id).where(Organization.name == display)).first():
            display = f"{display}（{credit_code or '另一单位'}）"[:NAME_CAP]  # same name, another organisation
        org = session.get(Organization, insert_or_get(session, Organization, {
            "name": display, "key": key, "credit_code": credit_code}, "name"))
        why = "首次出现"
    else:
        if credit_code and org.credit_code is None:
            org.credit_code = credit_code
        if _better_display(org.name, shown) and not session.execute(
                select(Organization.id).where(Organization.name == shown, Organization.id != org.id)).first():
            org.name = shown
            org.key = key
    if alias is None:
        insert_or_get(session, OrganizationAlias, {"name": shown, "organization_id": org.id, "evidence": why}, "name")
    else:  # the alias pointed at an organisation with another credit code: the code wins, the conflict stays visible
        alias.evidence = f"{alias.evidence or ''}; 统一社会信用代码 {credit_code} 另属 {org.name}".strip("; ")[:500]
    session.flush()
    return org.id


def resolve_parties(session: Session, fields: dict) -> dict:
    """The organisations a parsed notice names, resolved in this order: the buyer, the agency, then each supplier
    (a supplier with a name gets the ``org_id`` its name and credit code resolve to). Returns the ``buyer_id``,
    ``agency_id`` and ``suppliers`` that store.notices.save_notice_row stores with the notice."""
    buyer_id = resolve(session, fields.get("buyer"))
    agency_id = resolve(session, fields.get("agency"))
    suppliers = []
    for sup in fields.get("suppliers") or []:
        if isinstance(sup, dict) and sup.get("name"):
            sup = dict(sup, org_id=resolve(session, sup["name"], sup.get("credit_code")))
        suppliers.append(sup)
    return {"buyer_id": buyer_id, "agency_id": agency_id, "suppliers": suppliers}
