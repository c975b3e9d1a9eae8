"""The weekly report: SQL aggregates (reports/queries.py) → pandas for shaping → inline SVG charts → Jinja2 HTML.

One self-contained file per ISO week (inline CSS and SVG, no request to any other host, autoescaped), the same
tables as CSV beside it, and an index page listing every week. Every number links to the list of notices behind
it (an anchor in the page), and every notice links to its source URL when that URL is http(s).
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from common.labels import CATEGORIES, DELIVERY_MODELS, LEVELS
from reports import queries as Q
from reports.charts import bar_chart
from reports.weeks import parse_week, week_of
from common.clock import beijing_now

UNKNOWN = "未识别"
TENDER, AWARD = Q.TENDER, Q.AWARD

_env = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                   autoescape=select_autoescape(["html", "j2"]))


def _yuan(v) -> Decimal:  # noqa: ANN001 - SQL sums arrive as Decimal, float (SQLite), None or NaN (pandas)
    if v is None or (isinstance(v, float) and math.isnan(v)) or v is pd.NA:
        return Decimal("0.00")
    return Decimal(str(v)).quantize(Decimal("0.01"))


def wan(v) -> str:  # noqa: ANN001
    """Yuan → '1,234.56 万元' (亿元 from 10,000 万元 up)."""
    v = _yuan(v)
    if abs(v) >= Decimal(100_000_000):
        return f"{v / Decimal(100_000_000):,.2f} 亿元"
    return f"{v / Decimal(10_000):,.2f} 万元"


def pct(v) -> str:  # noqa: ANN001
    return "—" if v is None else f"{v:+.1%}" if isinstance(v, float) else str(v)


_env.filters["wan"] = wan
_env.filters["pct"] = pct
_env.filters["label"] = lambda v: {"other": "其他", None: UNKNOWN}.get(v, v)  # stored before the 其他 rename


def safe_url(url: str | None) -> str | None:
    """Only http(s) URLs become links: a javascript: or data: URL from a scraped page is shown as text."""
    return url if isinstance(url, str) and re.match(r"^https?://[^\s\"'<>]+$", url, re.IGNORECASE) else None


@dataclass
class WeeklyReport:
    week: str
    start: datetime
    end: datetime
    headline: dict
    trend: list[dict]
    by_level: pd.DataFrame
    by_category: pd.DataFrame
    by_model: pd.DataFrame
    matrix: list[dict]
    methods: pd.DataFrame
    single_source: dict
    provinces: pd.DataFrame
    cities: pd.DataFrame
    buyers: pd.DataFrame
    suppliers: pd.DataFrame
    largest: pd.DataFrame
    ppp: pd.DataFrame
    pipeline: pd.DataFrame
    ratios: pd.DataFrame
    ratio_summary: dict
    coverage: pd.DataFrame
    restated: pd.DataFrame
    notices: list[dict]
    drill: dict[str, list[int]] = field(default_factory=dict)
    charts: dict[str, Markup] = field(default_factory=dict)

    def anchor(self, key: str) -> str:
        """The drill-down anchor of a number: 'level:区县级:notices' → the list of 'level:区县级'."""
        key = {"relevant:budget": "relevant:tenders", "relevant:award": "relevant:awards"}.get(key, key)
        for suffix in (":notices", ":budget", ":award", ":amount"):  # an amount links to the notices it sums
            key = key.removesuffix(suffix)
        if not hasattr(self, "_anchors"):
            self._anchors = {k: f"d{i}" for i, k in enumerate(self.drill)}
        return self._anchors.get(key, "")


def _measures_frame(df: pd.DataFrame, key: str, order: tuple[str, ...] | list[str]) -> pd.DataFrame:
    cols = [key, "notices", "tenders", "budget", "awards", "award", "amount", "with_amount"]
    df = df.reindex(columns=cols).copy()
    df[key] = df[key].where(df[key].notna(), UNKNOWN)
    if len(df):
        df = df.groupby(key, as_index=False, sort=False).agg(lambda s: s.sum(min_count=1))
    full = list(order) + [k for k in df[key].tolist() if k not in order]
    df = df.set_index(key).reindex(full).reset_index()
    for col in ("notices", "tenders", "awards", "with_amount"):
        df[col] = df[col].fillna(0).astype(int)
    for col in ("budget", "award", "amount"):
        df[col] = df[col].map(_yuan)
    df["average"] = [a / n if n else Decimal("0.00") for a, n in zip(df["amount"], df["with_amount"])]
    df["average"] = df["average"].map(_yuan)
    return df


def _change(now: Decimal | int, before: Decimal | int | float) -> float | None:
    return None if not before else float(Decimal(now) / Decimal(str(before)) - 1)


def _trend(totals: pd.DataFrame) -> tuple[dict, list[dict]]:
    def week_values(ago: int, relevant: bool | None) -> dict:
        rows = totals[(totals["ago"] == ago) & ((totals["rel"] == relevant) if relevant is not None else True)]
        return {"notices": int(rows["notices"].fillna(0).sum()), "tenders": int(rows["tenders"].fillna(0).sum()),
                "budget": _yuan(rows["budget"].map(_yuan).sum()), "awards": int(rows["awards"].fillna(0).sum()),
                "award": _yuan(rows["award"].map(_yuan).sum())}

    headline = {"all": week_values(0, None), "relevant": week_values(0, True)}
    history = [week_values(k, True) for k in range(1, 5)]
    trend = []
    for key, name in (("notices", "相关公告"), ("budget", "相关招标预算"), ("award", "相关中标金额")):
        now, prev = headline["relevant"][key], history[0][key]
        avg = sum(Decimal(h[key]) for h in history) / 4
        trend.append({"key": key, "name": name, "now": now, "prev": prev, "avg4": avg,
                      "vs_prev": _change(now, prev), "vs_avg4": _change(now, avg),
                      "history": [h[key] for h in reversed(history)] + [now]})
    return headline, trend


def _region_name(code: str | None, digits: int) -> str:
    from common.regions import divisions

    if not code or not str(code).isdigit():
        return UNKNOWN
    full = str(code)[:digits].ljust(6, "0")
    return divisions().get(full, (full, ""))[0]


def build(session: Session, week: str) -> WeeklyReport:
    start, end = parse_week(week)
    scope = Q.Scope(start, end)
    headline, trend = _trend(Q.weekly_totals(session, start))

    by_level = _measures_frame(Q.by_dimension(session, scope, Q.Classification.level, "level"), "level", LEVELS)
    by_model = _measures_frame(Q.by_dimension(session, scope, Q.Classification.delivery_model, "model"), "model",
                               DELIVERY_MODELS)
    by_category = _measures_frame(Q.by_category(session, scope), "category", CATEGORIES)
    m = Q.matrix(session, scope)
    matrix = []
    for level in (*LEVELS, UNKNOWN):
        cells = []
        for cat in CATEGORIES:
            sel = m[(m["category"] == cat) & (m["level"].fillna(UNKNOWN) == level)] if len(m) else m
            n, amt, with_amt = int(sel["notices"].sum()), _yuan(sel["amount"].map(_yuan).sum()), \
                int(sel["with_amount"].sum())
            cells.append({"category": cat, "notices": n, "amount": amt, "with_amount": with_amt,
                          "average": _yuan(amt / with_amt) if with_amt else Decimal("0.00")})
        if level != UNKNOWN or any(c["notices"] for c in cells):
            matrix.append({"level": level, "cells": cells})
    methods = _measures_frame(Q.method_split(session, scope), "method", [])
    methods = methods.sort_values(["notices", "amount"], ascending=False).reset_index(drop=True)
    total_n = int(methods["notices"].sum())
    total_amt = sum(methods["amount"], Decimal(0))
    ss = methods[methods["method"] == Q.SINGLE_SOURCE]
    single_source = {"notices": int(ss["notices"].sum()), "amount": _yuan(sum(ss["amount"], Decimal(0))),
                     "share": (int(ss["notices"].sum()) / total_n) if total_n else None,
                     "amount_share": float(sum(ss["amount"], Decimal(0)) / total_amt) if total_amt else None}
    provinces = _measures_frame(Q.region_split(session, scope, 2), "code", [])
    provinces["name"] = [_region_name(c, 2) for c in provinces["code"]]
    provinces = provinces.sort_values(["notices", "amount"], ascending=False).reset_index(drop=True)
    cities = _measures_frame(Q.region_split(session, scope, 4), "code", [])
    cities = cities[cities["code"].map(lambda c: len(str(c)) == 4 and str(c).isdigit()
                                       and not str(c).endswith("00")).astype(bool)]
    cities = cities.assign(name=[_region_name(c, 4) for c in cities["code"]])
    cities = cities.sort_values(["notices", "amount"], ascending=False).head(10).reset_index(drop=True)
    buyers = _measures_frame(Q.top_buyers(session, scope), "buyer", [])
    buyers = buyers.sort_values(["amount", "notices"], ascending=False).reset_index(drop=True)

    rows = Q.week_rows(session, scope)
    notices = _notice_dicts(rows)
    relevant_rows = [n for n in notices if n["relevant"]]
    org_ids = {s["org_id"] for n in relevant_rows for s in (n["suppliers"] or [])
               if isinstance(s, dict) and s.get("org_id")}
    suppliers = _suppliers(relevant_rows, Q.organisation_names(session, org_ids))
    largest = pd.DataFrame([n for n in relevant_rows if n["amount"] is not None],
                           columns=list(notices[0]) if notices else ["id", "amount"])
    if len(largest):
        largest = largest.sort_values(["amount", "id"], ascending=[False, True]).head(10).reset_index(drop=True)
    ppp = pd.DataFrame([n | (n["ppp"] or {}) for n in notices
                        if n["delivery_model"] == "PPP" and n["notice_type"] == TENDER],
                       columns=["id", "title", "safe_url", "buyer_raw", "budget_cny", "return_mechanism",
                                "operation_mode", "cooperation_years"])
    pipeline = Q.pipeline(session, end)
    pipeline["safe_url"] = [safe_url(u) for u in pipeline["url"]]
    linked = Q.award_ratios(session, scope)
    linked["safe_url"] = [safe_url(u) for u in linked.get("url", [])]
    ratios = linked[linked["ratio"].notna()].reset_index(drop=True) if len(linked) else linked
    timed = linked[linked["days"].notna()] if len(linked) else linked
    outcomes = Q.outcomes(session, scope)
    failed = outcomes[outcomes["outcome"] == "failed"]
    ratio_summary = {"n": len(ratios), "median": float(ratios["ratio"].median()) if len(ratios) else None,
                     "overall": (float(sum(map(Decimal, ratios["award"])) / sum(map(Decimal, ratios["budget"])))
                                 if len(ratios) else None),
                     "days_n": len(timed), "days_median": float(timed["days"].median()) if len(timed) else None,
                     "days_ids": [int(i) for i in timed.get("id", [])],
                     "outcomes": len(outcomes), "failed": len(failed),
                     "failed_rate": len(failed) / len(outcomes) if len(outcomes) else None,
                     "failed_ids": [int(i) for i in failed["id"]], "outcome_ids": [int(i) for i in outcomes["id"]]}
    coverage = Q.coverage(session, scope)
    restated = Q.restatements(session, scope)
    restated["safe_url"] = [safe_url(u) for u in restated.get("url", [])]
    restated["first_week"] = [week_of(d) if pd.notna(d) else "" for d in restated.get("first_published", [])]

    report = WeeklyReport(week, start, end, headline, trend, by_level, by_category, by_model, matrix, methods,
                          single_source, provinces, cities, buyers, suppliers, largest, ppp, pipeline, ratios,
                          ratio_summary, coverage, restated, notices)
    report.drill = _drill(report, notices)
    report.__dict__.pop("_anchors", None)
    report.charts = {
        "provinces": bar_chart([(r["name"], r["notices"], f"#{report.anchor('province:' + str(r['code']))}")
                                for r in provinces.to_dict("records")][:15], "条", "各省相关公告数"),
        "models": bar_chart([(r["model"], r["notices"], f"#{report.anchor('model:' + r['model'])}")
                             for r in by_model.to_dict("records")], "条", "交付模式"),
        "trend": bar_chart([(week_of(start - timedelta(days=7 * (4 - i))), float(v) / 10_000, "")
                            for i, v in enumerate(trend[1]["history"])], "万元", "近五周相关招标预算"),
    }
    return report


def _notice_dicts(rows: pd.DataFrame) -> list[dict]:
    out = []
    for r in rows.to_dict("records"):
        r = {k: (None if (isinstance(v, float) and math.isnan(v)) or v is pd.NaT else v) for k, v in r.items()}
        r["relevant"] = bool(r["relevant"])
        r["safe_url"] = safe_url(r["url"])
        r["amount"] = None if r["amount"] is None else _yuan(r["amount"])
        r["province"] = str(r["buyer_region_code"])[:2] if r["buyer_region_code"] else None
        r["city"] = str(r["buyer_region_code"])[:4] if r["buyer_region_code"] else None
        if isinstance(r["ppp"], str):
            r["ppp"] = json.loads(r["ppp"])
        if isinstance(r["suppliers"], str):
            r["suppliers"] = json.loads(r["suppliers"])
        out.append(r)
    return out


def _suppliers(relevant: list[dict], names: dict[int, str]) -> pd.DataFrame:
    """Suppliers of the week's relevant awards, by organisation (a supplier's short name, branch or spelling
    counts with the organisation it was merged into, named by ``names``): awards won and their amount (each
    supplier's own amount where the notice gives one, else the notice's award)."""
    won: dict[str, dict] = {}
    for n in relevant:
        if n["notice_type"] != AWARD:
            continue
        for s in n["suppliers"] or []:
            name = (s or {}).get("name") if isinstance(s, dict) else None
            if not name:
                continue
            name = names.get(s.get("org_id"), name)
            w = won.setdefault(name, {"supplier": name, "awards": 0, "amount": Decimal(0), "ids": []})
            w["awards"] += 1
            w["amount"] += _yuan(s.get("award_cny") or n["award_cny"])
            w["ids"].append(n["id"])
    df = pd.DataFrame(list(won.values()), columns=["supplier", "awards", "amount", "ids"])
    return df.sort_values(["amount", "awards"], ascending=False).head(10).reset_index(drop=True)


def _drill(r: WeeklyReport, notices: list[dict]) -> dict[str, list[int]]:
    """key → ids of the notices behind that number (insertion order = anchor numbers)."""
    rel = [n for n in notices if n["relevant"]]
    d: dict[str, list[int]] = {
        "all": [n["id"] for n in notices],
        "relevant": [n["id"] for n in rel],
        "relevant:tenders": [n["id"] for n in rel if n["notice_type"] == TENDER],
        "relevant:awards": [n["id"] for n in rel if n["notice_type"] == AWARD],
    }
    for level in (*LEVELS, UNKNOWN):
        d[f"level:{level}"] = [n["id"] for n in rel if (n["level"] or UNKNOWN) == level]
        for cat in CATEGORIES:
            d[f"matrix:{level}:{cat}"] = [n["id"] for n in rel if (n["level"] or UNKNOWN) == level
                                          and cat in n["categories"]]
    for cat in CATEGORIES:
        d[f"category:{cat}"] = [n["id"] for n in rel if cat in n["categories"]]
    for model in r.by_model["model"]:
        d[f"model:{model}"] = [n["id"] for n in rel if (_model(n["delivery_model"])) == model]
    for method in r.methods["method"]:
        d[f"method:{method}"] = [n["id"] for n in rel if (n["method"] or UNKNOWN) == method]
    for code in r.provinces["code"]:
        d[f"province:{code}"] = [n["id"] for n in rel if (n["province"] or UNKNOWN) == code]
    for code in r.cities["code"]:
        d[f"city:{code}"] = [n["id"] for n in rel if n["city"] == code]
    for buyer in r.buyers["buyer"]:
        d[f"buyer:{buyer}"] = [n["id"] for n in rel if n["buyer_org"] == buyer]
    for s in r.suppliers.to_dict("records"):
        d[f"supplier:{s['supplier']}"] = list(s["ids"])
    d["ratio"] = [int(i) for i in r.ratios.get("id", [])]
    d["tender_to_award"] = r.ratio_summary["days_ids"]
    d["outcomes"] = r.ratio_summary["outcome_ids"]
    d["failed"] = r.ratio_summary["failed_ids"]
    for src in r.coverage["source"]:
        d[f"source:{src}"] = [n["id"] for n in notices if n["source"] == src]
    return {k: v for k, v in d.items() if v}


def _model(v: str | None) -> str:
    return {"other": "其他", None: UNKNOWN}.get(v, v)


def render(report: WeeklyReport) -> str:
    tables = [("行政层级", "level", report.by_level), ("类别", "category", report.by_category),
              ("交付模式", "model", report.by_model)]
    return _env.get_template("weekly.html").render(
        r=report, tables=[(t, k, df.to_dict("records")) for t, k, df in tables],
        notice_rows=_notice_rows(report.notices), drill_lists=_drill_lists(report),
        generated=beijing_now().strftime("%Y-%m-%d %H:%M"), levels=LEVELS, categories=CATEGORIES)


# The two long parts of the page (one row per notice, one list per number) are built here rather than in Jinja:
# ten thousand notices a week make Jinja's per-row overhead the slowest step. Every value goes through escape().

def _title_html(n: dict) -> str:
    title = escape(n["title"] or "（无标题）")
    url = n.get("safe_url")
    return f'<a href="{escape(url)}" rel="noopener noreferrer nofollow">{title}</a>' if url else str(title)


def _notice_rows(notices: list[dict]) -> Markup:
    out = []
    for n in notices:
        published = n["published_at"].strftime("%m-%d %H:%M") if n["published_at"] else ""
        extra = "" if n["relevant"] else ' <span class="meta">（非相关）</span>'
        budget = wan(n["budget_cny"]) if n["budget_cny"] is not None else ""
        award = wan(n["award_cny"]) if n["award_cny"] is not None else ""
        model = _model(n["delivery_model"]) if n["delivery_model"] else ""
        out.append(f'<tr id="n{int(n["id"])}"><td>{published}</td><td class="title">{_title_html(n)}{extra}</td>'
                   f'<td>{escape(n["notice_type"] or "")}</td><td>{escape(n["buyer_raw"] or "")}</td>'
                   f'<td>{escape(n["level"] or "")}</td><td>{escape("、".join(n["categories"]))}</td>'
                   f'<td>{escape(model)}</td><td class="num">{budget}</td><td class="num">{award}</td></tr>')
    return Markup("\n".join(out))


def _drill_lists(report: WeeklyReport) -> Markup:
    titles = {n["id"]: escape((n["title"] or "（无标题）")[:60]) for n in report.notices}
    out = []
    for key, ids in report.drill.items():
        items = "".join(f'<li><a href="#n{int(i)}">{titles.get(i, i)}</a></li>' for i in ids)
        out.append(f'<section id="{report.anchor(key)}"><h3>{escape(key)}（{len(ids)} 条）</h3>'
                   f'<ol class="drill" data-drill="{escape(key)}">{items}</ol></section>')
    return Markup("\n".join(out))


def _csv_tables(report: WeeklyReport) -> dict[str, pd.DataFrame]:
    trend = pd.DataFrame([{k: v for k, v in t.items() if k != "history"} for t in report.trend])
    matrix = pd.DataFrame([{"level": row["level"], "category": c["category"], "notices": c["notices"],
                            "amount": c["amount"], "average": c["average"]}
                           for row in report.matrix for c in row["cells"]])
    drop = lambda df, cols: df.drop(columns=[c for c in cols if c in df.columns])  # noqa: E731
    return {"headline": trend, "level": report.by_level, "category": report.by_category, "model": report.by_model,
            "matrix": matrix, "method": report.methods, "province": report.provinces, "city": report.cities,
            "buyers": report.buyers, "suppliers": drop(report.suppliers, ["ids"]),
            "largest": report.largest[[c for c in ("id", "title", "url", "buyer_raw", "notice_type", "amount")
                                        if c in report.largest.columns]],
            "ppp": report.ppp, "pipeline": report.pipeline, "award_ratio": report.ratios,
            "coverage": report.coverage, "restated": report.restated}


def write(session: Session, week: str, out_dir: Path) -> tuple[Path, WeeklyReport]:
    report = build(session, week)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{week}.html"
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(render(report), encoding="utf-8")
    tmp.replace(path)
    for name, df in _csv_tables(report).items():
        _csv(df).to_csv(out_dir / f"{week}.{name}.csv", index=False, encoding="utf-8")
    write_index(out_dir)
    return path, report


def _csv(df: pd.DataFrame) -> pd.DataFrame:
    """Scraped text in a CSV cell must not start a spreadsheet formula: the exports' rule (store/export.py)."""
    from store.export import neutralise_formula

    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = [neutralise_formula(v) for v in out[col]]
    return out


def write_index(out_dir: Path) -> Path:
    weeks = sorted((p.stem for p in out_dir.glob("*.html") if re.fullmatch(r"\d{4}-W\d{2}", p.stem)), reverse=True)
    path = out_dir / "index.html"
    html = _env.get_template("index.html").render(weeks=weeks, generated=beijing_now().strftime("%Y-%m-%d %H:%M"))
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path
