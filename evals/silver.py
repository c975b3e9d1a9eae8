"""The two silver checks of ``tenders eval parse``: agreement with a weak reference, never mixed with the gold.

(a) the parser's deadline on the development Ningbo bulletins against the record's ``kb_date`` / ``end_date``, and
its opening time against ``kb_date`` (the site's 开标 time);
(b) a ccgp page's body parsed alone (its 公告概要 table removed) against the table's values, on the ccgp mirror
and on the realdata ccgp pages.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from evals.corpus import _line_key, heldout_items, is_listed, iter_jsonl
from evals.parse import normalise
from parsers import parse_notice


@dataclass
class Agreement:
    items: int = 0  # items with a silver value
    predicted: int = 0  # … for which the parser gave a value
    agree: int = 0

    def line(self) -> str:
        rate = f"{self.agree / self.items:.3f}" if self.items else "-"
        of_pred = f"{self.agree / self.predicted:.3f}" if self.predicted else "-"
        return (f"agree {self.agree} of {self.items} with a silver value ({rate}); parser gave one for "
                f"{self.predicted}, of which {of_pred} agree")


def same_time(parsed: datetime | None, silver: str | None) -> bool:
    """Same minute; same day when the silver value has no time."""
    if parsed is None or not silver:
        return False
    s = silver.strip().replace("T", " ")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return parsed.date().isoformat() == s
    return parsed.strftime("%Y-%m-%d %H:%M") == s[:16]


def ningbo_silver(shared: Path, parse=parse_notice) -> dict | None:  # noqa: ANN001
    """(a) The parser's deadline on the development Ningbo bulletins (held-out ones left out) against the
    record's ``kb_date`` (开标) and ``end_date`` (its 截止). None when the file is not there."""
    path = shared / "realdata" / "nbygcg" / "bulletins.jsonl.gz"
    if not path.is_file():
        return None
    held = {k for f, k in (heldout_items(shared) or set()) if f == "nbygcg/bulletins.jsonl.gz"}
    result = {"bulletins": 0, "heldout_left_out": 0, "kb_date": Agreement(), "end_date": Agreement(),
              "opening": Agreement()}
    for line in iter_jsonl(path):
        if not line.strip():
            continue
        key = _line_key(line, "bulletinId")
        if key is not None and key in held:
            result["heldout_left_out"] += 1
            continue
        r = json.loads(line)
        if r.get("bulletinId") in held:
            result["heldout_left_out"] += 1
            continue
        result["bulletins"] += 1
        out = parse(r.get("url"), r.get("html") or "")
        deadline, opening = (v if isinstance(v, datetime) else None for v in (out.get("deadline"), out.get("opening")))
        for name, silver, parsed in (("kb_date", "kb_date", deadline), ("end_date", "end_date", deadline),
                                     ("opening", "kb_date", opening)):
            if r.get(silver):
                a = result[name]
                a.items += 1
                a.predicted += parsed is not None
                a.agree += same_time(parsed, r[silver])
    return result


SILVER_FIELDS = ("buyer", "agency", "budget_cny", "award_cny")


def table_and_body(html: str) -> tuple[dict, str] | None:
    """A ccgp page's 公告概要 values (buyer, agency, budget, award) and the page without that table; None when
    the page lacks the table or a body."""
    from lxml import etree

    from parsers.amounts import parse_amount
    from parsers.ccgp_detail import index, summary_table

    if "vF_detail_content" not in html and "vT_detail_content" not in html:
        return None
    doc = etree.fromstring(html.encode("utf-8", "replace"), etree.HTMLParser())
    if doc is None:
        return None
    tables = [d for d in doc.iter("div") if "table" in (d.get("class") or "").split()
              and any("title" in (td.get("class") or "").split() for td in d.iter("td"))]
    if not tables:
        return None
    table = summary_table(index(doc))
    money = lambda *labels: next((m.cny for m in (parse_amount(table.get(x), label=x) for x in labels if  # noqa: E731
                                                  table.get(x)) if m), None)
    values = {"buyer": table.get("采购单位") or table.get("采购人"), "agency": table.get("代理机构名称"),
              "budget_cny": money("预算金额"), "award_cny": money("总中标金额", "总成交金额")}
    for t in tables:
        parent = t.getparent()
        if t.tail:  # keep the text after the table
            prev = t.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + t.tail
            else:
                parent.text = (parent.text or "") + t.tail
        parent.remove(t)
    return values, etree.tostring(doc, encoding="unicode", method="html")


def ccgp_pages(shared: Path) -> list[tuple[str, str | None, str]]:
    """(name, url, html) of the development realdata ccgp pages with a 公告概要 table: the ccgp captures under
    sites/ccgp, and any such page among notices/*.html and jlxxlj/pages/*.html not held out."""
    from parsers.text import decode

    root = shared / "realdata"
    listed = heldout_items(shared) or set()
    out = []
    for pattern in ("sites/ccgp/*.html", "notices/*.html", "jlxxlj/pages/*.html"):
        for path in sorted(root.glob(pattern)):
            rel = path.relative_to(root).as_posix()
            if is_listed(f"realdata:{rel}", listed):
                continue
            html = decode(path.read_bytes())[0]
            if "公告概要" in html:
                out.append((rel, None, html))
    return out


def table_silver(pages: Iterable[tuple[str, str | None, str]], parse=parse_notice) -> dict:  # noqa: ANN001
    """(b) Each page's body parsed alone (its 公告概要 table removed) against the table's values."""
    result = {"pages": 0, **{f: Agreement() for f in SILVER_FIELDS}, "misses": []}
    for name, url, html in pages:
        got = table_and_body(html)
        if got is None:
            continue
        values, body_only = got
        result["pages"] += 1
        out = parse(url, body_only)
        for f in SILVER_FIELDS:
            if values[f] is None:
                continue
            a = result[f]
            want, have = normalise(f, values[f]), normalise(f, out.get(f))
            a.items += 1
            a.predicted += have is not None
            a.agree += have is not None and have == want
            if have != want:
                result["misses"].append(f"{name} {f}: table {want!r}, body {have!r}")
    return result


def mirror_pages() -> list[tuple[str, str | None, str]]:
    from mirrors.ccgp.server import CcgpSite, load_notices, notice_path

    site = CcgpSite()
    from parsers.text import decode

    return [(f"mirror-{n['id']}", "http://www.ccgp.gov.cn" + notice_path(n), decode(site.page(n))[0])
            for n in load_notices()]
