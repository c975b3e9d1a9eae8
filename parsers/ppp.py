"""PPP specifics: 回报机制, 运作方式, 合作期限 — present only when the notice is about a PPP / 特许经营 project."""

from __future__ import annotations

import re

from parsers.text import nfkc

RETURN_MECHANISMS = ("可行性缺口补助", "使用者付费", "政府付费")
OPERATION_MODES = ("BOOT", "BOT", "TOT", "BOO", "ROT", "BTO", "TOO", "DBFO", "O&M", "MC", "BT")
_PPP = re.compile(r"PPP|政府和社会资本合作|特许经营|社会资本方")
_MODE = re.compile(r"运作方式\s*(?:为|是|[:：])?\s*[“\"]?\s*(" + "|".join(re.escape(m) for m in OPERATION_MODES) + r")(?![A-Za-z])")
_MODE_ANY = re.compile(r"(?<![A-Za-z])(" + "|".join(re.escape(m) for m in OPERATION_MODES if len(m) >= 3) + r")(?![A-Za-z])")
_YEARS = re.compile(r"合作期(?:限)?\s*(?:为|是|[:：])?\s*(\d{1,3})\s*年")


def parse_ppp(text: str) -> dict | None:
    s = nfkc(text or "")
    if not _PPP.search(s):
        return None
    out: dict = {}
    mech = next((m for m in RETURN_MECHANISMS if m in s), None)
    if mech:
        out["return_mechanism"] = mech
    m = _MODE.search(s) or _MODE_ANY.search(s)
    if m:
        out["operation_mode"] = m.group(1)
    m = _YEARS.search(s)
    if m:
        out["cooperation_years"] = int(m.group(1))
    return out or None
