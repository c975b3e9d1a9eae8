"""The week's largest relevant notices, and the PPP projects called for this week (with their PPP terms)."""

from __future__ import annotations

import pandas as pd

from reports.base import TENDER, Context


def build(ctx: Context) -> dict:
    notices = ctx.values["notices"]
    relevant = [n for n in notices if n["relevant"]]
    largest = pd.DataFrame([n for n in relevant if n["amount"] is not None],
                           columns=list(notices[0]) if notices else ["id", "amount"])
    if len(largest):
        largest = largest.sort_values(["amount", "id"], ascending=[False, True]).head(10).reset_index(drop=True)
    ppp = pd.DataFrame([n | (n["ppp"] or {}) for n in notices
                        if n["delivery_model"] == "PPP" and n["notice_type"] == TENDER],
                       columns=["id", "title", "safe_url", "buyer_raw", "budget_cny", "return_mechanism",
                                "operation_mode", "cooperation_years"])
    return {"largest": largest, "ppp": ppp}


def csv(v: dict) -> dict[str, pd.DataFrame]:
    largest = v["largest"]
    return {"largest": largest[[c for c in ("id", "title", "url", "buyer_raw", "notice_type", "amount")
                                if c in largest.columns]], "ppp": v["ppp"]}
