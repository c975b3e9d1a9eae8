"""End to end over real HTTP (as tests/test_pipeline_e2e.py, on SQLite only): `tenders crawl ccgp` against the bundled
mirror; every 更正公告's new deadline (read from its 更正内容 by parsers/corrections.py) becomes the current deadline of
the call it corrects, search's deadline filter sees the call open until then, and the OCDS record's tender period
ends then."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from io import StringIO

import pytest
from sqlalchemy import select

from mirrors.ccgp.server import load_notices
from tests.conftest import crawl_mirror
from store.export import export
from store.filters import NoticeFilter
from store.models import Notice, Project
from store.search import search

NOTICES = load_notices()
SINCE = min(n["published"][:10] for n in NOTICES)
UNTIL = max(n["published"][:10] for n in NOTICES)


def _at(s: str) -> datetime:
    return datetime.strptime(s, "%Y-%m-%d %H:%M")


def _pairs() -> list[tuple[dict, dict]]:
    """(correction, the call it corrects): the call of the same project published before it."""
    out = []
    for c in (n for n in NOTICES if n["kind"] == "correction"):
        calls = [n for n in NOTICES if n["kind"] == "tender" and n["project_code"] == c["project_code"]
                 and n["published"] <= c["published"]]
        assert len(calls) == 1, c["id"]
        out.append((c, calls[0]))
    return out


PAIRS = _pairs()


@pytest.fixture(scope="module")
def store(mirror, tmp_path_factory):
    _, engine, Session = crawl_mirror(mirror, tmp_path_factory.mktemp("corrections-e2e"), SINCE, UNTIL)
    yield Session
    engine.dispose()


def test_every_correction_moves_its_call(store):
    assert len(PAIRS) == 12
    with store() as s:
        by_sid = {n.source_id: n for n in s.execute(select(Notice)).scalars()}
        for c, call in PAIRS:
            corr, tender = by_sid[str(c["id"])], by_sid[str(call["id"])]
            assert corr.deadline == _at(c["open_time"]), c["id"]  # the correction's own deadline: the new one
            assert corr.changes and corr.changes[0]["field"] == "deadline"
            assert tender.deadline == _at(call["open_time"])  # what the call printed stays
            assert tender.project_id == corr.project_id, (c["id"], call["id"])
            assert tender.current_deadline == _at(c["open_time"]), (c["id"], call["id"])


@pytest.mark.parametrize("pair", PAIRS, ids=lambda p: str(p[0]["id"]))
def test_search_sees_the_call_open_until_the_new_deadline(store, pair):
    c, call = pair
    old, new = _at(call["open_time"]), _at(c["open_time"])
    assert new > old
    with store() as s:
        after_old = search(s, None, NoticeFilter(deadline_within_days=30, notice_type="招标/采购公告",
                                                 now=old + timedelta(minutes=1)), per_page=200)
        assert str(call["id"]) in {n.source_id for n, _ in after_old.items}  # still open: the correction moved it
        after_new = search(s, None, NoticeFilter(deadline_within_days=30, notice_type="招标/采购公告",
                                                 now=new + timedelta(minutes=1)), per_page=200)
        assert str(call["id"]) not in {n.source_id for n, _ in after_new.items}


def test_ocds_record_tender_period_ends_at_the_new_deadline(store):
    with store() as s:
        ocid = {n.source_id: p.ocid for n, p in s.execute(select(Notice, Project).join(Project,
                                                                                       Notice.project_id == Project.id))}
        buf = StringIO()
        export(s, NoticeFilter(), "ocds-records", None, stdout=buf)
    records = {r["ocid"]: r for r in json.loads(buf.getvalue())["records"]}
    for c, call in PAIRS:
        record = records[ocid[str(call["id"])]]
        end = record["compiledRelease"]["tender"]["tenderPeriod"]["endDate"]
        assert end == _at(c["open_time"]).isoformat() + "+08:00", (c["id"], end)


def test_every_correction_moves_its_call_s_opening_time(store):
    with store() as s:
        by_sid = {n.source_id: n for n in s.execute(select(Notice)).scalars()}
        for c, call in PAIRS:
            corr, tender = by_sid[str(c["id"])], by_sid[str(call["id"])]
            assert corr.opening == _at(c["open_time"]), c["id"]  # 截止时间及开标时间变更为…
            assert tender.opening == _at(call["open_time"]) and tender.current_opening == _at(c["open_time"]), c["id"]
