"""The development labels the parser does not read yet, pinned: ``evals/fixtures/parse/known_misses.json`` maps
fixture → field → what the parser gave when the miss was recorded. ``tests/test_golden_parse.py`` asserts every
other (fixture, field) of the development labels exactly, and every pinned one still missed, so that any change —
a fix or a regression — shows as a failing test item. Held-out labels are never pinned, never read here.

    python -m evals.known_misses            # what is fixed (pinned but now right) and what regressed (not pinned, wrong)
    python -m evals.known_misses --write    # unpin what is fixed
    python -m evals.known_misses --add 'dev-nb-*'   # pin the current misses of new labels (never to hide a regression)
"""

from __future__ import annotations

import argparse
import json
from fnmatch import fnmatch
from pathlib import Path

from evals.corpus import CORPUS, default_shared
from evals.parse import expected_fields, normalise, predicted, real_cases

KNOWN = CORPUS / "known_misses.json"


def load(path: Path = KNOWN) -> dict[str, dict[str, str]]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def save(known: dict[str, dict[str, str]], path: Path = KNOWN) -> None:
    clean = {k: dict(sorted(v.items())) for k, v in sorted(known.items()) if v}
    path.write_text(json.dumps(clean, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def items(cases) -> dict[tuple[str, str], tuple]:  # noqa: ANN001
    """(fixture, field) → (expected, got), normalised, for every development label."""
    out = {}
    for c in cases:
        if c.split != "dev":
            continue
        for name, value in expected_fields(c.expected).items():
            out[(c.name, name)] = (normalise(name, value), normalise(name, predicted(c.out, name, value)))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--write", action="store_true", help="unpin the misses that are fixed")
    ap.add_argument("--add", metavar="GLOB", help="pin the current misses of the fixtures matching GLOB")
    args = ap.parse_args()
    cases, _ = real_cases(CORPUS, default_shared())
    known = load()
    fixed, regressed, added = [], [], []
    for (fx, field), (want, got) in sorted(items(cases).items()):
        own = json.loads((CORPUS / fx / "expected.json").read_text(encoding="utf-8")).get("known_misses", {})
        pinned = field in known.get(fx, {}) or field in own
        if pinned and got == want:
            fixed.append((fx, field))
            if args.write and field in known.get(fx, {}):
                known[fx].pop(field)
        elif not pinned and got != want:
            if args.add and fnmatch(fx, args.add):
                known.setdefault(fx, {})[field] = f"parser gives {got!r}"[:300]
                added.append((fx, field))
            else:
                regressed.append((fx, field, want, got))
    for fx, field in fixed:
        print(f"fixed:     {fx} {field}")
    for fx, field in added:
        print(f"pinned:    {fx} {field}")
    for fx, field, want, got in regressed:
        print(f"REGRESSED: {fx} {field}: expected {want!r}, got {got!r}")
    if args.write or args.add:
        save(known)
    print(f"{len(fixed)} fixed{' (unpinned)' if args.write else ''}, {len(added)} pinned, {len(regressed)} wrong "
          f"and not pinned")


if __name__ == "__main__":
    main()
