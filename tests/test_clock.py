"""Beijing time whatever the machine's zone: the store's clock, the OCDS package date, the Atom feed and the
deadline filters, checked with the process's zone set to UTC and to a zone behind UTC."""

from __future__ import annotations

import json
import os
import time
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from io import StringIO

import pytest
from sqlalchemy import select

from common.clock import beijing_now, beijing_today, iso
from store.db import open_store
from store.export import export
from store.filters import NoticeFilter, select_notices
from store.models import Notice
from store.notices import save_notice

BEIJING = timezone(timedelta(hours=8))  # no DST in China since 1991: a fixed offset is the truth to compare with


@pytest.fixture(params=["UTC", "America/Los_Angeles"])
def machine_zone(request):
    """The process runs as if the machine's clock were set to this zone."""
    saved = os.environ.get("TZ")
    os.environ["TZ"] = request.param
    time.tzset()
    yield request.param
    if saved is None:
        os.environ.pop("TZ", None)
    else:
        os.environ["TZ"] = saved
    time.tzset()


def beijing_wall() -> datetime:
    """Beijing wall time computed independently of common.clock: UTC + 8 hours."""
    return datetime.now(timezone.utc).astimezone(BEIJING).replace(tzinfo=None)


def test_the_machine_zone_really_differs(machine_zone):
    # the premise of every test below: a naive local clock would be hours off
    assert abs(datetime.now() - beijing_wall()) > timedelta(hours=7)


def test_beijing_now_and_today(machine_zone):
    assert abs(beijing_now() - beijing_wall()) < timedelta(seconds=5)
    assert beijing_today() in {beijing_wall().date(), (beijing_wall() - timedelta(seconds=5)).date()}
    assert iso(datetime(2026, 11, 17, 9, 30)) == "2026-11-17T09:30:00+08:00"
    assert iso(datetime(2026, 11, 17, 1, 30, tzinfo=timezone.utc)) == "2026-11-17T09:30:00+08:00"


def _store(tmp_path, deadlines: dict[str, datetime]):  # noqa: ANN202
    engine, Session = open_store(f"sqlite:///{tmp_path / 'clock.db'}")
    with Session.begin() as s:
        for i, (title, deadline) in enumerate(deadlines.items(), 1):
            save_notice(s, source="ccgp", source_id=f"c{i}", url=f"http://www.ccgp.gov.cn/c{i}.htm", raw_page_id=None,
                        parse_version="test",
                        fields={"title": title, "notice_type": "招标/采购公告", "published_at": beijing_wall(),
                                "deadline": deadline, "budget_cny": Decimal("1000000.00"), "warnings": []})
    return engine, Session


def test_deadline_within_counts_from_beijing_now(machine_zone, tmp_path):
    now = beijing_wall()
    deadlines = {"两小时前已截止": now - timedelta(hours=2), "两小时后截止": now + timedelta(hours=2),
                 "二十三小时后截止": now + timedelta(hours=23), "二十五小时后截止": now + timedelta(hours=25)}
    engine, Session = _store(tmp_path, deadlines)
    with Session() as s:
        got = set(s.execute(select_notices(NoticeFilter(deadline_within_days=1), Notice.title)).scalars())
    engine.dispose()
    assert got == {"两小时后截止", "二十三小时后截止"}


def test_web_deadline_filter_counts_from_beijing_now(machine_zone, tmp_path):
    from fastapi.testclient import TestClient

    from web.app import create_app

    now = beijing_wall()
    engine, _ = _store(tmp_path, {"已截止的智慧城市项目": now - timedelta(hours=3),
                                  "即将截止的智慧城市项目": now + timedelta(hours=20)})
    engine.dispose()
    client = TestClient(create_app(f"sqlite:///{tmp_path / 'clock.db'}", reports=tmp_path, archive=tmp_path))
    r = client.get("/api/search", params={"deadline_days": "1"})
    assert r.status_code == 200, r.text
    titles = {x["title"] for x in r.json()["items"]}
    assert titles == {"即将截止的智慧城市项目"}


def test_ocds_published_date_is_now_in_beijing(machine_zone, tmp_path):
    engine, Session = _store(tmp_path, {"某市城市大脑项目": beijing_wall() + timedelta(days=3)})
    buf = StringIO()
    with Session() as s:
        assert export(s, NoticeFilter(), "ocds", None, stdout=buf) == 1
    engine.dispose()
    package = json.loads(buf.getvalue())
    published = datetime.fromisoformat(package["publishedDate"])
    assert published.utcoffset() == timedelta(hours=8)
    assert abs(published - datetime.now(timezone.utc)) < timedelta(minutes=1)


def test_atom_updated_is_now_in_beijing(machine_zone, tmp_path):
    from xml.etree import ElementTree

    from schedules.alerts import atom, create

    engine, Session = open_store(f"sqlite:///{tmp_path / 'feed.db'}")
    with Session.begin() as s:
        ss = create(s, "城市大脑", query="城市大脑")
        feed = atom(s, ss, "http://127.0.0.1:8000")
    engine.dispose()
    updated = ElementTree.fromstring(feed).find("{http://www.w3.org/2005/Atom}updated").text
    t = datetime.fromisoformat(updated)
    assert t.utcoffset() == timedelta(hours=8)
    assert abs(t - datetime.now(timezone.utc)) < timedelta(minutes=1)


def test_atom_entry_ids_survive_a_rebuild(tmp_path):
    """Feed readers keep entry ids: they come from the source's id, not from a row id that a rebuild changes."""
    from xml.etree import ElementTree

    from schedules.alerts import atom, create

    feeds = []
    for name, order in (("a", ["x1", "x2"]), ("b", ["x2", "x1"])):
        engine, Session = open_store(f"sqlite:///{tmp_path / name}.db")
        with Session.begin() as s:
            ss = create(s, "城市大脑", query="城市大脑")
            ss.after_notice_id = 0
            for sid in order:
                save_notice(s, source="ccgp", source_id=sid, url=f"http://www.ccgp.gov.cn/{sid}.htm", raw_page_id=None,
                            parse_version="test", fields={"title": f"某市城市大脑项目{sid}", "notice_type": "招标/采购公告",
                                                          "published_at": datetime(2026, 11, 2, 9), "warnings": []})
            feed = ElementTree.fromstring(atom(s, ss, "http://127.0.0.1:8000"))
        engine.dispose()
        ns = "{http://www.w3.org/2005/Atom}"
        feeds.append({e.find(ns + "title").text: e.find(ns + "id").text for e in feed.iter(ns + "entry")})
    assert feeds[0] == feeds[1] and len(feeds[0]) == 2
    assert feeds[0]["某市城市大脑项目x1"] == "tag:tenderwatch,2026:notice:ccgp:x1"


@pytest.mark.parametrize("zone", ["UTC", "America/Los_Angeles"])
def test_cli_deadline_within_on_a_machine_in_another_zone(zone, tmp_path):
    import subprocess
    import sys

    now = beijing_wall()
    engine, _ = _store(tmp_path, {"一小时前已截止": now - timedelta(hours=1), "二十小时后截止": now + timedelta(hours=20)})
    engine.dispose()
    env = {**os.environ, "TZ": zone, "TENDERWATCH_DB": f"sqlite:///{tmp_path / 'clock.db'}"}
    out = subprocess.run([sys.executable, "-m", "tenderwatch.cli", "export", "--format", "jsonl", "--out", "-",
                          "--deadline-within", "1"], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120)
    assert out.returncode == 0, out.stderr
    assert [json.loads(line)["title"] for line in out.stdout.splitlines()] == ["二十小时后截止"]
