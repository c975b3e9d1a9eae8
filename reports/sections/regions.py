"""The relevant notices by the buyer's province (with its chart) and the ten busiest cities."""

from __future__ import annotations

import pandas as pd
from markupsafe import Markup
from sqlalchemy import func
from sqlalchemy.orm import Session

from reports.base import Context, Scope, by_dimension, measures_frame, relevant_totals
from reports.charts import Bar, bar_chart
from reports.format import UNKNOWN
from store.models import Notice


def region_split(session: Session, scope: Scope, digits: int) -> pd.DataFrame:
    code = func.substr(Notice.buyer_region_code, 1, digits)
    return by_dimension(session, scope, code, "code")


def region_name(code: str | None, digits: int) -> str:
    from common.regions import prefix_name

    return UNKNOWN if not code or not str(code).isdigit() else prefix_name(str(code), digits)


def build(ctx: Context) -> dict:
    totals = relevant_totals(ctx.values)
    provinces = measures_frame(region_split(ctx.session, ctx.scope, 2), "code", [], totals)
    provinces["name"] = [region_name(c, 2) for c in provinces["code"]]
    provinces = provinces.sort_values(["notices", "amount"], ascending=False).reset_index(drop=True)
    cities = measures_frame(region_split(ctx.session, ctx.scope, 4), "code", [], totals)
    cities = cities[cities["code"].map(lambda c: len(str(c)) == 4 and str(c).isdigit()
                                       and not str(c).endswith("00")).astype(bool)]
    cities = cities.assign(name=[region_name(c, 4) for c in cities["code"]])
    cities = cities.sort_values(["notices", "amount"], ascending=False).head(10).reset_index(drop=True)
    return {"provinces": provinces, "cities": cities}


def drill(v: dict, notices: list[dict]) -> dict[str, list[int]]:
    rel = [n for n in notices if n["relevant"]]
    d: dict[str, list[int]] = {}
    for code in v["provinces"]["code"]:
        d[f"province:{code}"] = [n["id"] for n in rel if (n["province"] or UNKNOWN) == code]
    for code in v["cities"]["code"]:
        d[f"city:{code}"] = [n["id"] for n in rel if n["city"] == code]
    return d


def charts(report) -> dict[str, Markup]:  # noqa: ANN001
    return {"provinces": bar_chart([Bar(r["name"], r["notices"], r["amount"],
                                        f"#{report.anchor('province:' + str(r['code']))}", r["share"],
                                        r["tenders"] + r["awards"])
                                    for r in report.provinces.to_dict("records")][:15], "各省相关公告数与金额")}


def csv(v: dict) -> dict[str, pd.DataFrame]:
    return {"province": v["provinces"], "city": v["cities"]}
