"""The relevant notices by delivery model (with its chart) and by procurement method, single source apart."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
from markupsafe import Markup
from sqlalchemy import func
from sqlalchemy.orm import Session

from common.labels import DELIVERY_MODELS
from reports.base import (RELEVANT, SINGLE_SOURCE, Context, Scope, by_dimension, df, measures, measures_frame,
                          project_method, relevant_totals)
from reports.charts import Bar, bar_chart
from reports.format import UNKNOWN, label, yuan
from store.models import Classification, Notice


def method_split(session: Session, scope: Scope) -> pd.DataFrame:
    pm = project_method(scope)
    method = func.coalesce(Notice.method, pm.c.method)
    q = (scope.base(method.label("method"), *measures()).join(pm, pm.c.project_id == Notice.project_id, isouter=True)
         .where(RELEVANT).group_by(method))
    return df(session, q)


def _sum(amounts) -> Decimal | None:  # noqa: ANN001 - None where no notice states one
    known = [a for a in amounts if a is not None]
    return yuan(sum(known, Decimal(0))) if known else None


def single_source(methods: pd.DataFrame) -> dict:
    total_n = int(methods["notices"].sum())
    total_amt = _sum(methods["amount"])
    ss = methods[methods["method"] == SINGLE_SOURCE]
    ss_amt = _sum(ss["amount"])
    return {"notices": int(ss["notices"].sum()), "amount": ss_amt,
            "share": (int(ss["notices"].sum()) / total_n) if total_n else None,
            "amount_share": float((ss_amt or 0) / total_amt) if total_amt and int(ss["notices"].sum()) else None}


def build(ctx: Context) -> dict:
    totals = relevant_totals(ctx.values)
    by_model = measures_frame(by_dimension(ctx.session, ctx.scope, Classification.delivery_model, "model"), "model",
                              DELIVERY_MODELS, totals)
    methods = measures_frame(method_split(ctx.session, ctx.scope), "method", [], totals)
    methods = methods.sort_values(["notices", "amount"], ascending=False).reset_index(drop=True)
    return {"by_model": by_model, "methods": methods, "single_source": single_source(methods)}


def drill(v: dict, notices: list[dict]) -> dict[str, list[int]]:
    rel = [n for n in notices if n["relevant"]]
    d: dict[str, list[int]] = {}
    for model in v["by_model"]["model"]:
        d[f"model:{model}"] = [n["id"] for n in rel if (label(n["delivery_model"])) == model]
    for method in v["methods"]["method"]:
        d[f"method:{method}"] = [n["id"] for n in rel if (n["method"] or UNKNOWN) == method]
    return d


def charts(report) -> dict[str, Markup]:  # noqa: ANN001
    return {"models": bar_chart([Bar(label(r["model"]), r["notices"], r["amount"],
                                     f"#{report.anchor('model:' + r['model'])}", r["share"], r["tenders"] + r["awards"])
                                 for r in report.by_model.to_dict("records")], "交付模式：相关公告数与金额")}


def csv(v: dict) -> dict[str, pd.DataFrame]:
    return {"model": v["by_model"], "method": v["methods"]}
