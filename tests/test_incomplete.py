"""A run that archived fewer notices than the site's own counts say exist is ``incomplete`` (issue 15, item 2):
expected = the sum of the counts of the lists and slices that gave one, archived = the distinct listed ids in the
archive after the run; a slice still saturated at the cap makes the run incomplete too."""

from __future__ import annotations

from datetime import datetime
from types import SimpleNamespace

from crawlers.runner import coverage
from store.db import open_store
from store.models import RawPage


def _store(tmp_path, ids):  # noqa: ANN001
    engine, Session = open_store(f"sqlite:///{tmp_path / 'tw.db'}")
    with Session.begin() as s:
        for sid in ids:
            s.add(RawPage(source="ggzy", source_id=sid, url=f"http://x/{sid}", content_hash="0" * 64,
                          archive_key=f"ggzy/{sid}", size=1, http_status=200, fetched_at=datetime(2026, 11, 3)))
        s.add(RawPage(source="ccgp", source_id="b1", url="http://x/b1", content_hash="0" * 64, archive_key="c/b1",
                      size=1, http_status=200, fetched_at=datetime(2026, 11, 3)))
    return engine, Session


def _spider(coverage_, saturated=None):  # noqa: ANN001, ANN202
    return SimpleNamespace(coverage=coverage_, saturated_slices=saturated or {})


def test_every_listed_notice_archived_is_complete(tmp_path):
    engine, Session = _store(tmp_path, ["a1", "a2", "a3"])
    with Session() as s:
        c = coverage(s, "ggzy", _spider({"2026-11-03 440000": {"expected": 3, "ids": {"a1", "a2", "a3"}}}))
    engine.dispose()
    assert (c.expected, c.archived, c.short) == (3, 3, False)


def test_fewer_archived_than_the_site_counts_is_short_and_names_the_list(tmp_path):
    engine, Session = _store(tmp_path, ["a1", "a2"])
    spider = _spider({"2026-11-03 440000": {"expected": 3, "ids": {"a1", "a2", "b1"}},  # b1 is ccgp's, not ggzy's
                      "2026-11-03 450000": {"expected": 1, "ids": set()},  # listed nothing although it said 1
                      "2026-11-04": {"expected": 0, "ids": {"a9"}}})  # no count given: not counted
    with Session() as s:
        c = coverage(s, "ggzy", spider)
    engine.dispose()
    assert (c.expected, c.archived, c.short) == (4, 2, True)
    assert "2 of 4" in c.text and "2026-11-03 440000: 2 of 3" in c.text and "450000: 0 of 1" in c.text
    assert "2026-11-04" not in c.text


def test_a_saturated_slice_is_short_even_when_all_listed_are_archived(tmp_path):
    engine, Session = _store(tmp_path, ["a1"])
    with Session() as s:
        c = coverage(s, "ggzy", _spider({"d": {"expected": 1, "ids": {"a1"}}}, {"2026-11-03 440000 0202 4401": 1000}))
        none = coverage(s, "ggzy", _spider({}))
    engine.dispose()
    assert c.short and "reports 1000" in c.text
    assert (none.expected, none.archived, none.short) == (None, None, False)


def test_the_status_names_incomplete():
    from reports.sections.coverage import STATUS_NAMES
    from schedules.ledger import FINAL_OUTCOMES

    assert STATUS_NAMES["incomplete"] == "不完整" and "incomplete" in FINAL_OUTCOMES
