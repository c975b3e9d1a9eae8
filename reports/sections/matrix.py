"""The relevant notices by administrative level, by category, and level × category (count, amount, average)."""

from __future__ import annotations

import pandas as pd
from sqlalchemy.orm import Session

from common.labels import CATEGORIES, LEVELS
from reports.base import RELEVANT, Context, Scope, by_dimension, df, measures, measures_frame, relevant_totals
from reports.format import UNKNOWN, yuan
from store.models import Classification, ClassificationCategory


def by_category(session: Session, scope: Scope, extra=None) -> pd.DataFrame:  # noqa: ANN001
    cols = [ClassificationCategory.category.label("category")] + ([extra.label("level")] if extra is not None else [])
    q = (scope.base(*cols, *measures())
         .join(ClassificationCategory, ClassificationCategory.classification_id == Classification.id)
         .where(RELEVANT).group_by(*[c for c in (ClassificationCategory.category, extra) if c is not None]))
    return df(session, q)


def matrix(session: Session, scope: Scope) -> pd.DataFrame:
    """Level × category: count, amount, notices with an amount (for the average)."""
    return by_category(session, scope, Classification.level)


def matrix_rows(m: pd.DataFrame) -> list[dict]:
    rows = []
    for level in (*LEVELS, UNKNOWN):
        cells = []
        for cat in CATEGORIES:
            sel = m[(m["category"] == cat) & (m["level"].fillna(UNKNOWN) == level)] if len(m) else m
            n, amt, with_amt = int(sel["notices"].sum()), yuan(sel["amount"].map(yuan).sum()), \
                int(sel["with_amount"].sum())
            priced = int(sel["tenders"].sum() + sel["awards"].sum()) if len(sel) else 0
            cells.append({"category": cat, "notices": n, "priced": priced, "with_amount": with_amt,
                          "amount": amt if with_amt else None, "average": yuan(amt / with_amt) if with_amt else None})
        if level != UNKNOWN or any(c["notices"] for c in cells):
            rows.append({"level": level, "cells": cells})
    return rows


def build(ctx: Context) -> dict:
    s, scope, totals = ctx.session, ctx.scope, relevant_totals(ctx.values)
    return {"by_level": measures_frame(by_dimension(s, scope, Classification.level, "level"), "level", LEVELS,
                                       totals),
            "by_category": measures_frame(by_category(s, scope), "category", CATEGORIES, totals),
            "matrix": matrix_rows(matrix(s, scope))}


def drill(v: dict, notices: list[dict]) -> dict[str, list[int]]:
    rel = [n for n in notices if n["relevant"]]
    d: dict[str, list[int]] = {}
    for level in (*LEVELS, UNKNOWN):
        d[f"level:{level}"] = [n["id"] for n in rel if (n["level"] or UNKNOWN) == level]
        for cat in CATEGORIES:
            d[f"matrix:{level}:{cat}"] = [n["id"] for n in rel if (n["level"] or UNKNOWN) == level
                                          and cat in n["categories"]]
    for cat in CATEGORIES:
        d[f"category:{cat}"] = [n["id"] for n in rel if cat in n["categories"]]
    return d


def csv(v: dict) -> dict[str, pd.DataFrame]:
    cells = pd.DataFrame([{"level": row["level"], "category": c["category"], "notices": c["notices"],
                           "amount": c["amount"], "average": c["average"]}
                          for row in v["matrix"] for c in row["cells"]])
    return {"level": v["by_level"], "category": v["by_category"], "matrix": cells}
