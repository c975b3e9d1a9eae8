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

from schedules.alerts import AlertError, atom, create, run
from store.db import open_store
from store.filters import NoticeFilter
from store.models import AlertDelivery, SavedSearch
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
        create(s, "all", "", NoticeFilter(), None, dead)
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
