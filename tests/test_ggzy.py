"""ggzy against its mirror over real HTTP (the CLI in a subprocess): the page's own request shape, day → province →
stage → city slicing under a saturating total, 804 narrowed, shells archived beside the /b/ notices and never
stored as notices, 政府采购 and 工程建设, the modes real and blocked, codes 800/801/829, and the old shape refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.parse
import urllib.request
from datetime import date

import pytest
from sqlalchemy import func, select

from mirrors.ccgp.server import load_notices as load_ccgp
from mirrors.ggzy.server import API, BUSY_DAY, GgzySite, serve
from mirrors.ggzy.data import BUSY_PROVINCE, HOT_CITY
from parsers import parse_notice
from store.db import open_store
from store.models import CrawlRun, Notice, RawPage

SINCE, UNTIL = "2026-10-15", "2026-11-29"
UNLIMITED = {"DEAL_PROVINCE": "0", "DEAL_CITY": "0", "DEAL_PLATFORM": "0", "BID_PLATFORM": "0", "DEAL_TRADE": "0"}


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


def _run(env):
    return _query(env, select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1))[0][0]


def _in_window(site):
    return [n for n in site.notices if date.fromisoformat(SINCE) <= date.fromisoformat(n["publishTime"])
            <= date.fromisoformat(UNTIL)]


@pytest.fixture(scope="module")
def real_crawl(tmp_path_factory):
    """One crawl of the mirror in mode real with a cap of 30, so that the busy day needs every level of slicing."""
    tmp = tmp_path_factory.mktemp("ggzy-real")
    env = os.environ | {"TENDERWATCH_DB": f"sqlite:///{tmp / 'tw.db'}", "TENDERWATCH_ARCHIVE": str(tmp / "archive")}
    site = GgzySite(cap=30)
    with serve(site, mode="real") as server:
        r = crawl(env, "ggzy", server.base_url, "-a", "result_cap=30")
    return env, site, r


def test_real_mode_stores_every_notice_with_its_body_and_keeps_shells_apart(real_crawl):
    env, site, r = real_crawl
    assert r.returncode == 0, r.stdout + r.stderr
    published = _in_window(site)
    assert len(published) > 300
    raw = {sid: meta for sid, meta in _query(env, select(RawPage.source_id, RawPage.list_meta))}
    assert {sid for sid in raw if not sid.endswith(".a")} == {n["id"] for n in published}
    assert {sid for sid in raw if sid.endswith(".a")} == {n["id"] + ".a" for n in published}
    assert all(raw[n["id"] + ".a"]["shell"] for n in published)
    notices = {sid: (title, pub, code, buyer, award, warnings) for sid, title, pub, code, buyer, award, warnings in
               _query(env, select(Notice.source_id, Notice.title, Notice.published_at, Notice.project_code,
                                  Notice.buyer_raw, Notice.award_cny, Notice.warnings).where(Notice.source == "ggzy"))}
    assert set(notices) == {n["id"] for n in published}  # every notice stored, no shell among them
    for n in published:
        title, pub, code, buyer, award, warnings = notices[n["id"]]
        assert title == n["title"]
        assert pub.strftime("%Y-%m-%d %H:%M") == f"{n['publishTime']} {n['time']}"  # the /b/ page's date
        assert code == n["project_code"], n  # from the body, else from the shell
        if n["body"] == "empty":
            assert any("#mycontent is empty" in w for w in warnings)
        else:
            assert buyer == n["buyer"]
            if n["body"] == "table":
                assert award is not None and float(award) == pytest.approx(float(n["award"]))
    run = _run(env)
    assert run.status == "finished" and run.expected == run.archived == len(published)
    assert site.answers["800"] and site.answers["empty"]  # mode real misbehaved, the retries got everything


def test_both_business_types_are_crawled(real_crawl):
    env, site, r = real_crawl
    stored = {sid for (sid,) in _query(env, select(Notice.source_id))}
    works = [n for n in _in_window(site) if n["classify"] == "01"]
    assert works and {n["id"] for n in works} <= stored  # 工程建设
    assert {q["DEAL_CLASSIFY"] for q in site.queries} == {"01", "02"}


def test_every_query_has_the_pages_own_shape(real_crawl):
    env, site, r = real_crawl
    assert site.queries
    for q, h in zip(site.queries, site.headers):
        assert q["DEAL_TIME"] == "06" and q["TIMEBEGIN"] == q["TIMEEND"] == q["TIMEBEGIN_SHOW"] == q["TIMEEND_SHOW"]
        assert q["SOURCE_TYPE"] == "1" and q["isShowAll"] == "1" and q["PAGENUMBER"].isdigit()
        assert not any(q.get(k) == v for k, v in UNLIMITED.items()) and not q.get("DEAL_STAGE", "x").endswith("00")
        assert q["DEAL_CLASSIFY"] in ("01", "02")
        assert h["Referer"].endswith("/deal/dealList.html") and h.get("X-Pass-Token") == ""
    assert not site.answers["801"] and not site.answers["404"]


def test_the_busy_day_is_sliced_down_to_cities_and_804_is_narrowed(real_crawl):
    env, site, r = real_crawl
    busy = [q for q in site.queries if q["TIMEBEGIN"] == BUSY_DAY]
    assert site.answers["804"] >= 1
    whole = [q for q in busy if q["DEAL_CLASSIFY"] == "02" and "DEAL_PROVINCE" not in q]
    assert whole and all(q["PAGENUMBER"] == "1" for q in whole)  # 804: narrowed, never paged
    provinces = {q["DEAL_PROVINCE"] for q in busy if "DEAL_PROVINCE" in q}
    assert {"660000", BUSY_PROVINCE} <= provinces and len(provinces) == 32
    staged = {(q["DEAL_CLASSIFY"], q["DEAL_STAGE"]) for q in busy if "DEAL_STAGE" in q}
    assert ("02", "0201") in staged and ("01", "0101") in staged
    cities = [q for q in busy if "DEAL_CITY" in q]
    assert cities and all(q["DEAL_PROVINCE"] == BUSY_PROVINCE for q in cities)
    # a slice at the cap is narrowed before its rows are used: no page 2 of a saturated slice
    saturated = [q for q in busy if q["DEAL_CLASSIFY"] == "02" and q.get("DEAL_PROVINCE") == BUSY_PROVINCE
                 and "DEAL_STAGE" not in q]
    assert [q["PAGENUMBER"] for q in saturated] == ["1"] * len(saturated)


def test_without_slicing_the_cap_loses_notices_silently(env):
    """Control: a spider that believes the cap is larger than the mirror's: it cannot see past the cap."""
    site = GgzySite(cap=30, broad=10_000)
    with serve(site, mode="clean") as server:
        r = crawl(env, "ggzy", server.base_url, "-a", "result_cap=1000")
    assert r.returncode == 0
    stored = len(_query(env, select(Notice.id)))
    assert stored < len(_in_window(site))


def test_a_city_slice_still_at_the_cap_ends_the_run_incomplete(env):
    site = GgzySite(cap=30, hot=True)
    with serve(site, mode="clean") as server:
        r = crawl(env, "ggzy", server.base_url, "-a", "result_cap=30", "-a", "classify=02")
    assert r.returncode == 1, r.stdout + r.stderr
    run = _run(env)
    assert run.status == "incomplete"
    assert f"{BUSY_DAY} 02 {BUSY_PROVINCE} 0201 {HOT_CITY} reports 30" in run.message


@pytest.mark.parametrize("blocked", ["empty", "403"])
def test_blocked_mode_fails_loudly_and_archives_nothing(env, blocked):
    with serve(GgzySite(), mode="blocked", blocked=blocked) as server:
        r = crawl(env, "ggzy", server.base_url, "--since", "2026-11-17", "--until", "2026-11-18")
    assert r.returncode != 0
    run = _run(env)
    assert run.status == "blocked" and run.status != "finished"
    assert _query(env, select(func.count()).select_from(RawPage))[0][0] == 0


def test_classify_argument_and_804_at_the_real_cap(env):
    site = GgzySite()  # cap 1000: only the 804 of the busy day makes the spider slice
    with serve(site, mode="real") as server:
        r = crawl(env, "ggzy", server.base_url, "-a", "classify=02")
    assert r.returncode == 0, r.stdout + r.stderr
    stored = {sid for (sid,) in _query(env, select(Notice.source_id))}
    assert stored == {n["id"] for n in _in_window(site) if n["classify"] == "02"}
    assert site.answers["804"] == 1 and {q["DEAL_CLASSIFY"] for q in site.queries} == {"02"}


def test_code_800_backs_off_and_loses_nothing(env):
    site = GgzySite()
    site.code_on_call = {1: 800, 5: 800}
    with serve(site, mode="clean") as server:
        r = crawl(env, "ggzy", server.base_url)
    assert r.returncode == 0, r.stdout + r.stderr
    assert len(_query(env, select(Notice.id))) == len(_in_window(site))
    run = _run(env)
    assert run.status == "finished" and run.throttles == 2


def test_code_829_stops_the_source(env):
    site = GgzySite()
    site.code_on_call = {3: 829}
    with serve(site, mode="clean") as server:
        r = crawl(env, "ggzy", server.base_url)
    assert r.returncode == 1 and "captcha" in r.stdout
    assert _run(env).status == "captcha"
    assert len(site.queries) < 46  # 2026-10-15 .. 2026-11-29 × 2 types: stopped after what was in flight


def test_code_801_is_a_loud_failure(env):
    site = GgzySite()
    site.code_on_call = {2: 801}
    with serve(site, mode="clean") as server:
        r = crawl(env, "ggzy", server.base_url, "--since", "2026-11-17", "--until", "2026-11-18")
    assert r.returncode != 0
    run = _run(env)
    assert run.status == "failed" and run.errors >= 1
    assert "801" in r.stderr


def _post(base, form):
    data = urllib.parse.urlencode(form).encode()
    req = urllib.request.Request(base + API, data=data, method="POST",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(req, timeout=10) as resp:
            return resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read()


def test_the_old_request_shape_is_refused():
    """The form the spider sent before issue 15 (DEAL_PROVINCE=0, no SOURCE_TYPE …) gets code 801 and no rows; the
    page's shape gets rows; without DEAL_TIME an HTML 404; DEAL_CLASSIFY=00 no rows; and the record url the old
    spider archived as the notice is a shell: no body, no date, not a notice."""
    site = GgzySite()
    old = {"FINDTXT": "", "DEAL_TIME": "06", "TIMEBEGIN": "2026-11-17", "TIMEEND": "2026-11-17",
           "DEAL_CLASSIFY": "02", "DEAL_PROVINCE": "0", "isShowAll": "1", "PAGENUMBER": "1"}
    new = {k: v for k, v in old.items() if k != "DEAL_PROVINCE"} | {"SOURCE_TYPE": "1"}
    with serve(site, mode="clean") as server:
        status, body = _post(server.base_url, old)
        assert status == 200 and json.loads(body)["code"] == 801 and json.loads(body)["data"] is None
        status, body = _post(server.base_url, new)
        answer = json.loads(body)
        assert answer["code"] == 200 and answer["data"]["records"]
        url = answer["data"]["records"][0]["url"]
        status, body = _post(server.base_url, {k: v for k, v in new.items() if k != "DEAL_TIME"})
        assert status == 404 and b"<html" in body.lower()
        status, body = _post(server.base_url, new | {"DEAL_CLASSIFY": "00"})
        assert json.loads(body)["data"]["records"] == []
        assert "/html/a/" in url
        with urllib.request.urlopen(server.base_url + url, timeout=10) as resp:
            shell = resp.read()
    fields = parse_notice("https://www.ggzy.gov.cn" + url, shell)
    assert fields.get("error_page") and fields.get("shell")


def test_same_notice_on_two_sources_is_stored_once_as_a_tender(env, mirror):
    site = GgzySite()
    shared = {n["ccgp_id"]: n["id"] for n in site.notices if "ccgp_id" in n}
    assert shared
    with serve(site, mode="clean") as server:
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
    assert canonical == len(load_ccgp()) + len(_in_window(site)) - len(shared)
