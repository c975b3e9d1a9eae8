"""What the reader's pages compute from a stored notice, as pure functions (no request, no session): the days left
before a deadline, the body as paragraphs, the contacts and lots as rows, search snippets with the matched words
marked, and the text of an archived page. The templates render their results autoescaped: a snippet is a list of
(text, matched) pieces, never HTML built here."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation

MAX_BODY = 60_000  # characters of the stored body shown on the notice page
SNIPPET = 60  # characters of context on each side of the first match
ROLES = (("buyer", "采购人"), ("agency", "代理机构"), ("project", "项目联系人"))


def days_left(due: datetime | None, now: datetime) -> str | None:
    """'还有 3 天' / '今天截止' / '已截止' for a naive Beijing deadline against a naive Beijing now; None without one."""
    if due is None:
        return None
    if due < now:
        return "已截止"
    days = (due.date() - now.date()).days
    return "今天截止" if days == 0 else f"还有 {days} 天"


def paragraphs(text: str | None, limit: int = MAX_BODY) -> list[str]:
    """The stored body as paragraphs: blank lines and runs of spaces folded, capped at ``limit`` characters."""
    body = (text or "")[:limit]
    out = [re.sub(r"[ \t\u3000]+", " ", p).strip() for p in re.split(r"\n\s*\n|\n", body)]
    return [p for p in out if p]


def contact_rows(contacts) -> list[tuple[str, str, str]]:  # noqa: ANN001 - JSON as stored: dict, list or None
    """(role, name, phone) for each contact the parser found, in the templates' order, then the others."""
    rows: list[tuple[str, str, str]] = []
    if isinstance(contacts, dict):
        for key, role in ROLES:
            c = contacts.get(key)
            if isinstance(c, dict) and (c.get("name") or c.get("phone")):
                rows.append((role, str(c.get("name") or ""), str(c.get("phone") or "")))
        others = contacts.get("others") or []
    else:
        others = contacts or []
    for c in others if isinstance(others, list) else []:
        if isinstance(c, dict) and (c.get("name") or c.get("phone")):
            rows.append(("联系人", str(c.get("name") or ""), str(c.get("phone") or "")))
    return rows


def amount(v) -> Decimal | None:  # noqa: ANN001 - a JSON amount: str, number or None
    try:
        return None if v in (None, "") else Decimal(str(v))
    except InvalidOperation:
        return None


def lot_rows(lots, suppliers) -> list[dict]:  # noqa: ANN001
    """One row per lot: its name, budget and winners with their amounts (from the lots, else the suppliers)."""
    by_lot: dict[str, list[dict]] = {}
    for s in suppliers or []:
        if isinstance(s, dict) and s.get("name"):
            by_lot.setdefault(str(s.get("lot") or ""), []).append(s)
    rows = []
    for lot in lots or []:
        if not isinstance(lot, dict):
            continue
        key = str(lot.get("lot") or "")
        winners = [(s["name"], amount(s.get("award_cny"))) for s in by_lot.get(key, [])]
        if not winners and lot.get("suppliers"):
            winners = [(str(name), None) for name in lot["suppliers"] if name]
        rows.append({"lot": key, "name": lot.get("name") or "", "budget": amount(lot.get("budget_cny")),
                     "award": amount(lot.get("award_cny")), "winners": winners})
    return rows


def snippet(text: str | None, words: list[str], width: int = SNIPPET) -> list[tuple[str, bool]]:
    """The part of ``text`` around the first of ``words`` it holds, as (piece, matched) pairs; [] when it holds none."""
    text = re.sub(r"\s+", " ", text or "")
    hits = [m.start() for w in words if w for m in [re.search(re.escape(w), text, re.IGNORECASE)] if m]
    if not hits:
        return []
    start = max(0, min(hits) - width)
    end = min(len(text), min(hits) + width * 2)
    pieces = marked(text[start:end], words)
    if start > 0:
        pieces.insert(0, ("…", False))
    if end < len(text):
        pieces.append(("…", False))
    return pieces


def marked(text: str | None, words: list[str]) -> list[tuple[str, bool]]:
    """``text`` cut into (piece, matched) pairs, every occurrence of one of ``words`` matched (case-insensitive)."""
    text = text or ""
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return [(text, False)] if text else []
    rx = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    out, at = [], 0
    for m in rx.finditer(text):
        if m.start() > at:
            out.append((text[at:m.start()], False))
        out.append((m.group(0), True))
        at = m.end()
    if at < len(text):
        out.append((text[at:], False))
    return out


def page_text(body: bytes, encoding: str | None) -> list[str]:
    """An archived page's visible text as paragraphs: scripts, styles and every tag dropped; nothing of it runs."""
    from bs4 import BeautifulSoup

    html = body.decode(encoding or "utf-8", errors="replace")
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style", "noscript", "template", "iframe", "object"]):
        tag.decompose()
    return paragraphs(soup.get_text("\n"))
