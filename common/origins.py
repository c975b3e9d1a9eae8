"""The app's addresses: its own origins (a state-changing request from any other is refused, web/app.py), and the
configured base URL that absolute links are built from (never the Host header) — in the web app, the e-mails and the
reports alike."""

from __future__ import annotations

import os
from urllib.parse import urlsplit


def origin_of(url: str | None) -> str | None:
    """``scheme://host[:port]`` of an http(s) URL, lower-case, without the default port; None for anything else."""
    try:
        parts = urlsplit((url or "").strip())
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    host = f"[{parts.hostname}]" if ":" in parts.hostname else parts.hostname
    return f"{scheme}://{host}" + (f":{port}" if port and port != (443 if scheme == "https" else 80) else "")


def configured_base_url() -> str | None:
    """TENDERWATCH_BASE_URL (e.g. https://tenders.example.com): the app's public address, for absolute links and
    as an origin of its own behind a proxy."""
    return (os.environ.get("TENDERWATCH_BASE_URL") or "").strip().rstrip("/") or None


SERVE_URL = "http://127.0.0.1:8000"  # `tenders serve`'s own address


def public_url() -> str:
    """Where readers open the local copy: TENDERWATCH_BASE_URL, else `tenders serve` on this machine."""
    return configured_base_url() or SERVE_URL
