"""The gpcms family (SOURCES.md §7.4): 广东 crawled end to end on its real-mode mirror (采购公告, 结果公告 and 采购意向,
the intents linked to the tenders that follow), blocked mirrors give blocked runs, 四川 stops at its captcha, and
the request shape the old spider sent (a POST with a JSON body, no siteId/noticeType, the project's UA) is refused."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import urllib.error
import urllib.request
from collections import Counter
from datetime import datetime
from decimal import Decimal
from urllib.parse import urlencode

import pytest
from sqlalchemy import func, select

from common.notice_types import AWARD, INTENT, TENDER
from crawlers.base_spiders.gpcms import BROWSER_UA
from mirrors.gpcms.data import GUANGDONG, SICHUAN
from mirrors.gpcms.server import DETAIL_PATH, LIST_PATH, VERIFY_PATH, GpcmsSite, serve
from store.db import open_store
from store.models import CrawlRun, Notice, ProjectLink, RawPage

SINCE, UNTIL = "2026-11-01", "2026-11-29"
KINDS = {"00101": TENDER, "00102": AWARD, "59": INTENT}
OLD_UA = "tenderwatch/0.1 (+https://github.com/tenderwatch/tenderwatch; procurement market research)"
SCRAPY_UA = "Scrapy/2.13 (+https://scrapy.org)"


def _env(path) -> dict:  # noqa: ANN001
    return os.environ | {"TENDERWATCH_DB": f"sqlite:///{path / 'tw.db'}", "TENDERWATCH_ARCHIVE": str(path / "archive")}


def crawl(env: dict, spider: str, base_url: str, *extra: str, since: str = SINCE, until: str = UNTIL):
    return subprocess.run([sys.executable, "-m", "tenderwatch.cli", "crawl", spider, "--base-url", base_url,
                           "--since", since, "--until", until, *extra], env=env, capture_output=True, text=True,
                          timeout=300)


def query(env: dict, *columns):  # noqa: ANN002, ANN201
    engine, Session = open_store(env["TENDERWATCH_DB"])
    with Session() as s:
        rows = s.execute(select(*columns)).all()
    engine.dispose()
    return rows


def archived(env: dict) -> int:
    return query(env, func.count(RawPage.id))[0][0]


def last_run(env: dict) -> CrawlRun:
    engine, Session = open_store(env["TENDERWATCH_DB"])
    with Session() as s:
        run = s.execute(select(CrawlRun).order_by(CrawlRun.id.desc()).limit(1)).scalar_one()
    engine.dispose()
    return run


@pytest.fixture(scope="module")
def guangdong(tmp_path_factory):
    """One crawl of the real-mode 广东 mirror for the month: (env, site, server, CLI result)."""
    env = _env(tmp_path_factory.mktemp("guangdong"))
    with serve("guangdong") as server:
        r = crawl(env, "guangdong", server.base_url)
    return env, server.site, server, r


def test_guangdong_stores_every_notice_of_the_window_with_its_fields(guangdong):
    env, site, server, r = guangdong
    assert r.returncode == 0, r.stdout + r.stderr
    published = site.in_window(SINCE, UNTIL)
    assert {n["noticeType"] for n in published} == set(KINDS)  # tenders, results and intents are all in it
    assert len(published) < len(site.notices)  # and the mirror publishes outside the window too
    assert server.faults.served["jsonerror"] >= 3 and server.faults.served["empty"] >= 2  # the real mode misbehaved
    rows = query(env, Notice.source, Notice.source_id, Notice.title, Notice.notice_type, Notice.buyer_raw,
                 Notice.agency_raw, Notice.project_code, Notice.budget_cny, Notice.award_cny, Notice.suppliers,
                 Notice.published_at, Notice.attachments)
    assert sorted(x.source_id for x in rows) == sorted(n["id"] for n in published)
    by_id = {n["id"]: n for n in published}
    for row in rows:
        n = by_id[row.source_id]
        assert (row.source, row.title, row.notice_type, row.buyer_raw) == ("guangdong", n["title"],
                                                                           KINDS[n["noticeType"]], n["buyer"])
        assert row.published_at == datetime.strptime(n["noticeTime"], "%Y-%m-%d %H:%M:%S")
        assert "<font" not in row.title
        assert [a["name"] for a in row.attachments or []] == [a["fileName"] for a in n["attachments"]]
        if n["noticeType"] == "59":  # an intent: no 项目编号 yet, its budget in the table (万元)
            assert row.project_code is None and row.budget_cny == Decimal(n["budget"])
        else:
            assert row.project_code == n["code"] and row.agency_raw == n["agency"]
        if n["noticeType"] == "00101":
            assert row.budget_cny == Decimal(n["budget"])
        if n["noticeType"] == "00102":  # winners only in the content's table (§7.4)
            assert row.award_cny == Decimal(n["award"]) and [s["name"] for s in row.suppliers] == [n["supplier"]]
    run = last_run(env)
    assert (run.status, run.expected, run.archived) == ("finished", len(published), len(published))


def test_guangdong_requests_have_the_evidenced_shape(guangdong):
    _env_, site, server, _r = guangdong
    lists = [h for h in server.hits if LIST_PATH in h]
    assert lists and all(h.startswith("GET ") for h in server.hits)
    for h in lists:
        q = dict(x.split("=", 1) for x in h.split("?", 1)[1].split("&"))
        assert q["siteId"] == GUANGDONG.site_id and q["selectTimeName"] == "noticeTime" and "regionCode" not in q
        assert q["channel"].split("%2C") == [c for c, _ in GUANGDONG.channels] and q["noticeType"] in KINDS
        assert len(q["_t"]) == 13
    assert {h.split("noticeType=")[1].split("&")[0] for h in lists} == set(KINDS)
    # a desktop browser's User-Agent (the firewall 403s declared crawlers); the regionCode cookie, once, on every
    # list and detail request (robots.txt goes without)
    assert {ua for _path, ua, _cookie in site.seen} == {BROWSER_UA}
    assert {(path, cookie) for path, _ua, cookie in site.seen} == {
        ("/robots.txt", ""), (LIST_PATH, "regionCode=440001"), (DETAIL_PATH, "regionCode=440001")}


def test_an_intent_and_its_later_tender_are_one_project(guangdong):
    env, site, _server, r = guangdong
    assert r.returncode == 0
    rows = query(env, Notice.id, Notice.source_id, Notice.notice_type, Notice.project_id)
    links = dict(query(env, ProjectLink.notice_id, ProjectLink.method))
    stored = {x.source_id: x for x in rows}
    pairs = 0
    for intent in (n for n in site.in_window(SINCE, UNTIL) if n["noticeType"] == "59"):
        tender = next((n for n in site.in_window(SINCE, UNTIL) if n["noticeType"] == "00101"
                       and n["project"] == intent["project"]), None)
        if tender is None:
            continue
        i, t = stored[intent["id"]], stored[tender["id"]]
        assert i.notice_type == INTENT and t.notice_type == TENDER
        assert i.project_id is not None and i.project_id == t.project_id, intent["title"]
        assert links[i.id] == "buyer+title" or links[t.id] == "buyer+title"
        pairs += 1
    assert pairs >= 5
    # and different projects of one buyer stay apart
    assert len({x.project_id for x in rows}) == len({n["project"] for n in site.in_window(SINCE, UNTIL)})


@pytest.mark.parametrize("province, kind", [("guangdong", "403"), ("guangdong", "jsonerror"), ("sichuan", "403")])
def test_a_blocked_mirror_gives_a_blocked_run_and_nothing_archived(tmp_path, province, kind):
    env = _env(tmp_path)
    with serve(province, mode="blocked", blocked=kind) as server:
        r = crawl(env, province, server.base_url, since="2026-11-02", until="2026-11-06")
    assert r.returncode != 0, r.stdout + r.stderr
    assert archived(env) == 0
    run = last_run(env)
    assert run.status == "blocked" and run.status != "finished"
    assert ("forbidden" if kind == "403" else "json-error") in run.message


def test_sichuan_stops_at_its_verify_code_and_archives_nothing(tmp_path):
    env = _env(tmp_path)
    with serve("sichuan") as server:
        r = crawl(env, "sichuan", server.base_url)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "captcha" in r.stdout and archived(env) == 0
    assert last_run(env).status == "captcha"
    assert not any(DETAIL_PATH in h or VERIFY_PATH in h for h in server.hits)  # nothing fetched, nothing solved
    lists = [h for h in server.hits if LIST_PATH in h]
    assert lists and all(f"siteId={SICHUAN.site_id}" in h and SICHUAN.channels[0][0] in h for h in lists)


def test_a_saturated_slice_makes_the_run_incomplete(tmp_path):
    """result_cap 3: weeks over it are split into days, days into channels; a day still over it is `incomplete`."""
    env = _env(tmp_path)
    site = GpcmsSite("guangdong")
    with serve("guangdong", mode="clean", site=site) as server:
        r = crawl(env, "guangdong", server.base_url, "-a", "result_cap=3")
    (busiest, most), = Counter((n["noticeTime"][:10], n["noticeType"]) for n in site.in_window(SINCE, UNTIL)).most_common(1)
    assert most > 3  # the mirror has a day over the cap
    assert r.returncode == 1, r.stdout + r.stderr
    run = last_run(env)
    assert run.status == "incomplete" and f"{busiest[0]}..{busiest[0]} noticeType={busiest[1]} channel=" in run.message
    assert any("channel=fca71be5-fc0c-45db-96af-f513e9abda9d&" in h for h in server.hits)  # a single channel asked


def _get(url: str, ua: str = BROWSER_UA, data: bytes | None = None, headers: dict | None = None):  # noqa: ANN202
    req = urllib.request.Request(url, data=data, headers={"User-Agent": ua} | (headers or {}))
    try:
        with urllib.request.urlopen(req, timeout=30) as resp:
            return resp.status, resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def _list_url(base: str, province, **override) -> str:  # noqa: ANN001
    params = {"siteId": province.site_id, "channel": ",".join(c for c, _ in province.channels), "noticeType": "00101",
              "currPage": 1, "pageSize": 20, "operationStartTime": "2026-11-01 00:00:00",
              "operationEndTime": "2026-11-29 23:59:59", "selectTimeName": "noticeTime", "_t": 1796000000000}
    params = {k: v for k, v in (params | override).items() if v is not None}
    return f"{base}{LIST_PATH}?{urlencode(params)}"


OLD_BODY = json.dumps({"channel": "fca71be5-fc0c-45db-96af-f513e9abda9d", "currPage": 1, "pageSize": 20,
                       "operationStartTime": "2026-11-01 00:00:00", "operationEndTime": "2026-11-07 23:59:59"}).encode()
JSON_HEADERS = {"Content-Type": "application/json;charset=UTF-8"}


def test_guangdong_refuses_the_old_request_shape():
    with serve("guangdong", mode="clean") as server:
        base = server.base_url
        # the old spider: POST, JSON body, no siteId/noticeType, the project's own UA → the firewall
        assert _get(base + LIST_PATH, OLD_UA, OLD_BODY, JSON_HEADERS)[0] == 403
        assert _get(base + LIST_PATH, SCRAPY_UA, OLD_BODY, JSON_HEADERS)[0] == 403
        assert _get(base + "/robots.txt", SCRAPY_UA)[0] == 403  # robots.txt included (§7.1)
        # the same body from a browser: HTTP 200 with the JSON error
        status, body = _get(base + LIST_PATH, BROWSER_UA, OLD_BODY, JSON_HEADERS)
        assert (status, json.loads(body)) == (200, {"code": "500", "msg": "系统异常"})
        for missing in ({"siteId": None}, {"noticeType": None}, {"siteId": SICHUAN.site_id},
                        {"operationStartTime": "2026-11-01"}):
            assert json.loads(_get(_list_url(base, GUANGDONG, **missing))[1])["code"] == "500", missing
        # the evidenced shape: code the string "200", the window's total, <font> highlights in titles
        answer = json.loads(_get(_list_url(base, GUANGDONG))[1])
        tenders = [n for n in server.site.in_window(SINCE, UNTIL) if n["noticeType"] == "00101"]
        assert answer["code"] == "200" and answer["data"]["total"] == len(tenders)
        assert any("<font" in r["title"] for r in answer["data"]["rows"])
        # regionCode narrows the list to province-level buyers (why the spider leaves it out)
        narrowed = json.loads(_get(_list_url(base, GUANGDONG, regionCode="440001"))[1])["data"]["total"]
        assert 0 < narrowed < len(tenders)


def test_sichuan_refuses_the_old_request_shape():
    with serve("sichuan", mode="clean") as server:
        base = server.base_url
        status, body = _get(base + LIST_PATH, OLD_UA, OLD_BODY, JSON_HEADERS)
        assert (status, json.loads(body)) == (200, {"code": "500", "msg": "系统异常"})
        assert json.loads(_get(_list_url(base, SICHUAN, siteId=GUANGDONG.site_id))[1])["code"] == "500"
        # the right shape without a verify code: the captcha answer; with a fresh one (from getVerify): the rows
        assert "验证码" in json.loads(_get(_list_url(base, SICHUAN))[1])["msg"]
        assert _get(base + VERIFY_PATH)[0] == 200
        (code,) = server.site.verify_codes
        answer = json.loads(_get(_list_url(base, SICHUAN, verifyCode=code))[1])
        assert answer["code"] == "200" and answer["data"]["total"] > 0
        assert "验证码" in json.loads(_get(_list_url(base, SICHUAN, verifyCode=code))[1])["msg"]  # one-time


@pytest.mark.parametrize("name", ["guangdong", "sichuan"])
def test_province_spider_is_a_short_subclass(name):
    """Everything but the docstring fits in twelve lines: the family's logic lives in the base."""
    import inspect

    from crawlers.runner import spider_class

    cls = spider_class(name)
    source = inspect.getsource(cls).replace(cls.__doc__, "")
    lines = [ln for ln in source.splitlines() if ln.strip() and ln.strip() != '""""""']
    assert len(lines) <= 12, lines
