"""How the crawlers behave against the mirror's misbehaviour, over real HTTP, each run in its own store."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from sqlalchemy import func, select

from store.db import open_store
from store.models import CrawlRun, Notice, RawPage
from mirrors.ccgp.server import CcgpSite, load_notices, notice_path, serve
from mirrors.http import Faults, Reply, SiteServer

NOTICES = load_notices()
SINCE = min(n["published"][:10] for n in NOTICES)
UNTIL = max(n["published"][:10] for n in NOTICES)
ALL_IDS = sorted(str(n["id"]) for n in NOTICES)


def crawl(env: dict, spider: str, base_url: str, *extra: str, since: str = SINCE, until: str = UNTIL):
    return subprocess.run([sys.executable, "-m", "tenderwatch.cli", "crawl", spider, "--base-url", base_url,
                           "--since", since, "--until", until, *extra],
                          env=env, capture_output=True, text=True, timeout=300)


@pytest.fixture
def env(tmp_path):
    return os.environ | {"TENDERWATCH_DB": f"sqlite:///{tmp_path / 'tw.db'}",
                         "TENDERWATCH_ARCHIVE": str(tmp_path / "archive")}


def stored_ids(env) -> list[str]:
    engine, Session = open_store(env["TENDERWATCH_DB"])
    with Session() as s:
        ids = sorted(s.execute(select(Notice.source_id)).scalars())
        assert s.execute(select(func.count()).select_from(RawPage)).scalar_one() == len(ids)
    engine.dispose()
    return ids


def last_run(env) -> CrawlRun:
    engine, Session = open_store(env["TENDERWATCH_DB"])
    with Session() as s:
        run = s.execute(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1)).scalar_one()
    engine.dispose()
    return run


def test_column_lists_find_every_notice_and_share_the_source(env, mirror):
    r = crawl(env, "ccgp_columns", mirror.base_url)
    assert r.returncode == 0, r.stderr
    assert stored_ids(env) == ALL_IDS
    run = last_run(env)
    assert (run.spider, run.source, run.status, run.new_items) == ("ccgp_columns", "ccgp", "finished", len(NOTICES))
    again = crawl(env, "ccgp", mirror.base_url)  # the search spider finds the same notices: nothing new
    assert again.returncode == 0 and "0 new pages archived" in again.stdout
    assert stored_ids(env) == ALL_IDS


def test_column_walk_stops_at_since(env):
    one_channel = [dict(n, scope="dfgg", channel="gkzb") for n in NOTICES]  # 112 notices: 6 pages of one channel
    since = "2026-11-23"
    with serve(site=CcgpSite(one_channel)) as server:
        r = crawl(env, "ccgp_columns", server.base_url, "--no-process", "-a", "columns=/cggg/dfgg/gkzb/", since=since)
        pages = [h for h in server.hits if "/index" in h]
    assert r.returncode == 0, r.stderr
    engine, Session = open_store(env["TENDERWATCH_DB"])
    with Session() as s:
        got = sorted(s.execute(select(RawPage.source_id)).scalars())
    engine.dispose()
    expected = [n for n in NOTICES if n["published"][:10] >= since]
    assert got == sorted(str(n["id"]) for n in expected)
    needed = -(-len(expected) // 20) + 1  # the pages holding them, plus the one that shows older rows
    assert len(pages) <= needed < 6  # pages older than since were not walked


def test_throttle_pages_429_5xx_and_slow_answers_lose_nothing(env):
    faults = Faults(kinds={"throttle": 4, "429": 5, "500": 7, "503": 11, "slow": 13}, slow_seconds=0.5)
    with serve(faults=faults) as server:
        r = crawl(env, "ccgp", server.base_url)
    assert r.returncode == 0, r.stdout + r.stderr
    assert all(faults.served[k] > 0 for k in ("throttle", "429", "500", "503", "slow")), faults.served
    assert stored_ids(env) == ALL_IDS
    run = last_run(env)
    assert run.status == "finished"
    assert run.throttles >= faults.served["throttle"] + faults.served["429"]


def test_persistent_throttle_is_a_failure_not_zero_notices(env):
    site = CcgpSite()
    site.handle = lambda req: Reply(200, Faults().throttle_page)  # every page says 访问过于频繁
    with SiteServer(site) as server:
        r = crawl(env, "ccgp", server.base_url)
    assert r.returncode == 1
    run = last_run(env)
    assert run.status == "failed" and run.new_items == 0 and run.throttles > 1
    assert "throttled" in r.stdout


def test_captcha_stops_the_source(env):
    faults = Faults(kinds={"captcha": 2})
    with serve(faults=faults) as server:
        r = crawl(env, "ccgp", server.base_url)
        requests = len(server.hits)
    assert r.returncode == 1
    run = last_run(env)
    assert run.status == "captcha"
    assert "captcha" in r.stdout
    assert requests < len(NOTICES)  # stopped early instead of hammering on


def test_redirects_to_private_addresses_are_refused(env):
    inner_hits: list[str] = []

    class Internal:  # stands for an internal service or a cloud metadata endpoint
        def handle(self, req):
            inner_hits.append(req.path)
            return Reply(200, "secret")

    victims = [n for n in NOTICES if n["id"] % 10 != 3][:5]
    with SiteServer(Internal()) as inner, serve() as server:
        port = inner.httpd.server_address[1]
        targets = ["http://169.254.169.254/latest/meta-data/", f"http://[::ffff:127.0.0.1]:{port}/mapped",
                   f"http://127.0.0.1:{port}/loopback", f"http://localhost:{port}/name",
                   f"http://10.1.2.3:{port}/private"]
        for n, target in zip(victims, targets):
            server.site.redirect_to[notice_path(n)] = target
        r = crawl(env, "ccgp", server.base_url)
    assert r.returncode == 1, r.stderr  # the search listed them, they were not archived: the run says so
    assert inner_hits == []
    assert stored_ids(env) == sorted(set(ALL_IDS) - {str(n["id"]) for n in victims})
    run = last_run(env)
    assert run.refused == len(victims) and run.status == "incomplete"
    assert (run.expected, run.archived) == (len(ALL_IDS), len(ALL_IDS) - len(victims))


def test_oversized_and_bomb_pages_are_dropped_near_the_cap(env):
    victim = NOTICES[5]
    # the crawl runs under a fresh wrapper process, whose RUSAGE_CHILDREN is the crawl's own peak (pytest's is the
    # largest of every child any earlier test started)
    wrapper = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
               "print('peak_kb', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); "
               "sys.exit(r.returncode)")
    with serve() as server:
        server.site.bombs.add(notice_path(victim))
        r = subprocess.run([sys.executable, "-c", wrapper, sys.executable, "-m", "tenderwatch.cli", "crawl", "ccgp",
                            "--base-url", server.base_url, "--since", SINCE, "--until", UNTIL],
                           env=env, capture_output=True, text=True, timeout=300)
    assert r.returncode in (0, 1), r.stderr
    peak_kb = int(r.stderr.rsplit("peak_kb", 1)[1].split()[0])
    assert str(victim["id"]) not in stored_ids(env)
    assert len(stored_ids(env)) == len(NOTICES) - 1
    # 256 MB of zeros were never inflated in memory (the cap is 10 MB)
    assert peak_kb < 250 * 1024, f"peak RSS {peak_kb} KB"
