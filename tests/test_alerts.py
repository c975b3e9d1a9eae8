"""Saved searches and alerts against a real local SMTP server (aiosmtpd) and a real local HTTP endpoint: each new
matching notice is delivered once per subscription, across reruns and a crash between sending and recording."""

from __future__ import annotations

import email
import json
import os
import socket
import subprocess
import sys
import threading
from email.policy import default as default_policy
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from xml.etree import ElementTree

import pytest

from schedules.alerts import AlertError, atom, create, matching, run, update
from store.db import open_store
from store.filters import NoticeFilter
from store.models import AlertDelivery, Notice, SavedSearch
from tests.test_report import _n, seed

REPO = Path(__file__).resolve().parents[1]
FIRST = [_n(101, 0, "tender", "长沙市城市大脑三期项目招标公告"), _n(102, 0, "tender", "长沙市办公家具采购", relevant=False)]
LATER = [_n(201, 0, "tender", "长沙市城市大脑运维服务项目", model="政府购买服务"),
         _n(202, 0, "award", "长沙市城市大脑三期项目监理中标公告"),
         _n(203, 0, "tender", "株洲市城市大脑项目", code="430200", buyer="株洲市大数据局"),
         _n(204, 0, "tender", "<script>alert(1)</script>长沙市城市大脑&数据\"项目")]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp():
    from aiosmtpd.controller import Controller

    class Inbox:
        messages: list = []

        async def handle_DATA(self, server, session, envelope):  # noqa: N802, ANN001, ANN201
            self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))
            return "250 OK"

    inbox = Inbox()
    inbox.messages = []
    port = _port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, f"smtp://127.0.0.1:{port}"
    controller.stop()


def _host_port(url: str) -> str:
    from urllib.parse import urlsplit

    return urlsplit(url).netloc


@pytest.fixture(autouse=True)
def no_allowed_hosts(monkeypatch):
    """The default: no receiver is allowed although private (another test's mirror must not leak in)."""
    monkeypatch.delenv("TENDERWATCH_ALLOWED_HOSTS", raising=False)


@pytest.fixture
def hook(monkeypatch):
    """A real HTTP receiver on 127.0.0.1, allowed through TENDERWATCH_ALLOWED_HOSTS (host:port) as documented."""
    received: list = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers["Idempotency-Key"], json.loads(body)))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):  # noqa: ANN002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    monkeypatch.setenv("TENDERWATCH_ALLOWED_HOSTS", f"127.0.0.1:{server.server_address[1]}")
    yield received, f"http://127.0.0.1:{server.server_address[1]}/hook"
    server.shutdown()


def _delivered(received) -> dict[str, set]:
    """Idempotency key → notice titles received under it (a resent message repeats its key)."""
    out: dict[str, set] = {}
    for key, body in received:
        out.setdefault(key, set()).update(n["title"] for n in body["notices"])
    return out


def test_email_and_webhook_exactly_once(db_url, smtp, hook, monkeypatch):
    inbox, smtp_url = smtp
    received, hook_url = hook
    monkeypatch.setenv("TENDERWATCH_SMTP", smtp_url)
    seed(db_url, FIRST)
    engine, Session = open_store(db_url)
    with Session.begin() as s:
        create(s, "长沙城市大脑", "城市大脑 -监理", NoticeFilter(region="长沙市"), "vendor@example.com", hook_url)
    assert run(Session).sent == 0  # notices stored before saving are not alerts
    seed(db_url, LATER)
    out = run(Session)
    assert out.messages == 2 and out.sent == 4 and out.failed == 0  # 201 and 204, by e-mail and by webhook
    assert run(Session).sent == 0  # a rerun sends nothing again
    engine.dispose()
    assert len(inbox.messages) == 1
    msg = inbox.messages[0]
    body = msg.get_content()
    assert "长沙市城市大脑运维服务项目" in body and "<script>alert(1)</script>长沙市城市大脑" in body
    assert "监理" not in body and "株洲" not in body
    assert msg["Subject"] == "tenderwatch：「长沙城市大脑」有 2 条新公告" and msg["Message-ID"].startswith("<tw-")
    assert len(received) == 1
    key, payload = received[0]
    assert payload["idempotency_key"] == key
    assert sorted(n["title"] for n in payload["notices"]) == sorted([LATER[0]["title"], LATER[3]["title"]])


def test_a_failing_webhook_is_retried_not_lost(db_url, monkeypatch):
    seed(db_url, FIRST)
    engine, Session = open_store(db_url)
    dead = f"http://127.0.0.1:{_port()}/nobody-listens"
    monkeypatch.setenv("TENDERWATCH_ALLOWED_HOSTS", _host_port(dead))
    with Session.begin() as s:
        create(s, "all", "城市大脑", NoticeFilter(), None, dead)
    seed(db_url, LATER[:1])
    out = run(Session, progress=lambda m: None)
    assert out.failed == 1 and out.sent == 0
    with Session() as s:
        row = s.query(AlertDelivery).one()
        assert row.status == "failed" and row.attempts == 1 and "Error" in row.error
    engine.dispose()


def test_crash_between_sending_and_recording_resends_under_the_same_key(tmp_path, hook):
    received, hook_url = hook
    db = f"sqlite:///{tmp_path / 'alerts.db'}"
    seed(db, FIRST)
    engine, Session = open_store(db)
    with Session.begin() as s:
        create(s, "城市大脑", "城市大脑", NoticeFilter(), None, hook_url)
    engine.dispose()
    seed(db, LATER)
    env = {**os.environ, "TENDERWATCH_DB": db, "TENDERWATCH_TEST_CRASH_AFTER_SEND": "1"}
    crashed = subprocess.run([sys.executable, "-m", "tenderwatch.cli", "alerts", "run"], env=env, cwd=REPO,
                             capture_output=True, text=True, timeout=120)
    assert crashed.returncode == 9 and len(received) == 1
    env.pop("TENDERWATCH_TEST_CRASH_AFTER_SEND")
    rerun = subprocess.run([sys.executable, "-m", "tenderwatch.cli", "alerts", "run"], env=env, cwd=REPO,
                           capture_output=True, text=True, timeout=120)
    assert rerun.returncode == 0, rerun.stderr
    again = subprocess.run([sys.executable, "-m", "tenderwatch.cli", "alerts", "run"], env=env, cwd=REPO,
                           capture_output=True, text=True, timeout=120)
    assert "alerts: 0 notices" in again.stdout
    by_key = _delivered(received)
    # the crashed message came again under its own key; every notice belongs to exactly one key
    assert len(received) == 2 and len(by_key) == 1
    titles = [t for ts in by_key.values() for t in ts]
    assert len(titles) == len(set(titles)) == 4


def test_atom_feed_and_validation(db_url):
    seed(db_url, FIRST + LATER)
    engine, Session = open_store(db_url)
    with Session.begin() as s:
        ss = create(s, "feed", "城市大脑", NoticeFilter(), None, None)
        xml = atom(s, ss, "http://127.0.0.1:8000")
        for bad in (dict(name=""), dict(name="x", email="not-an-address"), dict(name="x", webhook_url="ftp://x"),
                    dict(name="x", query="x" * 500), dict(name="x", f=NoticeFilter(level="省"))):
            with pytest.raises(AlertError):
                create(s, **bad)
    engine.dispose()
    root = ElementTree.fromstring(xml)
    ns = {"a": "http://www.w3.org/2005/Atom"}
    titles = [e.findtext("a:title", namespaces=ns) for e in root.findall("a:entry", ns)]
    assert "<script>alert(1)</script>长沙市城市大脑&数据\"项目" in titles and len(titles) == 5


def test_web_saves_a_search_and_serves_its_feed(db_url, tmp_path):
    from fastapi.testclient import TestClient

    from web.app import create_app

    seed(db_url, FIRST)
    client = TestClient(create_app(db_url, reports=tmp_path, archive=tmp_path), raise_server_exceptions=False)
    r = client.post("/searches", data={"name": "大脑", "q": "城市大脑", "level": "地市级"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/searches"
    page = client.get("/searches").text
    assert "大脑" in page and "level=地市级" in page
    engine, Session = open_store(db_url)
    with Session() as s:
        token = s.query(SavedSearch).one().feed_token
    engine.dispose()
    feed = client.get(f"/feeds/{token}.atom")
    assert feed.status_code == 200 and feed.headers["content-type"].startswith("application/atom+xml")
    assert "长沙市城市大脑三期项目招标公告" in feed.text
    assert client.get("/feeds/nope.atom").status_code == 404
    bad = client.post("/searches", data={"name": "x", "email": "nope"})
    assert bad.status_code == 400 and "没有保存" in bad.text


REFUSED_WEBHOOKS = [
    "http://127.0.0.1:9/hook", "http://localhost/hook", "http://127.1/", "http://0x7f000001/", "http://0.0.0.0/",
    "http://10.1.2.3/", "http://192.168.1.1:8080/", "http://172.16.0.1/", "http://100.64.0.1/",
    "http://169.254.169.254/latest/meta-data/", "http://100.100.100.200/latest/meta-data/", "http://[fd00:ec2::254]/",
    "http://[::1]/", "http://[::]/", "http://[::ffff:127.0.0.1]/", "http://[::ffff:10.0.0.1]/", "http://[fe80::1]/",
    "http://[64:ff9b::a00:1]/", "http://[2002:7f00:1::]/", "http://224.0.0.1/", "http://240.0.0.1/",
    "http://255.255.255.255/", "ftp://example.com/hook", "file:///etc/passwd", "gopher://example.com/",
    "javascript:alert(1)", "http:///nohost", "http://no-such-host.invalid/hook", "http://example.com:99999/",
]


@pytest.mark.parametrize("url", REFUSED_WEBHOOKS)
def test_webhooks_to_this_host_or_its_network_are_refused_when_saved(tmp_path, url):
    engine, Session = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    with Session.begin() as s:
        with pytest.raises(AlertError) as exc:
            create(s, "x", "", NoticeFilter(), None, url)
    engine.dispose()
    assert "webhook" in str(exc.value)


def test_public_addresses_pass_the_rule():
    from schedules.webhooks import address_refusal

    for addr in ("8.8.8.8", "114.114.114.114", "2001:4860:4860::8888", "223.5.5.5"):
        assert address_refusal(addr) is None, addr
    assert "云元数据" in address_refusal("169.254.169.254") and "环回" in address_refusal("::ffff:127.0.0.1")


def test_cli_alerts_add_refuses_a_loopback_webhook(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from tenderwatch.cli import cli

    monkeypatch.setenv("TENDERWATCH_DB", f"sqlite:///{tmp_path / 'cli.db'}")
    out = CliRunner().invoke(cli, ["alerts", "add", "x", "--webhook", "http://127.0.0.1:9/hook"])
    assert out.exit_code != 0 and "环回地址" in out.output
    listed = CliRunner().invoke(cli, ["alerts", "list"])
    assert "127.0.0.1:9" not in listed.output


def test_a_webhook_refused_when_sent_is_recorded_as_failed(db_url, hook, monkeypatch):
    received, hook_url = hook
    seed(db_url, FIRST)
    engine, Session = open_store(db_url)
    port = hook_url.split(":")[2].split("/")[0]
    with Session.begin() as s:
        create(s, "allowed then not", "城市大脑", NoticeFilter(), None, hook_url)
        # saved before the rule existed: the same receiver through its IPv4-mapped IPv6 address
        s.add(SavedSearch(name="legacy", query="城市大脑", filters={}, webhook_url=f"http://[::ffff:127.0.0.1]:{port}/",
                          feed_token="legacy-token", after_notice_id=0, created_at=FIRST[0]["published_at"]))
    seed(db_url, LATER)
    monkeypatch.delenv("TENDERWATCH_ALLOWED_HOSTS")  # as if its name now resolved to this host
    messages: list[str] = []
    out = run(Session, progress=messages.append)
    assert out.sent == 0 and out.messages == 0 and out.failed > 0
    assert received == []  # nothing reached the receiver
    with Session() as s:
        rows = s.query(AlertDelivery).all()
        assert rows and {r.status for r in rows} == {"failed"}
        assert all(r.error.startswith("WebhookRefused:") and "环回地址" in r.error for r in rows)
    engine.dispose()
    assert any("WebhookRefused" in m for m in messages)


def test_the_connection_itself_refuses_a_private_address(hook):
    """A name that passed the check but resolves to this host when connecting (DNS rebinding) is refused by
    the connection: here "localhost", while only 127.0.0.1:PORT is allowed."""
    import urllib.request

    from schedules.webhooks import WebhookRefused, opener

    received, hook_url = hook
    with pytest.raises(WebhookRefused):
        opener().open(urllib.request.Request(hook_url.replace("127.0.0.1", "localhost"), data=b"{}"), timeout=5)
    assert received == []
    with opener().open(urllib.request.Request(hook_url, data=b"{}"), timeout=5) as resp:  # the allowed one works
        assert resp.status == 204
    assert len(received) == 1


def test_a_webhook_that_redirects_is_not_followed(db_url, hook, monkeypatch):
    received, hook_url = hook

    class Redirect(BaseHTTPRequestHandler):
        def do_POST(self):  # noqa: N802
            self.send_response(307)
            self.send_header("Location", hook_url)
            self.end_headers()

        def log_message(self, *args):  # noqa: ANN002
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Redirect)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    mover = f"http://127.0.0.1:{server.server_address[1]}/moved"
    monkeypatch.setenv("TENDERWATCH_ALLOWED_HOSTS", f"{_host_port(hook_url)},{_host_port(mover)}")
    try:
        seed(db_url, FIRST)
        engine, Session = open_store(db_url)
        with Session.begin() as s:
            create(s, "moved", "城市大脑", NoticeFilter(), None, mover)
        seed(db_url, LATER)
        out = run(Session, progress=lambda m: None)
        with Session() as s:
            errors = {r.error for r in s.query(AlertDelivery)}
        engine.dispose()
    finally:
        server.shutdown()
    assert out.failed > 0 and out.sent == 0 and received == []
    assert errors == {"OSError: webhook answered 307 (a redirect: webhooks never follow one)"}


# --- saved searches managed: the e-mail, unsubscribing, editing, deleting, names unique, no empty search ---

from datetime import datetime, timedelta, timezone  # noqa: E402
from email.utils import parsedate_to_datetime  # noqa: E402

BASE = "https://tenders.example.com"
# three new notices published on three days (i % 5 gives the day): the e-mail lists them newest first
MAILED = [_n(301, 0, "tender", "长沙市城市大脑数据中台项目招标公告", budget="12000000.00",
             deadline=datetime(2026, 11, 30, 9, 30), buyer="长沙市数据资源管理局"),
          _n(303, 0, "award", "长沙市城市大脑视频平台中标公告", award="9800000.00", buyer="长沙市公安局"),
          _n(302, 0, "tender", "长沙市城市大脑运维\n   详情：http://evil.example/phish 项目", buyer=None)]


def _client(db_url, tmp_path):
    from fastapi.testclient import TestClient

    from web.app import create_app

    return TestClient(create_app(db_url, reports=tmp_path, archive=tmp_path), raise_server_exceptions=False)


def _search(db_url, name: str) -> SavedSearch | None:
    engine, Session = open_store(db_url)
    with Session() as s:
        ss = s.query(SavedSearch).filter(SavedSearch.name == name).one_or_none()
        if ss is not None:
            s.expunge(ss)
    engine.dispose()
    return ss


def _mail_one(db_url, monkeypatch, smtp_url, hook_url=None, base=BASE):
    """A search by e-mail (and webhook), the three MAILED notices stored after it, one run."""
    monkeypatch.setenv("TENDERWATCH_SMTP", smtp_url)
    if base:
        monkeypatch.setenv("TENDERWATCH_BASE_URL", base)
    else:
        monkeypatch.delenv("TENDERWATCH_BASE_URL", raising=False)
    seed(db_url, FIRST)
    engine, Session = open_store(db_url)
    with Session.begin() as s:
        create(s, "长沙城市大脑", "城市大脑", NoticeFilter(region="长沙市"), "vendor@example.com", hook_url)
    seed(db_url, MAILED)
    said: list[str] = []
    out = run(Session, progress=said.append)
    with Session() as s:
        ids = {n.title: n.id for n in s.query(Notice)}
    engine.dispose()
    return out, said, ids


def test_the_email_has_a_date_the_amounts_buyer_deadline_and_links_newest_first(db_url, smtp, monkeypatch):
    inbox, smtp_url = smtp
    out, said, ids = _mail_one(db_url, monkeypatch, smtp_url)
    assert out.messages == 1 and out.sent == 3 and out.failed == 0 and said == []
    msg = inbox.messages[0]
    sent_at = parsedate_to_datetime(msg["Date"])
    assert sent_at.utcoffset() == timedelta(hours=8)  # Beijing time, with its offset
    assert abs(sent_at - datetime.now(timezone.utc)) < timedelta(minutes=2)
    token = _search(db_url, "长沙城市大脑").unsubscribe_token
    assert msg["List-Unsubscribe"] == f"<{BASE}/unsubscribe/{token}>"
    assert msg["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    body = msg.get_content()
    newest, middle, oldest = (body.index(t) for t in ("长沙市城市大脑视频平台中标公告", "长沙市城市大脑运维",
                                                       "长沙市城市大脑数据中台项目招标公告"))
    assert newest < middle < oldest  # published on day 3, 2, 1
    block = body[oldest:].split("\n\n")[0]
    assert "金额：预算 1,200.00 万元" in block and "采购人：长沙市数据资源管理局" in block
    assert "截止：2026-11-30 09:30" in block
    assert f"详情：{BASE}/notices/{ids['长沙市城市大脑数据中台项目招标公告']}" in block
    assert "原文：http://www.ccgp.gov.cn/t_301.htm" in block
    award = body[newest:].split("\n\n")[0]
    assert "金额：中标 980.00 万元" in award and "采购人：长沙市公安局" in award and "截止：未公布" in award
    unknown = body[middle:].split("\n\n")[0]
    assert "金额：未公布" in unknown and "采购人：未公布" in unknown
    # a line break inside a scraped title cannot fake a line of the message
    assert not any(line.startswith("   详情：http://evil") for line in body.splitlines())
    assert f"{BASE}/unsubscribe/{token}" in body.split("—")[-1]


def test_without_a_base_url_the_links_point_at_tenders_serve_and_the_run_says_so(db_url, smtp, monkeypatch):
    inbox, smtp_url = smtp
    out, said, ids = _mail_one(db_url, monkeypatch, smtp_url, base=None)
    assert out.messages == 1
    body = inbox.messages[0].get_content()
    assert f"详情：http://127.0.0.1:8000/notices/{ids['长沙市城市大脑视频平台中标公告']}" in body
    assert inbox.messages[0]["List-Unsubscribe"].startswith("<http://127.0.0.1:8000/unsubscribe/")
    assert len(said) == 1 and "TENDERWATCH_BASE_URL" in said[0]


def test_without_smtp_one_line_no_failures_and_the_webhook_still_delivers(db_url, smtp, hook, monkeypatch):
    inbox, smtp_url = smtp
    received, hook_url = hook
    monkeypatch.delenv("TENDERWATCH_SMTP", raising=False)
    seed(db_url, FIRST)
    engine, Session = open_store(db_url)
    with Session.begin() as s:
        create(s, "邮件和推送", "城市大脑", NoticeFilter(), "vendor@example.com", hook_url)
        create(s, "只发邮件", "城市大脑", NoticeFilter(region="长沙市"), "buyer@example.com", None)
    seed(db_url, LATER)  # 201, 202, 203, 204 match the first; 201, 202, 204 the second (株洲 is not 长沙)
    said: list[str] = []
    out = run(Session, progress=said.append)
    assert (out.failed, out.sent, out.messages, out.waiting) == (0, 4, 1, 7)
    assert said == ["e-mail not sent: SMTP not configured (set TENDERWATCH_SMTP=smtp://host:port, and "
                    "TENDERWATCH_MAIL_FROM): 7 notices for 2 saved searches wait for it"]
    assert len(received) == 1 and len(received[0][1]["notices"]) == 4
    with Session() as s:
        assert {r.channel for r in s.query(AlertDelivery)} == {"webhook"}  # nothing marked for e-mail
    # once SMTP is configured, what waited goes out, and only once
    monkeypatch.setenv("TENDERWATCH_SMTP", smtp_url)
    again = run(Session, progress=said.append)
    assert (again.failed, again.sent, again.messages, again.waiting) == (0, 7, 2, 0)
    assert sorted(m["To"] for m in inbox.messages) == ["buyer@example.com", "vendor@example.com"]
    assert run(Session, progress=said.append).sent == 0
    engine.dispose()


def test_the_cli_run_without_smtp_exits_0_with_one_line(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from tenderwatch.cli import cli

    db = f"sqlite:///{tmp_path / 'cli.db'}"
    monkeypatch.setenv("TENDERWATCH_DB", db)
    monkeypatch.delenv("TENDERWATCH_SMTP", raising=False)
    seed(db, FIRST)
    added = CliRunner().invoke(cli, ["alerts", "add", "城市大脑", "--query", "城市大脑", "--email", "v@example.com"])
    assert added.exit_code == 0, added.output
    seed(db, LATER)
    out = CliRunner().invoke(cli, ["alerts", "run"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert [line for line in lines if "SMTP" in line] == [
        "e-mail not sent: SMTP not configured (set TENDERWATCH_SMTP=smtp://host:port, and TENDERWATCH_MAIL_FROM): "
        "4 notices for 1 saved searches wait for it",
        f"alerts: 0 notices in 0 messages; 0 failed; 4 waiting for SMTP (store: {tmp_path / 'cli.db'})"]


def test_unsubscribing_through_the_emails_link_stops_the_emails(db_url, tmp_path, smtp, hook, monkeypatch):
    import re

    inbox, smtp_url = smtp
    received, hook_url = hook
    _mail_one(db_url, monkeypatch, smtp_url, hook_url, base="http://testserver")
    assert len(inbox.messages) == 1 and len(received) == 1
    body = inbox.messages[0].get_content()
    link = re.search(r"打开 (http://testserver/unsubscribe/\S+) 并点", body).group(1)
    assert inbox.messages[0]["List-Unsubscribe"] == f"<{link}>"
    client = _client(db_url, tmp_path)
    page = client.get(link)
    assert page.status_code == 200 and "vendor@example.com" in page.text and "长沙城市大脑" in page.text
    assert _search(db_url, "长沙城市大脑").email == "vendor@example.com"  # a GET changes nothing
    action = re.search(r'<form method="post" action="([^"]+)"', page.text).group(1)
    assert link.endswith(action)
    done = client.post(action, data={"List-Unsubscribe": "One-Click"}, headers={"Origin": "http://testserver"})
    assert done.status_code == 200 and "已退订" in done.text and "不再发往 vendor@example.com" in done.text
    ss = _search(db_url, "长沙城市大脑")
    assert ss.email is None and ss.unsubscribed_at is not None and ss.webhook_url == hook_url
    assert "邮件已退订" in client.get("/searches").text
    assert "已经不发邮件" in client.get(link).text
    # new matches: the webhook gets them, the address gets nothing more
    seed(db_url, [_n(401, 0, "tender", "长沙市城市大脑算力平台项目")])
    engine, Session = open_store(db_url)
    out = run(Session, progress=lambda m: None)
    engine.dispose()
    assert out.sent == 1 and out.failed == 0 and len(inbox.messages) == 1 and len(received) == 2
    assert client.get("/unsubscribe/not-a-token").status_code == 404
    assert client.post("/unsubscribe/not-a-token").status_code == 404


def test_a_mail_clients_one_click_post_unsubscribes(db_url, tmp_path, smtp, monkeypatch):
    """RFC 8058: the mail client POSTs List-Unsubscribe=One-Click to the header's URL, with no Origin."""
    inbox, smtp_url = smtp
    _mail_one(db_url, monkeypatch, smtp_url, base="http://testserver")
    url = inbox.messages[0]["List-Unsubscribe"].strip("<>")
    r = _client(db_url, tmp_path).post(url, content=b"List-Unsubscribe=One-Click",
                                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert r.status_code == 200 and _search(db_url, "长沙城市大脑").email is None
    # the feed token is not the unsubscribe token: a shared feed does not hand over the subscription
    ss = _search(db_url, "长沙城市大脑")
    assert ss.feed_token != ss.unsubscribe_token and len(ss.unsubscribe_token) >= 32


def test_names_are_unique_and_an_empty_search_is_refused(db_url):
    seed(db_url, FIRST)
    engine, Session = open_store(db_url)
    with Session.begin() as s:
        create(s, "长沙城市大脑", "城市大脑")
        other = create(s, "株洲", "", NoticeFilter(region="株洲市"))
        for name in ("长沙城市大脑", "  长沙城市大脑 "):
            with pytest.raises(AlertError, match="已有名为「长沙城市大脑」的保存的搜索"):
                create(s, name, "智慧城市")
        for empty in (dict(), dict(query="  "), dict(f=NoticeFilter(published_from=datetime(2026, 11, 1)))):
            with pytest.raises(AlertError, match="空的搜索"):
                create(s, "空", **empty)
        create(s, "只看相关", "", NoticeFilter(relevant_only=True))  # one filter is enough
        with pytest.raises(AlertError, match="已有名为"):
            update(s, other, "长沙城市大脑", "", NoticeFilter(region="株洲市"))
        with pytest.raises(AlertError, match="空的搜索"):
            update(s, other, "株洲", "", NoticeFilter())
        update(s, other, "株洲", "", NoticeFilter(region="株洲市"))  # its own name is no duplicate
    with Session() as s:
        assert sorted(ss.name for ss in s.query(SavedSearch)) == ["只看相关", "株洲", "长沙城市大脑"]
    engine.dispose()


def test_the_web_and_the_cli_refuse_duplicates_and_empty_searches_alike(db_url, tmp_path, monkeypatch):
    from click.testing import CliRunner

    from tenderwatch.cli import cli

    client = _client(db_url, tmp_path)
    assert client.post("/searches", data={"name": "大脑", "q": "城市大脑"}, follow_redirects=False).status_code == 303
    dup = client.post("/searches", data={"name": "大脑", "q": "智慧城市"})
    assert dup.status_code == 400 and "没有保存：已有名为「大脑」的保存的搜索" in dup.text
    empty = client.post("/searches", data={"name": "全部", "published_from": "2026-11-01"})
    assert empty.status_code == 400 and "没有保存：空的搜索" in empty.text
    monkeypatch.setenv("TENDERWATCH_DB", db_url)
    cli_dup = CliRunner().invoke(cli, ["alerts", "add", "大脑", "--query", "智慧城市"])
    assert cli_dup.exit_code == 2 and "已有名为「大脑」的保存的搜索" in cli_dup.output
    cli_empty = CliRunner().invoke(cli, ["alerts", "add", "全部"])
    assert cli_empty.exit_code == 2 and "空的搜索" in cli_empty.output
    assert CliRunner().invoke(cli, ["alerts", "add", "长沙", "--region", "长沙市"]).exit_code == 0
    assert [ss.name for ss in [_search(db_url, "大脑"), _search(db_url, "长沙")]] == ["大脑", "长沙"]
    assert _search(db_url, "全部") is None


def test_edit_a_saved_search_on_the_web(db_url, tmp_path, smtp, monkeypatch):
    client = _client(db_url, tmp_path)
    seed(db_url, FIRST)
    for name in ("长沙城市大脑", "株洲"):
        client.post("/searches", data={"name": name, "q": "城市大脑", "level": "地市级", "min_amount": "50",
                                        "email": "old@example.com"})
    before = _search(db_url, "长沙城市大脑")
    page = client.get("/searches").text
    assert f'action="/searches/{before.id}/edit"' in page and 'name="min_amount" value="50"' in page
    assert '<option selected>地市级</option>' in page and "min_amount=50万元" in page
    seed(db_url, LATER[:1])
    form = {"name": "长沙智慧城市", "q": "智慧城市 -监理", "region": "长沙市", "max_amount": "2000",
            "email": "new@example.com", "relevant": "1"}
    r = client.post(f"/searches/{before.id}/edit", data=form, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/searches"
    after = _search(db_url, "长沙智慧城市")
    assert after.id == before.id and _search(db_url, "长沙城市大脑") is None
    assert after.query == "智慧城市 -监理" and after.email == "new@example.com"
    assert after.filters == {"region": "长沙市", "max_amount": "20000000", "relevant_only": True}
    assert after.after_notice_id > before.after_notice_id  # new words: the notices stored from now on
    assert after.unsubscribe_token != before.unsubscribe_token  # a new address: the old e-mails' link is void
    assert client.get(f"/unsubscribe/{before.unsubscribe_token}").status_code == 404
    # refused: the message, and the form again with what was entered
    bad = client.post(f"/searches/{before.id}/edit", data=form | {"name": "株洲", "q": "数据中心"})
    assert bad.status_code == 400 and "没有修改：已有名为「株洲」的保存的搜索" in bad.text
    assert f'<details id="edit-{before.id}" open>' in bad.text and 'value="数据中心"' in bad.text
    empty = client.post(f"/searches/{before.id}/edit", data={"name": "长沙智慧城市"})
    assert empty.status_code == 400 and "空的搜索" in empty.text
    assert _search(db_url, "长沙智慧城市").query == "智慧城市 -监理"  # unchanged by the refused ones
    assert client.post("/searches/99999/edit", data=form).status_code == 404
    assert client.post("/searches/abc/edit", data=form).status_code == 422


def test_delete_a_saved_search_on_the_web(db_url, tmp_path, hook, monkeypatch):
    received, hook_url = hook
    seed(db_url, FIRST)
    client = _client(db_url, tmp_path)
    client.post("/searches", data={"name": "删掉的", "q": "城市大脑", "webhook": hook_url})
    client.post("/searches", data={"name": "留下的", "q": "城市大脑"})
    seed(db_url, LATER)
    engine, Session = open_store(db_url)
    assert run(Session, progress=lambda m: None).sent == 4
    gone = _search(db_url, "删掉的")
    page = client.get("/searches").text
    assert f'action="/searches/{gone.id}/delete"' in page
    assert client.get(f"/searches/{gone.id}/delete").status_code == 405  # a GET never deletes
    r = client.post(f"/searches/{gone.id}/delete", headers={"Origin": "http://attacker.invalid"})
    assert r.status_code == 403 and _search(db_url, "删掉的") is not None
    r = client.post(f"/searches/{gone.id}/delete", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/searches"
    assert _search(db_url, "删掉的") is None and _search(db_url, "留下的") is not None
    with Session() as s:
        assert s.query(AlertDelivery).count() == 0  # its ledger went with it
    engine.dispose()
    assert client.get(f"/feeds/{gone.feed_token}.atom").status_code == 404
    assert client.post(f"/searches/{gone.id}/delete").status_code == 404
    assert "删掉的" not in client.get("/searches").text


def test_cli_alerts_delete(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from tenderwatch.cli import cli

    monkeypatch.setenv("TENDERWATCH_DB", f"sqlite:///{tmp_path / 'cli.db'}")
    assert CliRunner().invoke(cli, ["alerts", "add", "城市大脑", "--query", "城市大脑"]).exit_code == 0
    missing = CliRunner().invoke(cli, ["alerts", "delete", "没有这个"])
    assert missing.exit_code == 2 and "no saved search named '没有这个'" in missing.output
    done = CliRunner().invoke(cli, ["alerts", "delete", "城市大脑"])
    assert done.exit_code == 0 and "deleted saved search 1 '城市大脑'" in done.output
    assert "0 saved searches" in CliRunner().invoke(cli, ["alerts", "list"]).output


def test_the_migration_keeps_searches_saved_twice_under_one_name(db_url):
    """Before 0015 a name could be saved twice: the first keeps it, a later one gets its id appended; every
    search gets an unsubscribe token of its own."""
    from alembic import command
    from alembic.config import Config
    from sqlalchemy import text

    from store.db import MIGRATIONS, make_engine

    engine = make_engine(db_url)
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as conn:
        cfg.attributes["connection"] = conn
        command.upgrade(cfg, "0014")
    with engine.begin() as conn:
        for i, name in enumerate(["城市大脑", "城市大脑", "智慧城市", "城市大脑"], 1):
            conn.execute(text("INSERT INTO saved_search (name, query, filters, feed_token, after_notice_id, "
                              "created_at) VALUES (:n, '城市大脑', '{}', :t, 0, :c)"),
                         {"n": name, "t": f"feed-{i}", "c": datetime(2026, 11, 1)})
    engine.dispose()
    engine, Session = open_store(db_url)
    with Session() as s:
        rows = [(ss.id, ss.name, ss.unsubscribe_token) for ss in s.query(SavedSearch).order_by(SavedSearch.id)]
    engine.dispose()
    assert [name for _, name, _ in rows] == ["城市大脑", "城市大脑（2）", "智慧城市", "城市大脑（4）"]
    tokens = [t for _, _, t in rows]
    assert len(set(tokens)) == 4 and all(len(t) >= 32 for t in tokens)


def test_a_title_scoped_search_alerts_only_titles_that_hold_its_words(db_url):
    """Saved from a 只搜标题 search, it keeps its scope: a notice with the word only in its body is not alerted."""
    from store.notices import save_notice

    seed(db_url, FIRST)
    engine, Session = open_store(db_url)
    with Session.begin() as s:
        titled = create(s, "标题里的平台", "平台", scope="title")
        anywhere = create(s, "任何地方的平台", "平台")
        with pytest.raises(AlertError, match="搜索范围"):
            create(s, "坏范围", "平台", scope="body")
        assert titled.filters == {"scope": "title"} and anywhere.filters == {}
    with Session.begin() as s:
        for sid, title, text in (("t1", "长沙市城市大脑平台二期项目公开招标公告", "采购需求：平台建设"),
                                 ("t2", "长沙市办公家具采购项目公开招标公告", "在政府采购云平台获取招标文件")):
            save_notice(s, source="ccgp", source_id=sid, url=f"http://www.ccgp.gov.cn/{sid}.htm", raw_page_id=None,
                        fields={"title": title, "text": text, "notice_type": "招标/采购公告", "warnings": []},
                        parse_version="test")
    with Session() as s:
        got = {name: [n.title for n in matching(s, _search(db_url, name), after_id=0)]
               for name in ("标题里的平台", "任何地方的平台")}
    engine.dispose()
    assert got["标题里的平台"] == ["长沙市城市大脑平台二期项目公开招标公告"]
    assert set(got["任何地方的平台"]) >= {"长沙市城市大脑平台二期项目公开招标公告", "长沙市办公家具采购项目公开招标公告"}
