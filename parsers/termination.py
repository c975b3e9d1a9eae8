"""终止公告 / 废标公告 (SOURCES.md §8): why the procurement stopped, as a vendor reads it.

The national template: 一、项目基本情况 (采购项目编号, 采购项目名称) 二、项目废标、流标的原因 (or 项目终止的原因)
三、其他补充事宜, then the contact blocks. The reason is the text of that section, or of a ``终止原因：`` /
``废标理由：`` line, else the sentence that says it (``因有效供应商不足三家，本项目废标``). Kept as printed (at most 300
characters); a notice of that type without one gets a warning. Pure functions over the body text.
"""

from __future__ import annotations

import re

from common.notice_types import FAILED
from parsers.labels import masked
from parsers.sections import sections
from parsers.text import clean, nfkc

# the section heading (项目废标、流标的原因, 项目终止的原因, 废标理由 …) and the label of an inline reason
_HEADING = re.compile(r"(?:废标|流标|终止|失败)[^\n]{0,8}?(?:原因|理由|说明)")
_LABEL = re.compile(r"(?:项目)?(?:废标|流标|终止|失败)(?:的)?(?:原因|理由|说明)(?:如下)?\s*[:：]\s*([^\n]{2,300})")
_SENTENCE = re.compile(r"(?:^|[。\n])\s*([^。\n]{0,120}?(?:因|由于|鉴于)[^。\n]{2,150}?[,，]\s*(?:现)?(?:本项目|本次采购|该项目|本次招标|"
                       r"本标项|本包|项目)?[^。\n]{0,20}?(?:予以|作)?(?:终止|废标|流标)[^。\n]{0,30}[。]?)")
# where the reason ends: the next numbered heading (sites skip numbers: 二、… then 九、对本次公告…), the template's
# next sections, the contact blocks
_END = re.compile(r"(?:^|(?<=[\s。;；]))[一二三四五六七八九十]{1,3}\s*[、.．]|其[他它]补充事宜|凡对本次|对本次公告|"
                  r"\d\s*[.、]\s*采购人信息|采购人信息")
MAX_CHARS = 300


def _tidy(value: str) -> str | None:
    value = clean(re.sub(r"\s*\n\s*", " ", value)).strip(" :：")
    if not value or masked(value) or value in ("无", "/"):
        return None
    return value[:MAX_CHARS]


def termination_reason(text: str) -> str | None:
    """The reason a 终止/废标 notice gives, as printed; None when it gives none."""
    text = nfkc(text or "")
    for sec in sections(text):
        m = _HEADING.search(sec.heading)
        if m:
            body = sec.body(text)[m.end():]
            body = re.sub(r"^\s*[)）]?\s*[:：]?", "", body)
            end = _END.search(body)
            body = body[:end.start()] if end else body
            reason = _tidy(body)
            if reason:
                return reason
    m = _LABEL.search(text)
    if m:
        value = m.group(1)
        end = _END.search(value)
        reason = _tidy(value[:end.start()] if end else value)
        if reason:
            return reason
    m = _SENTENCE.search(text)
    return _tidy(m.group(1)) if m else None


def apply_termination(out: dict) -> dict:
    """On a 终止/废标公告: ``termination_reason``, or a warning that none was found. Returns ``out``."""
    if out.get("notice_type") != FAILED:
        return out
    reason = termination_reason(out.get("text") or "")
    out["termination_reason"] = reason
    if reason is None:
        out.setdefault("warnings", []).append("termination without a reason found (终止/废标的原因)")
    return out
