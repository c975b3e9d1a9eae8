"""Where a notice without a usable code belongs among a buyer's alike projects: pure rules over what each
candidate project already holds (store/linking.py gathers it).

A hard rule makes a candidate unfit (a 更正 after the project's award, a 合同 before it, an award above every
budget); soft evidence adds days to the candidate's distance in time (the nearest candidate wins): a cited
first-publication date, a contract for the amount of the award, an award far below the budget, a result before the
bid opening. Lots: an award of lot 2 does not end a project whose lot 1 was awarded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from common.notice_types import AWARD, CANDIDATES, CONTRACT, CORRECTION, FAILED, INTENT, PREQUALIFICATION, TENDER

_BEFORE_TENDER = (INTENT,)
_DURING_TENDER = (CORRECTION, FAILED, CANDIDATES, PREQUALIFICATION)
_ENDING = (AWARD, CONTRACT, FAILED)
TYPICAL_RATIO = 0.92  # award / budget, typical of competitive procurement; distance grows with the gap
EXACT_SIGN = -1000.0  # days: evidence that names the project (its call's day cited, its award's amount)


@dataclass(frozen=True)
class Past:
    """A notice a candidate project already holds."""

    notice_type: str | None
    at: datetime | None
    deadline: datetime | None = None
    budget: Decimal | None = None
    award: Decimal | None = None
    lots: frozenset[str] = frozenset()


def _same_lots(a: frozenset[str], b: frozenset[str]) -> bool:
    """Two notices concern the same lot unless both name lots and none is shared."""
    return not a or not b or bool(a & b)


def unfit(notice_type: str | None, at: datetime | None, history: list[Past],
          lots: frozenset[str] = frozenset()) -> str | None:
    """Why a notice of this type (about these lots), published at ``at``, cannot belong to a project with this
    history — e.g. a 更正 after the project's award, a 合同 before its award — else None."""
    if at is None or notice_type is None:
        return None
    # by day: the same announcement on another source often carries the day only (00:00)
    before = [h for h in history if h.at and h.at.date() < at.date()]
    after = [h for h in history if h.at and h.at.date() > at.date()]
    kinds_before = {h.notice_type for h in before}
    if notice_type in _BEFORE_TENDER:
        return "该项目此前已有采购公告" if TENDER in kinds_before else None
    if notice_type in _DURING_TENDER + (AWARD, TENDER):
        ended = [h.notice_type for h in before if h.notice_type in _ENDING and _same_lots(h.lots, lots)]
        if ended:
            return f"该项目{'（同一标包）' if lots else ''}此前已有{ended[0]}"
        if notice_type != TENDER and any(h.notice_type == TENDER for h in after):
            return "该项目的采购公告在其后"
    if notice_type == CONTRACT:
        if any(h.notice_type == CONTRACT and _same_lots(h.lots, lots) for h in before):
            return "该项目此前已有合同公告"
        if any(h.notice_type in (AWARD, TENDER) for h in after):
            return "该项目的采购或中标公告在其后"
        if TENDER in kinds_before and AWARD not in kinds_before:
            return "该项目尚无中标公告"
    return None


def before_opening(notice_type: str | None, at: datetime | None, history: list[Past]) -> bool:
    """A result published before the project's bid opening (开标时间) is unlikely, not impossible: deadlines are
    moved by corrections a store may not hold, and misprinted. A preference between candidates, not a bar."""
    if notice_type not in (AWARD, "中标候选人公示") or at is None:
        return False
    opening = max((h.deadline for h in history if h.notice_type in (TENDER, CORRECTION) and h.at and h.at < at
                   and h.deadline), default=None)
    return bool(opening and opening > at)


def budget_for(history: list[Past], lots: frozenset[str], tender_lots: dict[str, Decimal]) -> Decimal | None:
    """The budget an award of these lots is compared with: the lots' own budgets when the call lists them all,
    else the largest budget of the project's calls."""
    if lots and all(lot in tender_lots for lot in lots):
        return sum((tender_lots[lot] for lot in lots), Decimal(0))
    return max((h.budget for h in history if h.notice_type == TENDER and h.budget), default=None)


def unfit_amount(award: Decimal | None, budget: Decimal | None) -> str | None:
    """An award or contract above the budget it answers does not belong to the project."""
    if award is not None and budget and award > budget:
        return f"金额 {award} 超过该项目预算 {budget}"
    return None


_CITED = re.compile(r"(?:首次公告日期|原公告发布(?:日期|时间)|原公告日期|首次公告时间)\s*[:：]\s*(\d{4})\s*[年\-./]\s*(\d{1,2})"
                    r"\s*[月\-./]\s*(\d{1,2})")
_AFTER_OPENING = re.compile(r"不足[三3]家|开标|评标|评审|有效投标")


def first_published_cited(text: str | None) -> date | None:
    """The day of the original call for tenders that a 更正 or 终止 notice cites (首次公告日期：2026年11月06日)."""
    m = _CITED.search(text or "")
    if not m:
        return None
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        return None


def after_opening_said(text: str | None) -> bool:
    """A 终止 notice whose reason needs the bids opened (不足三家, 评标…)."""
    return bool(_AFTER_OPENING.search(text or ""))


def distance(notice_type: str | None, at: datetime | None, text: str | None, award: Decimal | None,
             history: list[Past], budget: Decimal | None) -> float:
    """Days from the notice to the candidate's nearest notice, plus the soft evidence (module docstring)."""
    days = [abs((at - h.at).total_seconds()) / 86400 for h in history if at and h.at]
    nearest = min(days) if days else 0.0
    if award is not None and any(h.award == award for h in history):
        return EXACT_SIGN  # a contract for the amount of the project's award
    cited = first_published_cited(text)
    penalty = 0.0
    if cited is not None:
        if any(h.notice_type == TENDER and h.at and h.at.date() == cited for h in history):
            return EXACT_SIGN + nearest  # a 更正 citing the day of the project's call for tenders
        penalty += 365.0
    if before_opening(notice_type, at, history):
        penalty += 365.0
    if notice_type == FAILED and after_opening_said(text) and before_opening(AWARD, at, history):
        penalty += 365.0  # ended for a reason that needs the bids opened, before this project opened them
    if award is not None and budget:
        penalty += 100.0 * abs(float(award / budget) - TYPICAL_RATIO)  # 0.90 → 2 days, 0.69 → 23 days
    return nearest + penalty
