"""What a vendor reads: the notice page (body, attachments, contacts, key dates with days left, lots, the project's
timeline, the archived page rendered as text), search with a title scope, snippets, facets and the deadline sort —
on the bundled mirror crawled over real HTTP, in Debian's Chromium, and the pure helpers on their own."""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote

import pytest
from sqlalchemy import select

from common.clock import beijing_now
from mirrors.ccgp.server import load_notices
from store.models import Notice
from tests.conftest import crawl_mirror, launch_chromium
from tests.test_alerts import smtp  # noqa: F401  (the fixture)
from tests.test_report import CHROMIUM
from tests.test_web import serve_app
from web import views

NOTICES = load_notices()
SINCE = min(n["published"][:10] for n in NOTICES)
UNTIL = max(n["published"][:10] for n in NOTICES)


# --- the helpers -------------------------------------------------------------------------------------------------

def test_days_left_counts_calendar_days_and_marks_expired():
    now = datetime(2026, 12, 2, 23, 30)
    assert views.days_left(datetime(2026, 12, 5, 9, 30), now) == "还有 3 天"
    assert views.days_left(datetime(2026, 12, 3, 0, 10), now) == "还有 1 天"  # tomorrow, 40 minutes away
    assert views.days_left(datetime(2026, 12, 2, 23, 59), now) == "今天截止"
    assert views.days_left(datetime(2026, 12, 2, 9, 0), now) == "已截止"
    assert views.days_left(None, now) is None


def test_snippets_mark_every_match_and_nothing_else():
    text = "一、项目基本情况\n项目名称：长沙市城市大脑二期\n采购需求：城市大脑平台运维，" + "填充" * 100
    pieces = views.snippet(text, ["城市大脑"])
    assert [p for p, hit in pieces if hit] == ["城市大脑", "城市大脑"]
    assert pieces[-1] == ("…", False) and "".join(p for p, _ in pieces).startswith("一、项目")
    assert views.snippet(text, ["智慧停车"]) == []
    assert views.marked("<b>城市大脑</b>", ["城市大脑"]) == [("<b>", False), ("城市大脑", True), ("</b>", False)]
    assert views.marked("DATA data", ["data"]) == [("DATA", True), (" ", False), ("data", True)]


def test_contacts_and_lots_as_rows():
    contacts = {"buyer": {"name": "马先生", "phone": "0731-88886666"}, "agency": {"name": "", "phone": ""},
                "others": [{"name": "王女士", "phone": "13800000000"}]}
    assert views.contact_rows(contacts) == [("采购人", "马先生", "0731-88886666"), ("联系人", "王女士", "13800000000")]
    assert views.contact_rows(None) == [] and views.contact_rows("garbage") == []
    rows = views.lot_rows([{"lot": "1", "budget_cny": "400000"}, {"lot": "2", "budget_cny": "600000"}],
                          [{"name": "华信智城科技有限公司", "lot": "2", "award_cny": "540000"}])
    assert rows[0]["winners"] == [] and str(rows[0]["budget"]) == "400000"
    assert rows[1]["winners"][0][0] == "华信智城科技有限公司" and str(rows[1]["winners"][0][1]) == "540000"


def test_an_archived_page_is_text_without_its_scripts():
    html = "<html><head><script>alert(1)</script><style>p{}</style></head><body><h1>采购公告</h1>" \
           "<p onclick=x()>预算金额：100万元</p><img src=x onerror=alert(2)></body></html>"
    assert views.page_text(html.encode("gb18030"), "gb18030") == ["采购公告", "预算金额：100万元"]


# --- on the mirror ----------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def store(mirror, tmp_path_factory):
    env, engine, Session = crawl_mirror(mirror, tmp_path_factory.mktemp("reader"), SINCE, UNTIL)
    yield env, Session
    engine.dispose()


@pytest.fixture(scope="module")
def site(store):
    from web.app import create_app

    env, _ = store
    srv, thread, url = serve_app(create_app(env["TENDERWATCH_DB"], archive=Path(env["TENDERWATCH_ARCHIVE"])))
    yield url
    srv.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def client(store):
    from fastapi.testclient import TestClient

    from web.app import create_app

    env, _ = store
    return TestClient(create_app(env["TENDERWATCH_DB"], archive=Path(env["TENDERWATCH_ARCHIVE"])),
                      raise_server_exceptions=False)


def _a_call(Session) -> Notice:  # noqa: N803
    """A call for tenders with attachments, a contact phone and a deadline."""
    with Session() as s:
        for n in s.execute(select(Notice).where(Notice.notice_type == "招标/采购公告").order_by(Notice.id)).scalars():
            if n.attachments and views.contact_rows(n.contacts) and (n.current_deadline or n.deadline) and n.text:
                return n
    pytest.fail("the mirror holds no call with attachments, contacts and a deadline")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium (apt-get install -y chromium)")
def test_the_notice_page_of_a_mirror_notice_reads_like_the_notice(store, site):
    from playwright.sync_api import sync_playwright

    n = _a_call(store[1])
    due = n.current_deadline or n.deadline
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(java_script_enabled=False)
        page.goto(f"{site}/notices/{n.id}")
        body = page.inner_text("#body")
        first_line = next(line for line in views.paragraphs(n.text) if len(line) > 8)
        assert first_line in body  # the stored body, as paragraphs
        attachments = page.inner_text("#attachments")
        assert all(a["name"] in attachments for a in n.attachments)
        phone = views.contact_rows(n.contacts)[0][2]
        assert phone and phone in page.inner_text("#contacts")
        deadline = page.inner_text("#deadline")
        assert due.strftime("%Y-%m-%d %H:%M") in deadline
        assert re.search(r"还有 \d+ 天|今天截止|已截止", deadline)
        assert views.days_left(due, beijing_now()) in deadline
        assert page.locator("#body script, #body img").count() == 0
        page.click("#archived")
        assert page.locator("#archived-text").count() == 1 and n.title[:10] in page.inner_text("#archived-text")
        browser.close()


def test_the_notice_page_shows_dates_lots_and_timeline(store, client):
    _, Session = store
    with Session() as s:
        award = s.execute(select(Notice).where(Notice.notice_type == "中标/成交公告", Notice.project_id.is_not(None))
                          .order_by(Notice.id)).scalars().first()
        siblings = s.execute(select(Notice).where(Notice.project_id == award.project_id)).scalars().all()
    page = client.get(f"/notices/{award.id}").text
    assert 'id="suppliers"' in page and award.suppliers[0]["name"] in page
    if len(siblings) > 1:
        timeline = page.split('id="timeline"', 1)[1]
        assert "本公告" in timeline and all(f"/notices/{x.id}" in timeline for x in siblings if x.id != award.id)
    source = client.get(f"/notices/{award.id}/archived/source")
    assert source.headers["content-type"].startswith("text/plain") and "sandbox" in source.headers[
        "content-security-policy"]


def test_title_scope_snippets_and_facets(store, client):
    _, Session = store
    everywhere = client.get("/api/search", params={"q": "平台"}).json()["total"]
    in_title = client.get("/api/search", params={"q": "平台", "scope": "title"}).json()
    assert 0 < in_title["total"] < everywhere  # the body template's 政府采购云平台 no longer counts
    assert all("平台" in i["title"] for i in in_title["items"])
    assert client.get("/api/search", params={"q": "平台", "scope": "x"}).status_code == 400
    page = client.get("/", params={"q": "平台"}).text
    assert "<mark>平台</mark>" in page and 'class="snippet' in page
    assert "run_search" not in page and "<function" not in page  # no closure repr in a hidden field
    facets = page.split('id="facets"', 1)[1].split("</div></div>", 1)[0]
    level = re.search(r'data-facet="level">(.*?)</div>', page, re.S).group(1)
    first = re.search(r'href="\?([^"]+)" class="facet-value">([^<]+?) <span class="meta">(\d+)</span>', level)
    assert first and "level=" in first.group(1), facets[:300]
    narrowed = client.get("/api/search", params={"q": "平台", "level": first.group(2).strip()}).json()
    assert narrowed["total"] == int(first.group(3))  # the count is what the click gives


def test_deadline_sort_puts_open_calls_first_and_marks_expired(store, client):
    _, Session = store
    with Session() as s:
        dues = sorted(d for (d,) in s.execute(select(Notice.current_deadline)
                                                .where(Notice.current_deadline.is_not(None))).all())
    middle = dues[len(dues) // 2]
    from store.search import search

    with Session() as s:
        got = search(s, None, sort="deadline", per_page=100, now=middle).items
    order = [n.current_deadline for n, _ in got if n.current_deadline]
    open_ones = [d for d in order if d >= middle]
    assert order[:len(open_ones)] == sorted(open_ones)  # the open ones first, soonest first
    assert order[len(open_ones):] == sorted((d for d in order if d < middle), reverse=True)
    total = client.get("/api/search", params={"sort": "deadline"}).json()["total"]
    page = client.get("/", params={"sort": "deadline"}).text
    now = beijing_now()
    for k in range(1, (total + 19) // 20 + 1):  # the page where the expired ones start: they are marked
        items = client.get("/api/search", params={"sort": "deadline", "page": k}).json()["items"]
        if any(i["current_deadline"] and datetime.fromisoformat(i["current_deadline"]) < now for i in items):
            assert "已截止" in client.get("/", params={"sort": "deadline", "page": k}).text
            break
    if any(d >= now for d in dues):
        assert "已截止" not in page.split('id="results"', 1)[1].split('<tr>', 2)[-1].split("</tr>", 1)[0]
    assert re.search(r'<td class="date">\d{4}-\d{2}-\d{2}</td>', page)  # dates with the year


def test_method_is_a_choice_list_and_region_a_column(client):
    page = client.get("/").text
    assert re.search(r'<select name="method">.*<option>竞争性磋商</option>', page, re.S)
    assert "<th>地区</th>" in page


def test_cli_search_has_the_scope_and_shows_amount_buyer_and_deadline(store):
    env, Session = store
    run = lambda *a: subprocess.run([sys.executable, "-m", "tenderwatch.cli", "search", *a], env=env,  # noqa: E731
                                    capture_output=True, text=True, timeout=120)
    wide, title = run("平台", "--limit", "100"), run("平台", "--scope", "title", "--sort", "deadline", "--limit", "100")
    assert wide.returncode == 0 and title.returncode == 0, title.stderr
    n_wide, n_title = (int(r.stderr.split()[0]) for r in (wide, title))
    assert 0 < n_title < n_wide
    lines = title.stdout.splitlines()
    assert lines and all("平台" in line.split("  ")[-1] for line in lines)
    with Session() as s:
        first = s.get(Notice, int(lines[0].split()[1]))
    assert first.buyer_raw in lines[0] and ("万元" in lines[0] or "亿元" in lines[0] or "未公布" in lines[0])
    assert re.search(r"截止 \d{4}-\d{2}-\d{2} \d{2}:\d{2}（(还有 \d+ 天|今天截止|已截止)）|无截止时间", lines[0])
    bad = run("平台", "--scope", "body")
    assert bad.returncode == 2 and "Traceback" not in bad.stderr


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium (apt-get install -y chromium)")
def test_a_vendors_path_search_facet_notice_save_unsubscribe(store, site, smtp, monkeypatch):
    """Search, narrow by a facet, open a notice and read its body, save the search with an e-mail address, get the
    alert e-mail for a new match from a real SMTP server, and unsubscribe through the e-mail's link — in Chromium,
    without JavaScript. (Runs last in this module: it adds a notice and a saved search to the store.)"""
    from playwright.sync_api import sync_playwright

    from schedules.alerts import run
    from tests.test_report import _n, seed

    env, Session = store
    inbox, smtp_url = smtp
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(java_script_enabled=False)
        page.goto(site + "/")
        page.fill('input[name="q"]', "平台")
        page.click("#go")
        before = int(re.search(r"共 (\d+)", page.inner_text("#total")).group(1))
        facet = page.locator('[data-facet="level"] a.facet-value').first
        level, count = re.match(r"(\S+) (\d+)", facet.inner_text()).groups()
        facet.click()
        assert f"level={level}" in unquote(page.url)
        after = int(re.search(r"共 (\d+)", page.inner_text("#total")).group(1))
        assert after == int(count) <= before
        rows = page.inner_text("#results tbody")
        assert "平台" in rows
        page.locator("#results a.result").first.click()
        assert page.inner_text("#body").strip() and page.locator("#deadline").count() == 1
        page.go_back()
        page.fill('#save input[name="name"]', "平台 · " + level)
        page.fill('#save input[name="email"]', "vendor@example.com")
        page.click("#save-go")
        assert "平台 · " + level in page.inner_text("#searches")
        # a new matching notice arrives, the alerts run mails it
        seed(env["TENDERWATCH_DB"], [_n(90001, 0, "tender", "长沙市城市运行管理服务平台二期项目公开招标公告",
                                        level=level, budget="3000000.00")])
        monkeypatch.setenv("TENDERWATCH_SMTP", smtp_url)
        monkeypatch.setenv("TENDERWATCH_BASE_URL", site)
        out = run(Session, progress=lambda m: None)
        assert out.failed == 0 and len(inbox.messages) == 1
        mail = inbox.messages[0]
        text = mail.get_content()
        assert "长沙市城市运行管理服务平台二期项目" in text and "300.00 万元" in text and mail["Date"]
        link = mail["List-Unsubscribe"].strip("<>")
        assert link.startswith(site + "/unsubscribe/") and link in text
        page.goto(link)
        page.click("#unsubscribe-go")
        assert "已退订" in page.inner_text("#unsubscribed")
        browser.close()
    seed(env["TENDERWATCH_DB"], [_n(90002, 0, "tender", "株洲市数据共享交换平台三期项目公开招标公告", level=level)])
    out = run(Session, progress=lambda m: None)
    assert len(inbox.messages) == 1  # no more e-mails after unsubscribing
