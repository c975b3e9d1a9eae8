"""Golden fixtures: real notices (pages kept in ../shared/realdata) with hand-read expected fields.

One test item per (development notice, field): it must come out exactly, except where
``evals/fixtures/parse/known_misses.json`` (or the fixture's own ``known_misses``) pins a miss, which must still be
missed — a fix asks for the pin to go (``python -m evals.known_misses --write``), a regression fails. Aggregate
figures and their targets are what ``tenders eval parse`` prints (development and, on purpose, held-out); a test
does not gate them. Held-out labels are never read by a test."""

import json
from functools import lru_cache

import pytest

from evals.corpus import CORPUS, default_shared, fixtures
from evals.parse import expected_fields, normalise, predicted, real_cases

from evals.known_misses import load as load_known

SHARED = default_shared()
KNOWN = load_known()
ALL = sorted(CORPUS.glob("*/expected.json"))


def _pairs() -> list[tuple[str, str]]:
    out = []
    for f in fixtures(CORPUS, SHARED):
        if not f.heldout:
            out += [(f.name, name) for name in expected_fields(f.spec["fields"])]
    return out


@lru_cache(maxsize=1)
def _cases() -> dict:
    cases, _missing = real_cases(CORPUS, SHARED)  # development only, each page parsed once
    return {c.name: c for c in cases}


@pytest.mark.parametrize("fixture,field", _pairs(), ids=lambda v: v)
def test_field(fixture, field):
    """One item per (notice, field): exact, or still missed where evals/fixtures/parse/known_misses.json pins it."""
    case = _cases().get(fixture)
    if case is None:
        pytest.skip(f"the page of {fixture} is not present under {SHARED}")
    value = expected_fields(case.expected)[field]
    got, want = normalise(field, predicted(case.out, field, value)), normalise(field, value)
    spec = json.loads((CORPUS / fixture / "expected.json").read_text(encoding="utf-8"))
    pinned = KNOWN.get(fixture, {}).get(field) or spec.get("known_misses", {}).get(field)
    if pinned:
        assert got != want, (f"{fixture} {field} is now right: unpin it (python -m evals.known_misses --write); "
                             f"it was: {pinned}")
    else:
        assert got == want, f"{fixture} {field}: expected {want!r}, got {got!r}"
    assert isinstance(case.out["warnings"], list)


def test_every_fixture_says_where_its_page_came_from():
    for path in ALL:
        spec = json.loads(path.read_text(encoding="utf-8"))
        assert spec["page"].startswith("realdata:") or (path.parent / spec["page"]).exists()
        assert spec.get("about"), path
