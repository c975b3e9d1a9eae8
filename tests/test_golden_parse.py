"""Golden fixtures: real notices (pages kept in ../shared/realdata) with hand-read expected fields.

Every fixture's fields must come out exactly, except the ones it lists under ``known_misses`` (with why), which
must still be missed: when a parser change fixes one, this test asks for the fixture to be updated. The
aggregate exact-match targets of the parser issue are checked over all real notices."""

import json

import pytest

from parsers import parse_notice
from evals.parse import (CORPUS, TARGETS, Pages, default_shared, expected_fields, fixtures, normalise, predicted,
                         real_cases, score)

SHARED = default_shared()
ALL = sorted(CORPUS.glob("*/expected.json"))
# development fixtures only: a held-out item is scored by `tenders eval parse --heldout` (counted), never by a test
DEV = [f.folder / "expected.json" for f in fixtures(CORPUS, SHARED) if not f.heldout]
PAGES = Pages(SHARED)


@pytest.mark.parametrize("path", DEV, ids=lambda p: p.parent.name)
def test_fixture(path):
    spec = json.loads(path.read_text(encoding="utf-8"))
    got = PAGES.get(path.parent, spec["page"], spec.get("url"))
    if got is None:
        pytest.skip(f"page {spec['page']} not present under {SHARED}")
    out = parse_notice(*got)
    known = spec.get("known_misses", {})
    for name, value in expected_fields(spec["fields"]).items():
        got, want = normalise(name, predicted(out, name, value)), normalise(name, value)
        if name in known:
            assert got != want, f"{name} is now right: remove it from known_misses ({known[name]})"
        else:
            assert got == want, f"{name}: expected {want!r}, got {got!r}"
    assert isinstance(out["warnings"], list)


def test_every_fixture_says_where_its_page_came_from():
    for path in ALL:
        spec = json.loads(path.read_text(encoding="utf-8"))
        assert spec["page"].startswith("realdata:") or (path.parent / spec["page"]).exists()
        assert spec.get("about"), path


def test_targets_on_real_notices():
    cases, missing = real_cases(CORPUS, SHARED)  # development only
    if not cases:
        pytest.skip(f"real notices not present under {SHARED}")
    scores = score(cases)
    below = {f: scores[f].exact_match for f, target in TARGETS.items()
             if scores[f].labelled and scores[f].exact_match < target}
    assert below == {}, f"exact match below target: {below}"
