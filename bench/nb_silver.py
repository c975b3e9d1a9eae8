"""Silver check on the Ningbo 阳光采购 bulletins: how often the parser's deadline agrees with the site's own
kb_date (开标) — and its opening time, when the parser gives one — over DEVELOPMENT bulletins only (held-out ids
skipped, see bench/nb_dev.py). Run: ``.venv/bin/python -m bench.nb_silver [--misses N]``."""

from __future__ import annotations

import sys
from collections import Counter
from datetime import datetime

from bench.nb_dev import dev_bulletins
from parsers import parse_notice
from parsers.soe_bulletin import deadline_opening, is_soe_bulletin
from parsers.text import nfkc


def _site(value: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(value) if value else None
    except ValueError:
        return None


def main(argv: list[str]) -> int:
    show = int(argv[argv.index("--misses") + 1]) if "--misses" in argv else 0
    counts: Counter = Counter()
    misses = []
    for rec in dev_bulletins():
        kb = _site(rec.get("kb_date"))
        if kb is None:
            counts["no kb_date"] += 1
            continue
        counts["with kb_date"] += 1
        out = parse_notice(rec.get("url"), rec.get("html") or "")
        deadline = out.get("deadline")
        if deadline is None:
            counts["deadline missing"] += 1
        elif deadline.replace(second=0) == kb.replace(second=0):
            counts["deadline = kb_date"] += 1
        else:
            counts["deadline ≠ kb_date"] += 1
            misses.append((rec["bulletinId"], str(deadline), str(kb), (rec.get("title") or "")[:40]))
        opening = deadline_opening(nfkc(out.get("text") or "")).get("opening") if is_soe_bulletin(out.get("text") or "") \
            else None
        if opening is not None:
            counts["opening given"] += 1
            counts["opening = kb_date"] += opening.replace(second=0) == kb.replace(second=0)
    n = counts["with kb_date"]
    print(f"development bulletins with a kb_date: {n} (without: {counts['no kb_date']})")
    for k in ("deadline = kb_date", "deadline ≠ kb_date", "deadline missing", "opening given", "opening = kb_date"):
        print(f"  {k:20s} {counts[k]:5d}  {counts[k] / n:.1%}" if n else f"  {k}: 0")
    for m in misses[:show]:
        print("   ", *m)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
