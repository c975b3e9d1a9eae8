"""The weekly report: one section per module (reports/sections/, each its SQL beside its shaping, on the base query
of reports/base.py) → inline SVG charts → Jinja2 HTML.

One self-contained file per ISO week (inline CSS and SVG, no request to any other host, autoescaped), the same
tables as CSV beside it, and an index page listing every week. Every number links to the list of notices behind
it (an anchor in the page), and every notice links to its source URL when that URL is http(s).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from common.clock import beijing_now
from common.labels import CATEGORIES, LEVELS
from reports.base import Context
from reports.format import label, pct, safe_url, wan  # noqa: F401 - wan, safe_url: importable from here still
from reports.sections import SECTIONS
from reports.weeks import parse_week

_env = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                   autoescape=select_autoescape(["html", "j2"]))
_env.filters["wan"] = wan
_env.filters["pct"] = pct
_env.filters["label"] = label


@dataclass
class WeeklyReport:
    """A built week: ``values`` maps each name a section gave (headline, matrix, provinces …) to its value, read as
    an attribute too (``report.provinces``); ``drill`` maps a number's key to the notices behind it."""

    week: str
    start: datetime
    end: datetime
    values: dict[str, Any] = field(default_factory=dict)
    drill: dict[str, list[int]] = field(default_factory=dict)
    charts: dict[str, Markup] = field(default_factory=dict)

    def __getattr__(self, name: str) -> Any:  # noqa: ANN401 - only called for names the dataclass does not have
        values = self.__dict__.get("values", {})
        if name in values:
            return values[name]
        raise AttributeError(name)

    def anchor(self, key: str) -> str:
        """The drill-down anchor of a number: 'level:区县级:notices' → the list of 'level:区县级'."""
        key = {"relevant:budget": "relevant:tenders", "relevant:award": "relevant:awards"}.get(key, key)
        for suffix in (":notices", ":budget", ":award", ":amount"):  # an amount links to the notices it sums
            key = key.removesuffix(suffix)
        if "_anchors" not in self.__dict__:
            self.__dict__["_anchors"] = {k: f"d{i}" for i, k in enumerate(self.drill)}
        return self._anchors.get(key, "")


def build(session: Session, week: str) -> WeeklyReport:
    start, end = parse_week(week)
    ctx = Context(session, week, start, end)
    for section in SECTIONS:
        ctx.values.update(section.build(ctx))
    report = WeeklyReport(week, start, end, ctx.values)
    drill: dict[str, list[int]] = {}
    for section in SECTIONS:
        if hasattr(section, "drill"):
            drill.update(section.drill(report.values, report.notices))
    report.drill = {k: v for k, v in drill.items() if v}
    for section in SECTIONS:
        if hasattr(section, "charts"):
            report.charts.update(section.charts(report))
    return report


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
        model = label(n["delivery_model"]) if n["delivery_model"] else ""
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
    tables: dict[str, pd.DataFrame] = {}
    for section in SECTIONS:
        if hasattr(section, "csv"):
            tables.update(section.csv(report.values))
    return tables


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
