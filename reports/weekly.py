"""The weekly report: one section per module (reports/sections/, each its SQL beside its shaping, on the base query
of reports/base.py) → inline SVG charts → Jinja2 HTML.

One self-contained file per ISO week (inline CSS and SVG, no request to any other host, autoescaped), the same
tables as CSV beside it (UTF-8 with a byte-order mark, so Excel reads the Chinese), and an index page listing every
week. Every number links to the list of notices behind it (an anchor in the page, headed in plain Chinese:
reports/drill.py), and every notice links to its source URL when that URL is http(s). Each table states its one
unit (万元 or 亿元) in its header; an amount no notice states shows as 未公布.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from sqlalchemy.orm import Session

from common.clock import beijing_now
from common.labels import CATEGORIES, LEVELS
from reports.base import AWARD, TENDER, Context
from reports.drill import heading
from reports.format import (UNPUBLISHED, in_unit, label, money, pct, safe_url, share, source_link, unit_for,  # noqa: F401
                            wan)  # wan, safe_url: importable from here still
from reports.sections import SECTIONS
from reports.weeks import parse_week

_env = Environment(loader=FileSystemLoader(Path(__file__).with_name("templates")),
                   autoescape=select_autoescape(["html", "j2"]))
_env.filters["wan"] = wan
_env.filters["money"] = money
_env.filters["amt"] = in_unit
_env.filters["pct"] = pct
_env.filters["share"] = share
_env.filters["label"] = label
_env.globals["unit_for"] = unit_for
TITLE_SHOWN = 200  # characters of a title on the page (a scraped title can be thousands long)
CSV_ENCODING = "utf-8-sig"  # with a BOM: Excel opens a UTF-8 CSV as UTF-8 only with one


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
    notice_unit = unit_for([n["budget_cny"] for n in report.notices], [n["award_cny"] for n in report.notices])
    return _env.get_template("weekly.html").render(
        r=report, tables=[(t, k, df.to_dict("records")) for t, k, df in tables],
        notice_rows=_notice_rows(report.notices, notice_unit), notice_unit=notice_unit,
        drill_lists=_drill_lists(report), last_day=report.end - timedelta(days=1),
        generated=beijing_now().strftime("%Y-%m-%d %H:%M"), levels=LEVELS, categories=CATEGORIES)


# The two long parts of the page (one row per notice, one list per number) are built here rather than in Jinja:
# ten thousand notices a week make Jinja's per-row overhead the slowest step. Every value goes through escape().

def _cut(text: str, chars: int) -> str:
    return text if len(text) <= chars else text[:chars] + "…"


def shown_title(text: str | None) -> str:
    return _cut(text or "（无标题）", TITLE_SHOWN)


_env.filters["shown_title"] = shown_title
_env.globals["source_link"] = source_link


def _title_html(n: dict) -> str:
    title = escape(shown_title(n["title"]))
    url = source_link(n.get("safe_url"), n.get("id"))
    return f'<a href="{escape(url)}" rel="noopener noreferrer nofollow">{title}</a>' if url else str(title)


def _amount_cell(v, states_it: bool, unit: str) -> str:  # noqa: ANN001
    """A notice's budget or award: the number, 未公布 where its type should state one, else empty."""
    return in_unit(v, unit) if v is not None else UNPUBLISHED if states_it else ""


def _notice_rows(notices: list[dict], unit: str) -> Markup:
    out = []
    for n in notices:
        published = n["published_at"].strftime("%m-%d %H:%M") if n["published_at"] else ""
        extra = "" if n["relevant"] else ' <span class="meta">（非相关）</span>'
        budget = _amount_cell(n["budget_cny"], n["notice_type"] == TENDER, unit)
        award = _amount_cell(n["award_cny"], n["notice_type"] == AWARD, unit)
        model = label(n["delivery_model"]) if n["delivery_model"] else ""
        out.append(f'<tr id="n{int(n["id"])}"><td>{published}</td><td class="title">{_title_html(n)}{extra}</td>'
                   f'<td>{escape(n["notice_type"] or "")}</td><td>{escape(n["buyer_raw"] or "")}</td>'
                   f'<td>{escape(n["level"] or "")}</td><td>{escape("、".join(n["categories"]))}</td>'
                   f'<td>{escape(model)}</td><td class="num">{budget}</td><td class="num">{award}</td></tr>')
    return Markup("\n".join(out))


def _drill_lists(report: WeeklyReport) -> Markup:
    titles = {n["id"]: escape(_cut(n["title"] or "（无标题）", 60)) for n in report.notices}
    out = []
    for key, ids in report.drill.items():
        items = "".join(f'<li><a href="#n{int(i)}">{titles.get(i, i)}</a></li>' for i in ids)
        anchor = report.anchor(key)
        out.append(f'<section id="{anchor}"><h3><a href="#{anchor}">{escape(heading(key))}（{len(ids)} 条）</a></h3>'
                   f'<ol class="drill" data-drill="{escape(key)}">{items}</ol></section>')
    return Markup("\n".join(out))


def _csv_tables(report: WeeklyReport) -> dict[str, pd.DataFrame]:
    tables: dict[str, pd.DataFrame] = {}
    for section in SECTIONS:
        if hasattr(section, "csv"):
            tables.update(section.csv(report.values))
    return tables


def write(session: Session, week: str, out_dir: Path, index: bool = True) -> tuple[Path, WeeklyReport]:
    report = build(session, week)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / f"{week}.html"
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(render(report), encoding="utf-8")
    tmp.replace(path)
    for name, df in _csv_tables(report).items():
        _csv(df).to_csv(out_dir / f"{week}.{name}.csv", index=False, encoding=CSV_ENCODING)
    if index:
        write_index(out_dir)
    return path, report


def write_all(session: Session, out_dir: Path) -> list[tuple[str, Path, dict]]:
    """Every week the store holds a notice in, oldest first, then the index: (week, page, headline) each."""
    from reports.weeks import store_weeks

    written = []
    for week in store_weeks(session):
        path, report = write(session, week, out_dir, index=False)
        written.append((week, path, report.headline))
        session.expunge_all()  # one week's objects at a time
    write_index(out_dir)
    return written


def _csv(df: pd.DataFrame) -> pd.DataFrame:
    """Scraped text in a CSV cell must not start a spreadsheet formula: the exports' rule (store/export.py)."""
    from store.export import neutralise_formula

    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = [neutralise_formula(v) for v in out[col]]
    return out


def write_index(out_dir: Path) -> Path:
    """index.html: every week's page in the folder, newest first, with its dates and figures (from its headline
    CSV, when there is one)."""
    weeks = sorted((p.stem for p in out_dir.glob("*.html") if re.fullmatch(r"\d{4}-W\d{2}", p.stem)), reverse=True)
    entries = []
    for week in weeks:
        start, end = parse_week(week)
        entries.append({"week": week, "start": start, "last": end - timedelta(days=1),
                        "figures": _index_figures(out_dir / f"{week}.headline.csv")})
    path = out_dir / "index.html"
    html = _env.get_template("index.html").render(weeks=entries,
                                                  generated=beijing_now().strftime("%Y-%m-%d %H:%M"))
    tmp = path.with_suffix(".html.tmp")
    tmp.write_text(html, encoding="utf-8")
    tmp.replace(path)
    return path


def _index_figures(headline_csv: Path) -> dict | None:
    """The week's relevant notices, budget and award as its headline CSV holds them; None without that file."""
    try:
        rows = pd.read_csv(headline_csv, encoding=CSV_ENCODING, dtype=str, keep_default_na=False)
        by_key = {r["key"]: r for r in rows.to_dict("records")}
        shown = {k: money(by_key[k]["now"]) if by_key[k]["known"] == "True"
                 else UNPUBLISHED if int(by_key[k]["count"]) else "—" for k in ("budget", "award")}
        return {"notices": int(by_key["notices"]["now"]), **shown}
    except (OSError, KeyError, ValueError):
        return None
