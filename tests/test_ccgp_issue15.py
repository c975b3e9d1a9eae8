"""ccgp against a mirror that behaves like the real site (SOURCES.md §7.2, issue 15): every notice the mirror
publishes in the window is stored in real mode (bxsearch and the channel lists, yqzbgg included), a blocked
mirror gives a blocked run with nothing archived, and the old request shapes fail: all result pages at once is
throttled, a declared crawler's User-Agent on a channel list gets the firewall's 403, and a channel list cut at its
last reachable page is not passed over silently."""

from __future__ import annotations

import threading
import urllib.error
import urllib.request

import pytest
from scrapy.http import HtmlResponse, Request

from crawlers.base_spiders.column_list import ColumnListSpider
from crawlers.settings import USER_AGENT
from crawlers.spiders.ccgp_columns import BROWSER_UA, CcgpColumnsSpider
from mirrors.ccgp.server import CcgpSite, serve
from tests.test_crawl_behaviour import ALL_IDS, NOTICES, SINCE, UNTIL, crawl, last_run, stored_ids
from tests.test_loud_failure import archived


def _query(page: int) -> str:
    return (f"/bxsearch?searchtype=1&page_index={page}&bidSort=0&pinMu=0&bidType=0&dbselect=bidx&kw="
            f"&start_time={SINCE.replace('-', ':')}&end_time={UNTIL.replace('-', ':')}&timeType=6")


def _fetch(url: str, ua: str | None = None) -> tuple[int, str]:
    req = urllib.request.Request(url, headers={"User-Agent": ua} if ua else {})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


@pytest.mark.parametrize("spider", ["ccgp", "ccgp_columns"])
def test_real_mode_every_notice_in_the_window_is_stored(env, spider):
    with serve(mode="real") as server:
        r = crawl(env, spider, server.base_url)
        spoiled = len(server.faults.spoiled)
        bursts = list(server.site.burst_throttled)
    assert r.returncode == 0, r.stdout + r.stderr
    assert spoiled > 0  # the mirror did misbehave on first attempts
    assert bursts == []  # result pages one after another: never throttled for coming too soon
    assert stored_ids(env) == ALL_IDS
    assert {str(n["id"]) for n in NOTICES if n["channel"] == "yqzbgg"} <= set(stored_ids(env))
    assert any(n["channel"] == "yqzbgg" for n in NOTICES)
    run = last_run(env)
    assert (run.status, run.expected, run.archived) == ("finished", len(ALL_IDS), len(ALL_IDS))


@pytest.mark.parametrize("spider", ["ccgp", "ccgp_columns"])
def test_blocked_mode_is_a_blocked_run_with_nothing_archived(env, spider):
    with serve(mode="blocked") as server:
        r = crawl(env, spider, server.base_url)
    assert r.returncode != 0, r.stdout + r.stderr
    assert archived(env) == 0
    assert last_run(env).status == "blocked"


def test_clean_mode_serves_everything_without_faults(env):
    with serve(mode="clean") as server:
        r = crawl(env, "ccgp", server.base_url)
        assert server.faults is None
    assert r.returncode == 0, r.stdout + r.stderr
    assert stored_ids(env) == ALL_IDS and last_run(env).throttles == 0


def test_the_old_shape_all_result_pages_at_once_is_throttled():
    """The spider before issue 15 asked for pages 2..N as soon as page 1 was read, in parallel."""
    with serve(mode="real") as server:
        pages = -(-len(NOTICES) // 20)
        _fetch(server.base_url + _query(1))  # page 1 alone (its first attempt may be spoiled: not counted)
        results: dict[int, str] = {}
        threads = [threading.Thread(target=lambda p=p: results.__setitem__(p, _fetch(server.base_url + _query(p))[1]))
                   for p in range(2, pages + 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        bursts = len(server.site.burst_throttled)
    throttled = [p for p, body in results.items() if "频繁访问!中国政府采购网" in body]
    assert len(throttled) >= pages - 2, results.keys()  # at most one of the burst got through
    assert bursts >= len(throttled)
    assert all(1000 < len(results[p].encode()) < 2000 for p in throttled)  # the ~1.4 kB page, HTTP 200


def test_channel_lists_refuse_a_declared_crawler():
    with serve(mode="clean") as server:  # the firewall is the request shape: on in every mode
        url = server.base_url + "/cggg/dfgg/gkzb/index.htm"
        assert _fetch(url, USER_AGENT)[0] == 403  # the project's honest User-Agent (the old spider sent it)
        assert _fetch(url, "python-requests/2.32")[0] == 403
        assert _fetch(url)[0] == 403  # urllib's own
        status, html = _fetch(url, BROWSER_UA)
        assert status == 200 and "c_list_bid" in html
        assert _fetch(server.base_url + _query(1), USER_AGENT)[0] == 200  # bxsearch does not mind
    assert CcgpColumnsSpider.custom_settings["USER_AGENT"] == BROWSER_UA


def _one_channel(pages: int) -> CcgpSite:
    return CcgpSite([dict(n, scope="dfgg", channel="gkzb") for n in NOTICES], channel_pages=pages)


def test_a_capped_channel_warns_and_falls_back_to_bxsearch(env):
    """112 notices in one channel, the list capped at 3 pages (60 rows): the rest must come from bxsearch."""
    with serve(site=_one_channel(3)) as server:
        r = crawl(env, "ccgp_columns", server.base_url, "--no-process", "-a", "columns=/cggg/dfgg/gkzb/",
                  "-a", "capped_pages=3")
        searches = [h for h in server.hits if "/bxsearch?" in h]
        beyond = [h for h in server.hits if "index_3.htm" in h]
    assert r.returncode == 0, r.stdout + r.stderr
    assert "/cggg/dfgg/gkzb/: the list ends at page 3" in r.stderr and f"{SINCE}.." in r.stderr
    assert searches and all("bidSort=2" in h and "bidType=1" in h for h in searches)
    assert beyond == []  # nothing asked beyond the pager
    assert sorted(str(n["id"]) for n in NOTICES) == sorted(_raw_ids(env))
    run = last_run(env)
    assert run.status == "finished" and run.expected >= len(NOTICES)


def _raw_ids(env) -> list[str]:
    from sqlalchemy import select

    from store.db import open_store
    from store.models import RawPage

    engine, Session = open_store(env["TENDERWATCH_DB"])
    with Session() as s:
        ids = list(s.execute(select(RawPage.source_id)).scalars())
    engine.dispose()
    return ids


class _Stats:
    def __init__(self):
        self.values: dict = {}

    def inc_value(self, key, n=1):  # noqa: ANN001
        self.values[key] = self.values.get(key, 0) + n


def test_a_capped_list_without_a_fallback_is_saturated_not_silent():
    """Stopping at the last reachable page silently was the old behaviour; the base class now says so."""

    class NoFallback(CcgpColumnsSpider):
        beyond_list = ColumnListSpider.beyond_list

    site = _one_channel(3)
    spider = NoFallback(base_url="http://127.0.0.1:1", since=SINCE, until=UNTIL, columns="/cggg/dfgg/gkzb/",
                        capped_pages=3)
    spider.crawler = type("C", (), {"stats": _Stats()})()
    from mirrors.http import Request as MirrorRequest

    body = site.handle(MirrorRequest("GET", "/cggg/dfgg/gkzb/index_2.htm", {}, b"", {"User-Agent": BROWSER_UA},
                                     "http://127.0.0.1:1")).bytes()
    url = "http://127.0.0.1:1/cggg/dfgg/gkzb/index_2.htm"
    response = HtmlResponse(url=url, body=body, encoding="utf-8", request=Request(url))
    out = list(spider.parse_list(response, column="/cggg/dfgg/gkzb/", n=2))
    assert [r for r in out if r.callback != spider.parse_detail] == []  # no page 4, no search
    assert list(spider.saturated_slices) == [f"/cggg/dfgg/gkzb/ {SINCE}..{_oldest_on_page(site, 2)}"]


def _oldest_on_page(site: CcgpSite, index: int) -> str:
    return min(n["published"][:10] for n in site.notices[index * 20:(index + 1) * 20])


@pytest.fixture
def env(tmp_path):
    import os

    return os.environ | {"TENDERWATCH_DB": f"sqlite:///{tmp_path / 'tw.db'}",
                         "TENDERWATCH_ARCHIVE": str(tmp_path / "archive")}
