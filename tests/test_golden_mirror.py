"""Golden mirror pages kept in the repository: one test item per (page, field), so a fresh clone without
../shared runs real parser regression tests.

The pages (tests/fixtures/golden/) were saved from the local mirrors and expected.json holds the fields the parser
gave them when they were made, checked by eye against the pages: regression fixtures, not truth. A failing item
names the page and the field whose output changed; if the change is right, remake the file with
``tests/fixtures/golden/make_golden.py`` and review its diff."""

import json
from pathlib import Path

import pytest

from parsers import parse_notice
from tests.fixtures.golden.make_golden import SKIP, as_json

GOLDEN = Path(__file__).parent / "fixtures" / "golden"
SPEC = json.loads((GOLDEN / "expected.json").read_text(encoding="utf-8"))
ITEMS = [(page, name) for page, p in SPEC["pages"].items() for name in p["fields"]]
_parsed: dict[str, dict] = {}


def parsed(page: str) -> dict:
    if page not in _parsed:
        p = SPEC["pages"][page]
        _parsed[page] = parse_notice(p["url"], (GOLDEN / p["file"]).read_bytes())
    return _parsed[page]


def test_the_fixtures_say_they_are_regression_fixtures():
    assert "not truth" in SPEC["note"]
    assert len(SPEC["pages"]) >= 6 and all((GOLDEN / p["file"]).is_file() for p in SPEC["pages"].values())


@pytest.mark.parametrize("page, name", ITEMS, ids=[f"{p}-{n}" for p, n in ITEMS])
def test_golden_field(page, name):
    assert name not in SKIP
    out = parsed(page)
    assert name in out, f"the parser no longer gives {name}"
    assert as_json(out[name]) == SPEC["pages"][page]["fields"][name]
