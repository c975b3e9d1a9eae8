"""Where a webhook may be sent: the one rule for saving a webhook (web form, `tenders alerts add`) and for sending
to it (`tenders alerts run`).

A webhook URL must be http(s) with a host, and every address its host resolves to must be public: loopback,
private (RFC 1918, fc00::/7), link-local, cloud metadata (169.254.169.254, fd00:ec2::254, 100.100.100.200 …),
shared (100.64/10), unspecified (0.0.0.0, ::), multicast, reserved and other non-global addresses are refused,
and so is an IPv6 address that embeds one of those (IPv4-mapped ``::ffff:127.0.0.1``, 6to4, NAT64, Teredo).
A name that does not resolve is refused as well.

The rule is applied when the webhook is saved and again when it is sent: at send time the name is resolved again
(DNS may have changed since) and the connection itself checks the address it is about to connect to, so a name that
resolves to a public address for the check and to a private one for the connection is refused too. Redirects are
never followed and no proxy is used.

``TENDERWATCH_ALLOWED_HOSTS`` (comma-separated ``host:port``, e.g. ``127.0.0.1:8099,[::1]:8099``) lists receivers
that are allowed although their address is not public (a receiver on this machine, the tests' local HTTP server).
The same variable already lets the crawlers reach a local mirror.
"""

from __future__ import annotations

import http.client
import ipaddress
import os
import socket
import urllib.request
from urllib.parse import urlsplit

# cloud metadata services: named in the message, refused even where the address would otherwise look public
METADATA = frozenset(ipaddress.ip_address(a) for a in (
    "169.254.169.254", "169.254.170.2", "169.254.170.23", "fd00:ec2::254", "fd00:ec2::23", "100.100.100.200"))
_NAT64 = ipaddress.ip_network("64:ff9b::/96")


class WebhookRefused(ValueError):
    """A webhook URL that may not receive alerts (the message says why)."""


def allowed_hosts() -> set[str]:
    """``host:port`` pairs from TENDERWATCH_ALLOWED_HOSTS: allowed although private."""
    return {h.strip().lower() for h in os.environ.get("TENDERWATCH_ALLOWED_HOSTS", "").split(",") if h.strip()}


def _host_port(host: str, port: int) -> str:
    host = host.strip("[]").lower()
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def address_refusal(addr: str) -> str | None:
    """Why ``addr`` may not receive a webhook, or None when it is a public address."""
    try:
        ip = ipaddress.ip_address(addr.split("%", 1)[0].strip("[]"))
    except ValueError:
        return f"{addr[:60]} 不是 IP 地址"
    if ip in METADATA:
        return f"{ip} 是云元数据地址"
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is None and ip in _NAT64:
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None:
            inner = address_refusal(str(embedded))
            if inner:
                return f"{ip} 内嵌 IPv4 地址：{inner}"
    for test, what in ((ip.is_unspecified, "未指定地址"), (ip.is_loopback, "环回地址"),
                       (ip.is_link_local, "链路本地地址"), (ip.is_multicast, "组播地址"),
                       (ip.is_private, "内网（私有）地址"), (ip.is_reserved, "保留地址"),
                       (not ip.is_global, "非公网地址")):
        if test:
            return f"{ip} 是{what}"
    return None


def _resolve(host: str, port: int) -> list[tuple]:
    """Fresh getaddrinfo (never cached: DNS may have changed since the webhook was saved)."""
    try:
        return socket.getaddrinfo(host, port, 0, socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError, OSError) as exc:
        raise WebhookRefused(f"webhook 的主机名 {host[:80]} 解析不到地址（{exc}）") from None


def check_url(url: str) -> tuple[str, ...]:
    """Raise WebhookRefused unless ``url`` may receive webhooks; return the addresses it resolves to now
    (empty when its host:port is in TENDERWATCH_ALLOWED_HOSTS)."""
    parts = urlsplit(url or "")
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise WebhookRefused("webhook 必须是 http(s) 地址（如 https://example.com/hook）")
    try:
        port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    except ValueError:
        raise WebhookRefused("webhook 的端口不对") from None
    if _host_port(parts.hostname, port) in allowed_hosts():
        return ()
    addrs = tuple(sorted({info[4][0] for info in _resolve(parts.hostname, port)}))
    for addr in addrs:
        reason = address_refusal(addr)
        if reason:
            raise WebhookRefused(f"webhook 不能发往本机或内网：{parts.hostname} → {reason}"
                                 "（本机的接收端须列入 TENDERWATCH_ALLOWED_HOSTS）")
    return addrs


def connect_checked(address: tuple[str, int], timeout: float | object = socket._GLOBAL_DEFAULT_TIMEOUT,  # noqa: SLF001
                    source_address: tuple | None = None) -> socket.socket:
    """socket.create_connection that refuses, at the moment of connecting, any address check_url would refuse."""
    host, port = address
    allowed = _host_port(host, port) in allowed_hosts()
    error: OSError | None = None
    for family, type_, proto, _, sockaddr in _resolve(host, port):
        reason = None if allowed else address_refusal(sockaddr[0])
        if reason:
            raise WebhookRefused(f"webhook 不能发往本机或内网：{host} → {reason}")
        sock = socket.socket(family, type_, proto)
        try:
            if timeout is not socket._GLOBAL_DEFAULT_TIMEOUT:  # noqa: SLF001
                sock.settimeout(timeout)
            if source_address:
                sock.bind(source_address)
            sock.connect(sockaddr)
            return sock
        except OSError as exc:
            sock.close()
            error = exc
    raise error or OSError(f"no address for {host}")


class _CheckedHTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self._create_connection = connect_checked


class _CheckedHTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self._create_connection = connect_checked


class _CheckedHTTPHandler(urllib.request.HTTPHandler):
    def http_open(self, req):  # noqa: ANN001, ANN201
        return self.do_open(_CheckedHTTPConnection, req)


class _CheckedHTTPSHandler(urllib.request.HTTPSHandler):
    def https_open(self, req):  # noqa: ANN001, ANN201
        return self.do_open(_CheckedHTTPSConnection, req, context=self._context)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003, ANN201 - a webhook never follows one
        return None


def opener() -> urllib.request.OpenerDirector:
    """An opener for webhooks: no proxy, no redirects, every connection checked by connect_checked."""
    return urllib.request.build_opener(urllib.request.ProxyHandler({}), _CheckedHTTPHandler, _CheckedHTTPSHandler,
                                       _NoRedirect)
