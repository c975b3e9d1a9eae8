"""Golden fixtures: real notices (pages kept in ../shared/realdata) with hand-read expected fields.

Every fixture's fields must come out exactly, except the ones it lists under ``known_misses`` (with why), which
must still be missed: when a parser change fixes one, this test asks for the fixture to be updated. The
aggregate exact-match targets of the parser issue are checked over all real notices."""

import json

import pytest

from parsers import parse_notice
from evals.parse import CORPUS, TARGETS, default_shared, load_page, normalise, predicted, real_cases, score

SHARED = default_shared()
ALL_FIXTURES = sorted(CORPUS.glob("*/expected.json"))


def _split(path) -> str:  # noqa: ANN001
    return json.loads(path.read_text(encoding="utf-8")).get("split", "dev")


# Held-out labels are scored only by `tenders eval parse --heldout`, at the start and the end of a piece of work
# (each scoring counted): never by the test suite, which runs on every change.
FIXTURES = [p for p in ALL_FIXTURES if _split(p) != "heldout"]
HELDOUT = {p.parent.name for p in ALL_FIXTURES if _split(p) == "heldout"}


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.parent.name)
def test_fixture(path):
    spec = json.loads(path.read_text(encoding="utf-8"))
    body = load_page(path.parent, spec["page"], SHARED)
    if body is None:
        pytest.skip(f"page {spec['page']} not present under {SHARED}")
    out = parse_notice(spec.get("url"), body)
    known = spec.get("known_misses", {})
    for name, value in spec["fields"].items():
        got, want = normalise(name, predicted(out, name)), normalise(name, value)
        if name in known:
            assert got != want, f"{name} is now right: remove it from known_misses ({known[name]})"
        else:
            assert got == want, f"{name}: expected {want!r}, got {got!r}"
    assert isinstance(out["warnings"], list)


def test_every_fixture_says_where_its_page_came_from():
    for path in ALL_FIXTURES:
        spec = json.loads(path.read_text(encoding="utf-8"))
        assert spec["page"].startswith("realdata:") or (path.parent / spec["page"]).exists()
        assert spec.get("about"), path


def test_targets_on_real_notices():
    cases, missing = real_cases(CORPUS, SHARED)
    cases = [c for c in cases if c[0] not in HELDOUT]
    if not cases:
        pytest.skip(f"real notices not present under {SHARED}")
    scores = score(cases)
    below = {f: scores[f].exact_match for f, target in TARGETS.items()
             if scores[f].labelled and scores[f].exact_match < target}
    assert below == {}, f"exact match below target: {below}"
