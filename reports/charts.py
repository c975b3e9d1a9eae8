"""Inline SVG bar charts, drawn here without any library: text stays text (Chinese is searchable and selectable),
nothing is fetched, and every label is escaped.

Each row shows a count and, beside it, the amount those notices carry (one unit for the chart, 未公布 where none
states one). The chart scales to the page's width (a viewBox, no fixed size), so a phone shows it whole. A row that
links to its notices is an ``<a>`` named by its ``<title>``: Tab reaches it and Enter follows it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from reports.format import in_unit, share, unit_for

WIDTH = 480
ROW = 48
HEAD = 44
BAR_MAX = 270
LABEL_CHARS = 24


@dataclass
class Bar:
    label: str
    count: int
    amount: Decimal | None  # yuan; None: no notice of the row states one
    href: str = ""
    share: float | None = None  # of the week's relevant notices
    priced: int | None = None  # the row's notices of a type that carries the amount (None: all of them)


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"


def _linked(b: Bar) -> bool:
    return b.href.startswith("#") and len(b.href) > 1  # "#": a row whose list is empty links nowhere


def _short(text: str) -> str:
    return text if len(text) <= LABEL_CHARS else text[:LABEL_CHARS - 1] + "…"


def bar_chart(bars: list[Bar], title: str, count_unit: str = "条", amount_name: str = "金额") -> Markup:
    """Two bars a row: the count (blue) and the amount (orange). An empty or all-zero chart draws a note instead."""
    if not bars or not any(b.count or b.amount for b in bars):
        return Markup('<p class="meta">（无数据）</p>')
    unit = unit_for([b.amount for b in bars])
    top_n = max(b.count for b in bars) or 1
    known = [b.amount for b in bars if b.amount is not None]
    top_a = max(known, default=Decimal(0)) or Decimal(1)
    height = HEAD + ROW * len(bars) + 4
    linked = any(_linked(b) for b in bars)
    role = 'role="group"' if linked else 'role="img"'
    parts = [f'<svg class="chart" {role} aria-label="{escape(title)}" xmlns="http://www.w3.org/2000/svg" '
             f'viewBox="0 0 {WIDTH} {height}" preserveAspectRatio="xMinYMin meet"><title>{escape(title)}</title>'
             f'<text x="0" y="16" class="ct">{escape(title)}</text>'
             f'<rect x="0" y="26" width="11" height="11" class="bar"/>'
             f'<text x="16" y="36">{escape("公告数（" + count_unit + "）")}</text>'
             f'<rect x="140" y="26" width="11" height="11" class="amt"/>'
             f'<text x="156" y="36">{escape(amount_name + "（" + unit + "）")}</text>']
    for i, b in enumerate(bars):
        y = HEAD + i * ROW
        wn = max(1.0, BAR_MAX * b.count / top_n) if b.count else 0.0
        wa = max(1.0, float(BAR_MAX * b.amount / top_a)) if b.amount else 0.0
        count_text = f"{_fmt(b.count)} {count_unit}" + (f" · {share(b.share)}" if b.share is not None else "")
        priced = b.count if b.priced is None else b.priced  # none of them: no amount to publish, not an unknown one
        amount_text = in_unit(b.amount, unit, "未公布" if priced else "—") + ("" if b.amount is None else f" {unit}")
        name = f"{b.label}：{count_text}；{amount_name} {amount_text}"
        row = (f'<rect x="0" y="{y}" width="{WIDTH}" height="{ROW - 2}" class="hit"/>'
               f'<text x="0" y="{y + 15}">{escape(_short(b.label))}</text>'
               f'<rect x="0" y="{y + 20}" width="{wn:.1f}" height="11" class="bar"/>'
               f'<text x="{wn + 5:.1f}" y="{y + 30}" class="v">{escape(count_text)}</text>'
               f'<rect x="0" y="{y + 33}" width="{wa:.1f}" height="11" class="amt"/>'
               f'<text x="{wa + 5:.1f}" y="{y + 43}" class="v">{escape(amount_text)}</text>')
        # the row's name is its <title> (a tooltip too); an aria-label would differ from the text it shows
        if _linked(b):
            row = f'<a href="{escape(b.href)}"><title>{escape(name)}</title>{row}</a>'
        else:
            row = f'<g><title>{escape(name)}</title>{row}</g>'
        parts.append(row)
    parts.append("</svg>")
    return Markup("".join(parts))

