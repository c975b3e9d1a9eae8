"""ggzy: the getTradList JSON API, sliced by day and province under the result cap; codes 800 and 829;
its copies of ccgp notices are linked as duplicates, not counted twice."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from store.db import open_store
from store.models import CrawlRun, Notice, RawPage
from mirrors.ccgp.server import load_notices as load_ccgp
from mirrors.ggzy.server import BUSY_DAY, GgzySite, serve

SINCE, UNTIL = "2026-10-15", "2026-11-29"


def crawl(env, spider, base_url, *extra):
    return subprocess.run([sys.executable, "-m", "tenderwatch.cli", "crawl", spider, "--base-url", base_url,
                           "--since", SINCE, "--until", UNTIL, *extra], env=env, capture_output=True, text=True,
                          timeout=300)


@pytest.fixture
def env(tmp_path):
    return os.environ | {"TENDERWATCH_DB": f"sqlite:///{tmp_path / 'tw.db'}",
                         "TENDERWATCH_ARCHIVE": str(tmp_path / "archive")}


def _query(env, stmt):
    engine, Session = open_store(env["TENDERWATCH_DB"])
    with Session() as s:
        out = s.execute(stmt).all()
    engine.dispose()
    return out


def test_slices_by_province_when_a_day_reaches_the_cap(env):
    site = GgzySite(cap=30)
    busy = [n for n in site.notices if n["publishTime"] == BUSY_DAY]
    assert len(busy) > site.cap  # only slicing can reach them all
    with serve(site) as server:
        r = crawl(env, "ggzy", server.base_url, "-a", "result_cap=30")
    assert r.returncode == 0, r.stdout + r.stderr
    ids = sorted(x for (x,) in _query(env, select(RawPage.source_id)))
    assert ids == sorted(n["id"] for n in site.notices)
    sliced = [q for q in site.queries if q.get("DEAL_PROVINCE", "0") != "0"]
    assert sliced and all(q["TIMEBEGIN"] == q["TIMEEND"] == BUSY_DAY for q in sliced)
    # every answered query stayed under the cap, or was split before its rows were used
    whole_busy_day = [q for q in site.queries if q["TIMEBEGIN"] == BUSY_DAY and q.get("DEAL_PROVINCE") == "0"]
    assert [q["PAGENUMBER"] for q in whole_busy_day] == ["1"]


def test_without_slicing_room_the_cap_would_lose_notices(env):
    """Control: the same mirror, a spider that believes the cap is larger: it cannot see what lies past it."""
    site = GgzySite(cap=30)
    with serve(site) as server:
        r = crawl(env, "ggzy", server.base_url, "-a", "result_cap=1000")
    assert r.returncode == 0
    assert len(_query(env, select(RawPage.id))) < len(site.notices)


def test_code_800_backs_off_and_loses_nothing(env):
    site = GgzySite()
    site.code_on_call = {1: 800, 5: 800}
    with serve(site) as server:
        r = crawl(env, "ggzy", server.base_url)
    assert r.returncode == 0, r.stdout + r.stderr
    assert len(_query(env, select(RawPage.id))) == len(site.notices)
    (run,) = _query(env, select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1))[0]
    assert run.status == "finished" and run.throttles == 2


def test_code_829_stops_the_source(env):
    site = GgzySite()
    site.code_on_call = {3: 829}
    with serve(site) as server:
        r = crawl(env, "ggzy", server.base_url)
    assert r.returncode == 1 and "captcha" in r.stdout
    (run,) = _query(env, select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1))[0]
    assert run.status == "captcha"
    days = 46  # 2026-10-15 .. 2026-11-29, one query each at least
    assert len(site.queries) < days // 2  # stopped: only what was already in flight (8 at once on a mirror)


def test_same_notice_on_two_sources_is_stored_once_as_a_tender(env, mirror):
    site = GgzySite()
    shared = {n["ccgp_id"]: n["id"] for n in site.notices if "ccgp_id" in n}
    assert shared
    with serve(site) as server:
        assert crawl(env, "ggzy", server.base_url).returncode == 0
    assert crawl(env, "ccgp", mirror.base_url).returncode == 0
    rows = _query(env, select(Notice.source, Notice.source_id, Notice.id, Notice.duplicate_of))
    by_key = {(src, sid): (nid, dup) for src, sid, nid, dup in rows}
    for ccgp_id, ggzy_id in shared.items():
        g_nid, g_dup = by_key[("ggzy", ggzy_id)]
        c_nid, c_dup = by_key[("ccgp", ccgp_id)]
        assert g_dup is None and c_dup == g_nid  # ggzy was stored first: the ccgp copy points at it
    dups = [r for r in rows if r[3] is not None]
    assert len(dups) == len(shared)
    canonical = _query(env, select(func.count()).select_from(Notice).where(Notice.duplicate_of.is_(None)))[0][0]
    assert canonical == len(load_ccgp()) + len(site.notices) - len(shared)
