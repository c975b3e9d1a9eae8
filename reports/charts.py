"""Inline SVG bar charts, drawn here without any library: text stays text (Chinese is searchable and selectable),
nothing is fetched, and every label is escaped."""

from __future__ import annotations

from markupsafe import Markup, escape

ROW = 22
LABEL_W = 150
BAR_W = 420
VALUE_W = 110


def _fmt(v: float) -> str:
    return f"{v:,.0f}" if float(v).is_integer() else f"{v:,.2f}"


def bar_chart(items: list[tuple[str, float, str]], unit: str, title: str) -> Markup:
    """Horizontal bars: (label, value, href or ""). An empty or all-zero list draws a note instead."""
    items = [(str(label), float(value or 0), href) for label, value, href in items]
    if not items or not any(v for _, v, _ in items):
        return Markup('<p class="meta">（无数据）</p>')
    top = max(v for _, v, _ in items) or 1.0
    height = ROW * len(items) + 28
    width = LABEL_W + BAR_W + VALUE_W
    parts = [f'<svg class="chart" role="img" xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
             f'viewBox="0 0 {width} {height}"><title>{escape(title)}</title>'
             f'<text x="0" y="14" class="ct">{escape(title)}（{escape(unit)}）</text>']
    for i, (label, value, href) in enumerate(items):
        y = 24 + i * ROW
        w = max(1.0, BAR_W * value / top) if value else 0.0
        bar = (f'<rect x="{LABEL_W}" y="{y + 3}" width="{w:.1f}" height="{ROW - 8}" class="bar"/>'
               f'<text x="{LABEL_W - 6}" y="{y + ROW - 8}" text-anchor="end">{escape(label[:14])}</text>'
               f'<text x="{LABEL_W + w + 6:.1f}" y="{y + ROW - 8}">{escape(_fmt(value))}</text>')
        if href and href.startswith("#"):
            bar = f'<a href="{escape(href)}">{bar}</a>'
        parts.append(bar)
    parts.append("</svg>")
    return Markup("".join(parts))
