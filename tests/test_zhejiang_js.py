"""政采云 (浙江) through the real page (SOURCES.md §7.5): the spider runs the portal's page in Debian's Chromium,
which passes the WAF's JavaScript challenge and signs its own calls; the spider reads the answers the page gets.
The mirror refuses every other shape: plain HTTP (challenge), unsigned or badly signed JSON calls, an articleId
whose '+' was not encoded, and the old spider's wait for ``#app[data-loaded]`` / ``ul#list``.
Without Chromium the browser tests skip with the reason (in CI they fail)."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from sqlalchemy import select

from common.notice_types import AWARD, INTENT, TENDER
from crawlers.blocks import problem
from mirrors.http import Faults, Reply, SiteServer
from mirrors.zcy.data import CATEGORIES, INTENT as INTENT_CODE, RESULT, TENDER as TENDER_CODE, in_window
from mirrors.zcy.server import ZcySite, serve
from mirrors.zcy.sign import SIGN_VERSION, sign, waf_cookie
from store.db import open_store
from store.models import CrawlRun, Notice, RawPage
from tests.conftest import IN_CI

CHROMIUM = os.environ.get("TENDERWATCH_CHROMIUM", "/usr/bin/chromium")
SINCE, UNTIL = "2026-11-01", "2026-11-29"
SHARED = Path(os.environ.get("TENDERWATCH_SHARED") or Path(__file__).resolve().parents[2] / "shared")
SITES_README = SHARED / "realdata" / "sites" / "README.md"
TYPE = {INTENT_CODE: INTENT, TENDER_CODE: TENDER, RESULT: AWARD}
COOKIE = {"Cookie": f"acw_sc__v2={waf_cookie('0123abcd')}"}  # what the challenge script would set


@pytest.fixture
def chromium():
    if not shutil.which(CHROMIUM):
        if IN_CI:
            pytest.fail(f"CI=true but no Chromium at {CHROMIUM} (apt-get install -y chromium)")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    return CHROMIUM


@pytest.fixture
def env(tmp_path, chromium):
    return os.environ | {"TENDERWATCH_DB": f"sqlite:///{tmp_path / 'tw.db'}",
                         "TENDERWATCH_ARCHIVE": str(tmp_path / "archive"), "TENDERWATCH_CHROMIUM": chromium}


def crawl(env: dict, base_url: str, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tenderwatch.cli", "crawl", "zhejiang", "--base-url", base_url,
                           "--since", SINCE, "--until", UNTIL, *extra], env=env, capture_output=True, text=True,
                          timeout=600)


def query(env: dict, stmt):  # noqa: ANN001, ANN201
    engine, Session = open_store(env["TENDERWATCH_DB"])
    with Session() as s:
        rows = s.execute(stmt).all()
    engine.dispose()
    return rows


def last_run(env: dict) -> CrawlRun:
    return query(env, select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1))[0][0]


def call(base: str, method: str, path: str, body: bytes | None = None, headers: dict | None = None) -> bytes:
    req = urllib.request.Request(base + path, data=body, method=method, headers=headers or {})
    with urllib.request.urlopen(req, timeout=20) as r:
        assert r.status == 200  # every refusal comes with HTTP 200
        return r.read()


def signed(method: str, path: str, body: str = "", ts: str | None = None, key: str | None = None) -> dict:
    ts = ts or str(int(time.time() * 1000))
    nonce = os.urandom(6).hex()
    return COOKIE | {"X-Timestamp": ts, "X-Nonce": nonce, "X-Sign-Version": SIGN_VERSION,
                     "X-Sign": key or sign(method, path.split("?")[0], ts, nonce, body),
                     "Content-Type": "application/json;charset=UTF-8"}


LIST_BODY = json.dumps({"pageNo": 1, "pageSize": 15, "categoryCode": TENDER_CODE, "isGov": True,
                        "excludeDistrictPrefix": ["90", "006011"], "_t": 1796000000000})


# -- the shapes a non-browser client sends are refused (no Chromium needed) ------------------------------------
def test_a_plain_client_gets_the_waf_challenge_not_the_page():
    from scrapy.http import HtmlResponse, Request

    with serve() as server:
        url = f"{server.base_url}/site/category?parentId=600007&childrenCode={TENDER_CODE}"
        body = call(server.base_url, "GET", url[len(server.base_url):])
        old = call(server.base_url, "GET", "/site/category?categoryCode=ZcyAnnouncement&pageNo=1")
        after = call(server.base_url, "GET", url[len(server.base_url):], headers=COOKIE)
    text = body.decode("utf-8")
    assert "renderData" in text and "aliyun_waf_aa" in text and "acw_sc__v2" in text
    assert problem(HtmlResponse(url=url, body=body, request=Request(url))) == "challenge"
    assert b"renderData" in old and b"aliyun_waf_aa" in old  # the old list URL: the same challenge
    # with the cookie the script sets, the page: a shell for a script, with no row and no #app[data-loaded]/ul#list
    shell = after.decode("utf-8")
    assert '<div id="app"></div>' in shell and "data-loaded" not in shell and 'id="list"' not in shell
    assert problem(HtmlResponse(url=url, body=after, request=Request(url))) is None


def quiet():  # noqa: ANN201
    """The WAF, without the real mode's faults on first calls: the refusals below are the protocol's."""
    return serve(mode="real", faults=Faults())


def test_unsigned_or_badly_signed_list_calls_are_refused():
    with quiet() as server:
        base = server.base_url
        challenged = call(base, "POST", "/portal/category", LIST_BODY.encode(), {"Content-Type": "application/json"})
        unsigned = json.loads(call(base, "POST", "/portal/category", LIST_BODY.encode(),
                                   COOKIE | {"Content-Type": "application/json"}))
        bad = json.loads(call(base, "POST", "/portal/category", LIST_BODY.encode(),
                              signed("POST", "/portal/category", LIST_BODY, key="0" * 16)))
        an_hour_ago = str(int(time.time() * 1000) - 3_600_000)
        stale = json.loads(call(base, "POST", "/portal/category", LIST_BODY.encode(),
                                signed("POST", "/portal/category", LIST_BODY, ts=an_hour_ago)))
        headers = signed("POST", "/portal/category", LIST_BODY)
        good = json.loads(call(base, "POST", "/portal/category", LIST_BODY.encode(), headers))
        replay = json.loads(call(base, "POST", "/portal/category", LIST_BODY.encode(), headers))
        form = json.loads(call(base, "POST", "/portal/category", b"pageNo=1&categoryCode=110-684034",
                               signed("POST", "/portal/category", "pageNo=1&categoryCode=110-684034")
                               | {"Content-Type": "application/x-www-form-urlencoded"}))
        old_code = LIST_BODY.replace(TENDER_CODE, "ZcyAnnouncement")
        other = json.loads(call(base, "POST", "/portal/category", old_code.encode(),
                                signed("POST", "/portal/category", old_code)))
        tenders = [n for n in server.site.notices if n["category"] == TENDER_CODE]
    assert b"aliyun_waf_aa" in challenged
    for refused in (unsigned, bad, stale, replay, form):
        assert refused["success"] is False and refused["result"] is None and refused["error"], refused
    assert good["success"] is True and good["error"] is None
    data = good["result"]["data"]
    assert data["total"] == len(tenders)
    assert [r["articleId"] for r in data["data"]] == [n["articleId"] for n in tenders[:15]]  # newest first
    # another province's code: an empty list, success true (as silent as a real portal)
    assert other["success"] is True and other["result"]["data"]["total"] == 0


def test_an_unencoded_plus_in_the_article_id_is_not_found():
    with quiet() as server:
        n = next(n for n in server.site.notices if "+" in n["articleId"])
        ts = str(int(time.time()))
        raw = f"/portal/detail?articleId={n['articleId']}&timestamp={ts}"
        encoded = f"/portal/detail?articleId={quote(n['articleId'], safe='')}&timestamp={ts}"
        lost = json.loads(call(server.base_url, "GET", raw, headers=signed("GET", raw)))
        found = json.loads(call(server.base_url, "GET", encoded, headers=signed("GET", encoded)))
        unsigned = json.loads(call(server.base_url, "GET", encoded, headers=COOKIE))
    assert lost == {"success": False, "result": None, "error": "文章不存在或已下线"}
    assert unsigned["success"] is False
    assert found["success"] is True and found["result"]["data"]["title"] == n["title"]
    assert set(found["result"]["data"]) == {"title", "publishDate", "content", "projectName", "projectCode",
                                            "districtName", "announcementType", "categoryNames", "expiredAt"}


@pytest.mark.skipif(not SITES_README.is_file(), reason=f"captured-site notes not present at {SITES_README}")
def test_the_mirror_takes_the_request_body_of_the_2025_exchange():
    """The one real request body known (realdata/sites/README.md §zcy) is accepted as sent, signed as the page
    would; the page's own body has the same keys, less the province filter it does not use."""
    text = SITES_README.read_text(encoding="utf-8")
    sent = re.search(r'the request body `(\{"pageNo".*?\})`', text).group(1)
    real = json.loads(sent)
    assert real["categoryCode"] == INTENT_CODE and real["isGov"] is True
    with quiet() as server:
        got = json.loads(call(server.base_url, "POST", "/portal/category", sent.encode(),
                              signed("POST", "/portal/category", sent)))
    assert got["success"] is True and set(got["result"]["data"]) == {"total", "data", "empty"}
    from mirrors.zcy import pages

    page_keys = set(re.findall(r"(\w+):", re.search(r"JSON\.stringify\(\{(.*?)\}\)", pages.APP_JS, re.S).group(1)))
    assert page_keys == set(real) - {"isProvince", "districtCode"}


# -- the crawl, in Chromium ------------------------------------------------------------------------------------
@pytest.mark.parametrize("mode", ["real", "clean"])
def test_every_notice_of_the_window_is_stored_from_the_page_answers(env, mode):
    with serve(mode=mode) as server:
        r = crawl(env, server.base_url)
        site = server.site
    assert r.returncode == 0, r.stdout + r.stderr
    want = {n["articleId"]: n for n in in_window(site.notices, date.fromisoformat(SINCE), date.fromisoformat(UNTIL))}
    assert {n["category"] for n in want.values()} == set(CATEGORIES)
    assert sum("+" in a for a in want) >= 2 and sum("/" in a for a in want) >= 2
    if mode == "real":  # the page met the WAF and the faults, and the crawl got through them
        assert site.challenges >= 2 and site.faults.served["challenge"] >= 1 and site.faults.served["jsonerror"] >= 1
        # a first list page and a later one failed once: retried by reloading, and by the pager's prev + next
        faulted = [k for k in site.faults.attempts if k.startswith("list ") and site.faults.attempts[k] > 1]
        assert any(k.endswith(" 1") for k in faulted) and any(not k.endswith(" 1") for k in faulted), faulted
    else:
        assert site.challenges == 0
    assert not site.refused, site.refused  # the page's own calls: never refused
    # newest first, stopped at the first page older than --since: no category paged to its end
    for code in CATEGORIES:
        pages = sorted(p for c, p in site.list_calls if c == code)
        older = [n for n in site.notices if n["category"] == code and n["published"][:10] < SINCE]
        assert pages and (not older or max(pages) <= 1 + (len([n for n in site.notices if n["category"] == code])
                                                            - len(older)) // 15)
    run = last_run(env)
    assert (run.status, run.expected, run.archived) == ("finished", len(want), len(want))
    raw = query(env, select(RawPage.source_id, RawPage.url))
    assert sorted(s for s, _ in raw) == sorted(want)
    assert all("/portal/detail?articleId=" in u for _, u in raw)
    rows = query(env, select(Notice.source_id, Notice.title, Notice.buyer_raw, Notice.published_at, Notice.notice_type,
                             Notice.project_code, Notice.budget_cny, Notice.award_cny, Notice.project_id))
    assert sorted(r.source_id for r in rows) == sorted(want)
    for row in rows:
        n = want[row.source_id]
        assert (row.title, row.buyer_raw, row.notice_type) == (n["title"], n["buyer"], TYPE[n["category"]])
        assert row.published_at.strftime("%Y-%m-%d %H:%M") == n["published"]
        assert row.project_code == n["code"]
        if n.get("award"):
            assert str(row.award_cny) == f"{n['award']}.00"
        elif n["category"] == TENDER_CODE:
            assert str(row.budget_cny) == f"{n['budget']}.00"
    # 采购意向公开 is a notice type of its own, linked ahead of its project's 招标公告
    by_project = {}
    for row in rows:
        by_project.setdefault(want[row.source_id]["project"], {})[want[row.source_id]["category"]] = row
    pairs = [p for p in by_project.values() if INTENT_CODE in p and TENDER_CODE in p]
    assert len(pairs) >= 2
    for p in pairs:
        assert p[INTENT_CODE].project_id == p[TENDER_CODE].project_id is not None
        assert p[INTENT_CODE].published_at < p[TENDER_CODE].published_at


def test_one_category_and_a_second_run_fetches_nothing_known(env):
    with serve() as server:
        r = crawl(env, server.base_url, "-a", f"category={INTENT_CODE}")
        site = server.site
        first = len(site.detail_calls)
        again = crawl(env, server.base_url, "-a", f"category={INTENT_CODE}")
        second = len(site.detail_calls) - first
    assert r.returncode == 0, r.stdout + r.stderr
    want = [n["articleId"] for n in in_window(site.notices, date.fromisoformat(SINCE), date.fromisoformat(UNTIL),
                                               [INTENT_CODE])]
    assert sorted(s for (s,) in query(env, select(RawPage.source_id))) == sorted(want) and want
    assert {c for c, _ in site.list_calls} == {INTENT_CODE} and first == len(want)
    assert again.returncode == 0, again.stdout + again.stderr
    assert second == 0 and (last_run(env).expected, last_run(env).archived) == (len(want), len(want))


def test_blocked_mode_archives_nothing_and_says_blocked(env):
    with serve(mode="blocked") as server:
        r = crawl(env, server.base_url)
        challenges = server.site.challenges
    assert r.returncode != 0, r.stdout + r.stderr
    run = last_run(env)
    assert run.status == "blocked" and "challenge" in run.message
    assert challenges >= 6  # the page was tried again before giving up
    assert query(env, select(RawPage.id)) == []


class StubbornSite(ZcySite):
    """A portal whose list or one notice always answers the error JSON (success false, HTTP 200)."""

    def __init__(self, refuse: str):
        super().__init__("real")
        self.refuse = refuse
        self.victim = next(n for n in self.notices
                           if n["category"] == TENDER_CODE and SINCE <= n["published"][:10] <= UNTIL)

    def handle(self, req):  # noqa: ANN001
        if self.refuse == "list" and req.path == "/portal/category" and self._waf_passes(req):
            return Reply(200, '{"success":false,"result":null,"error":"系统繁忙，请稍后再试"}', "application/json")
        if self.refuse == "detail" and req.path == "/portal/detail" \
                and req.query.get("articleId") == self.victim["articleId"]:
            return Reply(200, '{"success":false,"result":null,"error":"系统繁忙，请稍后再试"}', "application/json")
        return super().handle(req)


@pytest.mark.parametrize("refuse", ["list", "detail"])
def test_an_error_json_that_persists_is_a_loud_failure(env, refuse):
    site = StubbornSite(refuse)
    with SiteServer(site) as server:
        r = crawl(env, server.base_url)
    assert r.returncode == 1, r.stdout + r.stderr
    run = last_run(env)
    assert run.status == "blocked" and "json-error" in run.message
    stored = {s for (s,) in query(env, select(RawPage.source_id))}
    assert site.victim["articleId"] not in stored
    if refuse == "list":
        assert stored == set()
    else:
        assert len(stored) == len(in_window(site.notices, date.fromisoformat(SINCE), date.fromisoformat(UNTIL))) - 1


def test_the_old_spider_shape_finds_nothing_and_is_not_finished(env):
    """The old spider (tests/zcy_old_shape.py): Chromium waits for #app[data-loaded] and reads ul#list."""
    with serve() as server:
        r = subprocess.run([sys.executable, "-m", "tests.zcy_old_shape", server.base_url, SINCE, UNTIL], env=env,
                           capture_output=True, text=True, timeout=600, cwd=Path(__file__).resolve().parents[1])
        details = server.site.detail_calls
    assert r.returncode == 0, r.stdout + r.stderr
    assert "status=finished" not in r.stdout and "new_pages=0" in r.stdout, r.stdout
    assert last_run(env).status != "finished" and details == []
    assert query(env, select(RawPage.id)) == []
