"""The HTTP side shared by every mirror: a threaded server on 127.0.0.1 and the real sites' misbehaviour.

A site is an object with ``handle(req: Request) -> Reply``. ``Faults`` makes the first request for some paths
misbehave the way the real sites do (throttle page with status 200, 429, 5xx, slow answers); the retry of
the same path succeeds, so a polite, retrying crawler still gets everything.
"""

from __future__ import annotations

import gzip
import socket
import threading
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str  # without the query
    query: dict[str, str]
    body: bytes
    headers: dict[str, str]
    base: str  # http://host:port as the client addressed us


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0

    def bytes(self) -> bytes:
        return self.body.encode("utf-8") if isinstance(self.body, str) else self.body


@dataclass
class Faults:
    """Deterministic misbehaviour: the first request for a path with crc32(path) % every == 0 misbehaves.

    ``kinds`` maps a kind to its period: throttle (a 200 page saying 访问过于频繁), captcha (a 200 page asking
    for a captcha), 403 (a firewall page), empty (an empty 200), challenge (a JavaScript challenge with 200),
    jsonerror (an error as JSON with 200), 429, 500, 503, slow (answers after ``slow_seconds``). Only the first
    attempt of a path is affected; ``always`` makes every request of every path get one kind (a blocked site).
    """

    kinds: dict[str, int] = field(default_factory=dict)
    always: str | None = None  # a "blocked" mirror: every request gets this kind (403, empty, challenge, jsonerror …)
    slow_seconds: float = 1.0
    throttle_page: str = "<html><head><meta charset='utf-8'><title>提示</title></head><body>" \
                         "<p>您的访问过于频繁，请稍后再试。</p></body></html>"
    captcha_page: str = "<html><head><meta charset='utf-8'><title>安全验证</title></head><body>" \
                        "<p>请输入验证码后继续访问</p><img src='/captcha.jpg'></body></html>"
    attempts: Counter = field(default_factory=Counter)
    served: Counter = field(default_factory=Counter)  # kind → how many times it was served
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def apply(self, key: str) -> Reply | None:
        with self._lock:
            self.attempts[key] += 1
            if self.always:
                self.served[self.always] += 1
                return self._reply(self.always)
            if self.attempts[key] > 1:
                return None
            h = zlib.crc32(key.encode("utf-8"))
            for kind, every in self.kinds.items():
                if every and h % every == 0:
                    self.served[kind] += 1
                    return self._reply(kind)
                h //= 7  # a different residue for the next kind
        return None

    def _reply(self, kind: str) -> Reply:
        if kind == "throttle":
            return Reply(200, self.throttle_page)
        if kind == "captcha":
            return Reply(200, self.captcha_page)
        if kind == "slow":
            return Reply(-1, b"", delay=self.slow_seconds)  # -1: serve normally, after the delay
        if kind == "empty":  # ggzy's CDN: HTTP 200, nothing in it (SOURCES.md §7.1)
            return Reply(200, b"")
        if kind == "challenge":  # an Aliyun WAF JavaScript challenge with HTTP 200 (§7.1: renderData, aliyun_waf_aa)
            return Reply(200, "<html><head><meta charset='utf-8'></head><body><script>var renderData = "
                              "{\"aliyun_waf_aa\": \"0a1b2c\"}; document.cookie = 'acw_sc__v2=' + renderData.aliyun_waf_aa;"
                              " location.reload();</script></body></html>")
        if kind == "jsonerror":  # gpcms: an error as JSON with HTTP 200 (§7.1)
            return Reply(200, '{"code":"500","msg":"系统异常"}', content_type="application/json;charset=UTF-8")
        if kind == "403":  # a firewall page
            return Reply(403, "<html><head><meta charset='utf-8'><title>403 Forbidden</title></head><body>"
                              "<h1>403 Forbidden</h1><p>您的访问请求被拒绝</p></body></html>")
        return Reply(int(kind), f"<html><body>{kind}</body></html>")


MODES = ("real", "blocked", "clean")


def faults_for(mode: str, real: Faults, blocked: str = "403") -> Faults | None:
    """The three modes every mirror has (issue 15): ``real`` (the default in spider tests and ``make demo``): the
    site's known misbehaviour on first attempts, so that a polite, retrying crawler still gets everything;
    ``blocked``: every request answered with ``blocked`` (403, empty, challenge, jsonerror …); ``clean``: no fault
    at all (``bench/crawl.py`` only)."""
    if mode == "real":
        return real
    if mode == "blocked":
        return Faults(always=blocked)
    if mode == "clean":
        return None
    raise ValueError(f"mirror mode {mode!r}: one of {', '.join(MODES)}")


def arguments(description: str, port: int):  # noqa: ANN201 - argparse.ArgumentParser
    """The command line every mirror takes by hand (``python -m mirrors.X.server``): ``--port`` and ``--mode``."""
    import argparse

    ap = argparse.ArgumentParser(description=description)
    ap.add_argument("--port", type=int, default=port)
    ap.add_argument("--mode", choices=MODES, default="real")
    return ap


def serve_until_interrupted(server: "SiteServer", what: str, path: str = "") -> None:
    """Start ``server``, say where it listens (``what`` on base_url + ``path``) and serve until Ctrl-C."""
    server.start()
    print(f"{what} on {server.base_url}{path}", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.stop()


_BOMB: bytes | None = None


def gzip_bomb(size: int = 256 * 1024 * 1024) -> bytes:
    """``size`` zero bytes, gzip-compressed (about 250 KB for 256 MB), made once."""
    global _BOMB
    if _BOMB is None:
        buf = gzip.compress(b"\0" * size, compresslevel=9)
        _BOMB = buf
    return _BOMB


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def setup(self) -> None:
        super().setup()
        # headers and body go out in two writes: without TCP_NODELAY, Nagle + delayed ACK stall every
        # keep-alive response by ~40 ms (real servers send them together)
        self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

    def _serve(self, method: str) -> None:
        server: SiteServer = self.server.owner  # type: ignore[attr-defined]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        if method == "POST" and "form-urlencoded" in (self.headers.get("Content-Type") or ""):
            query |= {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}
        host = self.headers.get("Host") or f"127.0.0.1:{self.server.server_address[1]}"
        req = Request(method, parts.path, query, body, dict(self.headers), f"http://{host}")
        server.record(method, self.path)
        fault = server.faults.apply(f"{method} {self.path}") if server.faults else None
        if fault is not None and fault.status != -1:
            reply = fault
        else:
            reply = server.site.handle(req)
            if fault is not None:
                reply.delay = max(reply.delay, fault.delay)
        if reply.delay:
            time.sleep(reply.delay)
        data = reply.bytes()
        try:
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            self.send_header("Content-Length", str(len(data)))
            for k, v in reply.headers.items():
                self.send_header(k, v)
            self.end_headers()
            if method != "HEAD":
                self.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def do_GET(self) -> None:  # noqa: N802
        self._serve("GET")

    def do_POST(self) -> None:  # noqa: N802
        self._serve("POST")

    def log_message(self, *args) -> None:
        pass


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:  # noqa: ANN001
        import sys

        if isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            return  # a client that went away (a killed crawler) is normal here
        super().handle_error(request, client_address)


class SiteServer:
    """``with SiteServer(site) as s: s.base_url`` — serves ``site`` on an ephemeral 127.0.0.1 port."""

    def __init__(self, site, port: int = 0, faults: Faults | None = None):  # noqa: ANN001
        self.site = site
        self.faults = faults
        self.hits: list[str] = []  # "GET /path?query", in arrival order
        self._lock = threading.Lock()
        self.httpd = _Server(("127.0.0.1", port), _Handler)
        self.httpd.owner = self  # type: ignore[attr-defined]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def record(self, method: str, path: str) -> None:
        with self._lock:
            self.hits.append(f"{method} {path}")

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def start(self) -> "SiteServer":
        self._thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def __enter__(self) -> "SiteServer":
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()
