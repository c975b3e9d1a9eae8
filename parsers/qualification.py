"""The 资格要求 summary a vendor checks first: may a 联合体 bid, and is the purchase reserved for SMEs (SOURCES.md §8).

The 2020 招标公告 states in 一、项目基本情况 ``本项目（否）接受联合体投标`` (the template's ``（是/否）`` filled in; per
标项 ``本标项（否）接受联合体投标``) and in 二、申请人的资格要求 ``2.落实政府采购政策需满足的资格要求：本项目专门面向中小企业
采购`` (or ``无``, or a 预留份额: ``本项目预留40%的采购份额面向中小企业``); other notices say ``本项目不接受联合体投标``,
``本次采购 不接受 联合体响应``, ``本项目不允许联合体参与磋商``, ``是否接受联合体投标：否``. Only such statements count:
``联合体投标的，由联合体牵头人缴纳`` or ``允许联合体投标的，…`` say what happens if one bids, not whether one may.
Lots that disagree, or a template left unfilled (``（是/否）``), give None and a warning. Pure functions.
"""

from __future__ import annotations

import re

from parsers.text import clean, nfkc

_WHO = r"本(?:项目|次招标|次采购|次磋商|次谈判|次询价|招标项目|采购项目|标项|标段|包|采购包|分标|项目各(?:标段|包))"
_SUBJECT = r"(?:" + _WHO + r")?"
_START = r"(?:^|(?<=[\s\d。;；,，:：、.()]))"
_MARK = r"\(\s*(?P<mark>是|否|是\s*/\s*否|否\s*/\s*是)\s*\)"
_CLAUSE_END = r"[^,，。;；\n]{0,16}"  # the rest of the clause, kept as printed
_IF = r"(?![^,，。;；\n]{0,16}的\s*[,，])"  # "允许联合体投标的，…": a condition, not a statement
_CONSORTIUM = re.compile(
    _START + r"(?:" + _SUBJECT + r"\s*" + _MARK + r"\s*(?:接受|允许)\s*联合体"
    r"|" + _SUBJECT + r"\s*(?P<neg>不|不予|拒绝|不得以?)\s*(?:接受|允许|同意)?\s*联合体" + _IF +
    r"|" + _WHO + r"\s*(?:接受|允许|同意|可以)\s*(?:以)?联合体(?:形式)?(?:投标|响应|参加|参与|报名)" + _IF + r")"
    + _CLAUSE_END)
_ASKED = re.compile(r"是否(?:接受|允许)联合体[^:：|\t\n]{0,8}[:：|\t]\s*(?P<answer>是|否|接受|不接受|允许|不允许)")
_POLICY = re.compile(r"落实政府采购政策需满足的资格要求\s*[:：]?\s*(?P<v>[^\n]{0,160})")
_SME = re.compile(_START + _WHO + r"\s*(?:为|属于|是)?\s*(?:" + _MARK + r"|(?P<neg>不|非|不属于|不是|不为))?\s*(?:为|属于|是)?\s*(?:一个)?"
                  r"专门面向中小(?:微)?企业" + _CLAUSE_END)
_SME_ASKED = re.compile(r"(?:是否)?专门面向中小(?:微)?企业(?:采购)?\s*[:：|\t]\s*(?P<answer>是|否)")
_KEY = {_CONSORTIUM: "联合体", _SME: "专门面向"}
_RESERVED = re.compile(r"(?:^|(?<=[\s。;；:：,，]))[^。;；:：,，\n]{0,30}预留[^。;；\n]{0,80}?(?:中小(?:微)?企业|份额)"
                       r"[^。;；\n]{0,60}")


def _around(text: str, word: str, pattern: re.Pattern) -> list[re.Match]:
    """The matches of ``pattern`` around each ``word`` (a statement holds its word; scanning every position of a
    long page costs more than the rest of the parse)."""
    out, pos, at = [], 0, text.find(word)
    while at >= 0:
        m = pattern.search(text, max(pos, at - 40), at + len(word) + 40) if at >= pos else None
        if m is not None and m.start() <= at:
            out.append(m)
            pos = m.end()
        at = text.find(word, at + 1)
    return out


def _statements(text: str, pattern: re.Pattern, asked: re.Pattern, yes: tuple[str, ...], what: str,
                values: list[bool], raws: list[str], warnings: list[str]) -> None:
    """Add what the statements of ``pattern`` (``本项目（否）…`` / ``本项目不…`` / ``本项目…``) and the questions of
    ``asked`` (``是否…：否``) say to ``values``, each as printed to ``raws``; an unfilled ``（是/否）`` warns."""
    for m in _around(text, _KEY[pattern], pattern):
        raws.append(clean(m.group(0)))
        if m["mark"] and "/" in m["mark"]:
            warnings.append(f"qualification: the {what} clause is the template's, not filled in ({clean(m.group(0))})")
        else:
            values.append(m["mark"] == "是" if m["mark"] else not m["neg"])
    for m in asked.finditer(text):
        values.append(m["answer"] in yes)
        raws.append(clean(m.group(0)))


def _agreed(values: list[bool], raws: list[str], what: str, warnings: list[str]) -> bool | None:
    """The one value the statements agree on; None (and a warning) when lots or clauses disagree."""
    if len(set(values)) > 1:
        warnings.append(f"qualification: the lots or clauses disagree on {what} (" + "; ".join(dict.fromkeys(raws)) + ")")
        return None
    return values[0] if values else None


def _consortium(text: str) -> tuple[bool | None, list[str], list[str]]:
    """(allowed, the statements as printed, warnings)."""
    values: list[bool] = []
    raws: list[str] = []
    warnings: list[str] = []
    _statements(text, _CONSORTIUM, _ASKED, ("是", "接受", "允许"), "联合体", values, raws, warnings)
    return _agreed(values, raws, "联合体", warnings), raws, warnings


def _sme(text: str) -> tuple[bool | None, str | None, list[str], list[str]]:
    """(SME-only, the reserved share as printed, statements, warnings). A subject is required (``本项目…``):
    ``对于非专门面向中小企业的项目，…`` is a price rule, not a statement."""
    values: list[bool] = []
    raws: list[str] = []
    warnings: list[str] = []
    policy = _POLICY.search(text)
    if policy:  # 落实政府采购政策需满足的资格要求：无 / 专门面向中小企业采购 / a 预留 share (read below)
        v = clean(policy["v"]).strip(" 。;；")
        raws.append(clean(policy.group(0)))
        if re.match(r"(?:无|/|不适用)(?:$|[。;；,，])", v):
            values.append(False)
        elif re.match(r"(?:本项目)?(?:为)?专门面向中小(?:微)?企业", v):
            values.append(True)
    _statements(text, _SME, _SME_ASKED, ("是",), "中小企业", values, raws, warnings)
    reserved = _RESERVED.search(text)
    share = clean(reserved.group(0)).strip(" ,，:：") if reserved else None
    return _agreed(values, raws, "专门面向中小企业", warnings), share, raws, warnings


def read_qualification(text: str) -> dict:
    """{"consortium", "sme_only", "sme_reserved", "raw"} when the notice states any of them (else None), and the
    warnings."""
    text = nfkc(text or "")
    consortium, c_raw, c_warn = _consortium(text)
    sme_only, share, s_raw, s_warn = _sme(text)
    raws = list(dict.fromkeys(c_raw + s_raw + ([share] if share else [])))
    raws = [r for r in raws if not any(r != other and r in other for other in raws)]  # each statement once
    if consortium is None and sme_only is None and share is None and not raws:
        return {"qualification": None, "warnings": c_warn + s_warn}
    found = {"consortium": consortium, "sme_only": sme_only, "sme_reserved": share and share[:200],
             "raw": " / ".join(raws)[:300] or None}
    return {"qualification": found, "warnings": c_warn + s_warn}
