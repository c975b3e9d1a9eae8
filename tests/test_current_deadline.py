"""A 更正公告 that moves a call's deadline moves it for the call (issue 16): the call's deadline in force is the
correction's, and search's deadline filter and sort, the report's pipeline and the OCDS tender period all see it.
Stored rows are built here from fields as a parser returns them, so this holds whatever parser extracts them."""

from __future__ import annotations

import json
from datetime import datetime
from io import StringIO

from store.db import open_store
from store.in_force import in_force
from store.export import export
from store.filters import NoticeFilter
from store.linking import link_pending
from store.models import Notice
from store.notices import save_notice
from store.search import search

OLD, NEW = datetime(2026, 11, 10, 9, 30), datetime(2026, 11, 17, 9, 30)
NOW = datetime(2026, 11, 12, 8, 0)  # after the old deadline, before the new one


def _store(tmp_path, correction_deadline=NEW, code="SZ2026-088", stem="某市城市大脑（一期）项目",  # noqa: ANN001
           call=None, correction=None):
    """A call (t1) and its correction (c1) of one project, stored and linked; ``call`` / ``correction`` replace
    the deadlines with other fields."""
    engine, Session = open_store(f"sqlite:///{tmp_path / 'tw.db'}")
    common = {"buyer": "某市大数据局", "project_code": code, "warnings": []}
    with Session.begin() as s:
        save_notice(s, source="ccgp", source_id="t1", url="http://www.ccgp.gov.cn/t1.htm", raw_page_id=None,
                    parse_version="test", link=False,
                    fields=common | {"title": stem + "公开招标公告", "notice_type": "招标/采购公告",
                                     "published_at": datetime(2026, 10, 27, 9)} | (call or {"deadline": OLD}))
        save_notice(s, source="ccgp", source_id="c1", url="http://www.ccgp.gov.cn/c1.htm", raw_page_id=None,
                    parse_version="test", link=False,
                    fields=common | {"title": stem + "更正公告", "notice_type": "更正公告",
                                     "published_at": datetime(2026, 11, 6, 15)}
                    | (correction or {"deadline": correction_deadline}))
        link_pending(s)
    return engine, Session


def test_the_call_takes_the_correction_s_deadline(tmp_path):
    engine, Session = _store(tmp_path)
    with Session() as s:
        call = s.query(Notice).filter_by(source_id="t1").one()
        assert call.deadline == OLD and call.current_deadline == NEW  # what it printed, and what is in force
        hits = search(s, None, NoticeFilter(deadline_within_days=7, notice_type="招标/采购公告", now=NOW))
        assert [n.source_id for n, _ in hits.items] == ["t1"]  # open until the new deadline
        early = search(s, None, NoticeFilter(deadline_within_days=7, now=datetime(2026, 11, 16, 8)), sort="deadline")
        assert {n.source_id for n, _ in early.items} == {"t1", "c1"}
        buf = StringIO()
        export(s, NoticeFilter(), "ocds-records", None, stdout=buf)
    engine.dispose()
    records = json.loads(buf.getvalue())["records"]
    assert len(records) == 1
    assert records[0]["compiledRelease"]["tender"]["tenderPeriod"]["endDate"] == "2026-11-17T09:30:00+08:00"


def test_without_a_correction_the_call_keeps_its_own_deadline(tmp_path):
    engine, Session = _store(tmp_path, correction_deadline=None)
    with Session() as s:
        call = s.query(Notice).filter_by(source_id="t1").one()
        assert call.current_deadline == OLD
        assert search(s, None, NoticeFilter(deadline_within_days=7, now=NOW)).items == []  # its deadline has passed
    engine.dispose()


def test_in_force_is_the_latest_call_or_correction_that_gives_one():
    t, c1, c2, award = (1, "招标/采购公告", datetime(2026, 10, 1), OLD), (2, "更正公告", datetime(2026, 10, 5), NEW), \
        (3, "更正公告", datetime(2026, 10, 8), None), (4, "中标/成交公告", datetime(2026, 11, 20), None)
    assert in_force([t, c1, c2, award]) == {1: NEW, 2: NEW, 3: NEW, 4: None}
    assert in_force([c1, t]) == {1: NEW, 2: NEW}  # by publication, not by arrival
    assert in_force([t]) == {1: OLD}


def test_a_correction_s_new_budget_is_the_call_s_budget_in_the_report(tmp_path):
    from decimal import Decimal

    from reports.base import budget

    engine, Session = _store(tmp_path, code="SZ2026-089", stem="某市政务云扩容项目",
                             call={"budget_cny": Decimal("3000000.00")}, correction={"budget_cny": Decimal("2600000.00")})
    with Session() as s:
        call = s.query(Notice).filter_by(source_id="t1").one()
        assert call.budget_cny == Decimal("3000000.00") and call.current_budget_cny == Decimal("2600000.00")
        assert s.query(budget()).filter(Notice.id == call.id).scalar() == Decimal("2600000.00")
    engine.dispose()
