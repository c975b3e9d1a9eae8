"""What a project's linked notices say, for the web's project page: time to award, award / budget, outcome, and
the same per lot where the calls or the results name lots."""

from __future__ import annotations

from decimal import Decimal

from common.notice_types import AWARD, FAILED, TENDER
from store.linking import lot_budgets, lot_id, notice_lots
from store.models import Notice


def project_figures(notices: list[Notice]) -> dict:
    """``days_to_award`` (first call → first award), ``ratio`` (awards / largest budget), ``outcome`` (awarded,
    failed, open) and ``lots``: per lot, its budget, award, ratio and outcome."""
    calls = [n for n in notices if n.notice_type == TENDER and n.duplicate_of is None]
    awards = [n for n in notices if n.notice_type == AWARD and n.duplicate_of is None]
    failed = [n for n in notices if n.notice_type == FAILED and n.duplicate_of is None]
    first_call = min((n.published_at for n in calls if n.published_at), default=None)
    first_award = min((n.published_at for n in awards if n.published_at), default=None)
    budget = max((n.budget_cny for n in calls if n.budget_cny), default=None)
    award = sum((n.award_cny for n in awards if n.award_cny), Decimal(0)) or None
    return {
        "days_to_award": (first_award - first_call).days if first_call and first_award and first_award >= first_call
        else None,
        "ratio": float(award / budget) if award and budget else None,
        "outcome": "awarded" if awards else "failed" if failed else "open",
        "lots": _lots(calls, awards, failed),
    }


def _lots(calls: list[Notice], awards: list[Notice], failed: list[Notice]) -> list[dict]:
    lots: dict[str, dict] = {}
    for n in calls:
        for lot in n.lots or []:  # every lot the call lists, with a budget where it gives one
            if isinstance(lot, dict) and lot_id(lot.get("lot")):
                lots.setdefault(lot_id(lot["lot"]), {"lot": lot_id(lot["lot"])})
        for lot, budget in lot_budgets(n.lots).items():
            lots[lot]["budget"] = budget
    for n in awards:
        named = notice_lots(n)
        per_supplier = [s for s in n.suppliers or [] if isinstance(s, dict) and lot_id(s.get("lot"))]
        for s in per_supplier:
            entry = lots.setdefault(lot_id(s["lot"]), {"lot": lot_id(s["lot"])})
            entry["outcome"] = "awarded"
            if s.get("award_cny") is not None:
                entry["award"] = entry.get("award", Decimal(0)) + Decimal(str(s["award_cny"]))
        if not per_supplier and len(named) == 1:  # one lot's result notice: the notice's award is the lot's
            (lot,) = named
            entry = lots.setdefault(lot, {"lot": lot})
            entry["outcome"] = "awarded"
            if n.award_cny is not None:
                entry["award"] = entry.get("award", Decimal(0)) + n.award_cny
    for n in failed:
        for lot in notice_lots(n) or set(lots):  # a 终止 naming no lot ends every lot not awarded
            entry = lots.setdefault(lot, {"lot": lot})
            entry.setdefault("outcome", "failed")
    out = []
    for lot in sorted(lots, key=lambda x: (len(x), x)):
        e = lots[lot]
        e.setdefault("outcome", "open")
        e["ratio"] = float(e["award"] / e["budget"]) if e.get("award") and e.get("budget") else None
        out.append(e)
    return out
