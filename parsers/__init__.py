"""Parsers: one notice (HTML, JSON or text) → typed fields. Pure functions, no network.

``parse_notice(url, body, content_type)`` picks the layout from the URL (else guesses) and returns a dict
whose amounts are Decimal yuan and dates naive Beijing-time datetimes; ``warnings`` lists what was missing.
"""

from __future__ import annotations

import json

from parsers.ccgp_detail import URL_RE as CCGP_URL, parse_ccgp_detail
from parsers.generic import parse_generic
from parsers.methods import ocds_method
from parsers.text import MAX_PAGE_BYTES, decode

PARSER_VERSION = "0.1.0"


def _looks_like_ccgp(text: str) -> bool:
    return "vF_detail_content" in text or "vT_detail_content" in text or 'content="中国政府采购网"' in text


def parse_notice(url: str | None, body: bytes | str, content_type: str | None = None) -> dict:
    """Parse one notice. Never raises on page content: what could not be read is in ``warnings``."""
    warnings: list[str] = []
    if isinstance(body, bytes):
        if len(body) > MAX_PAGE_BYTES:
            warnings.append(f"page of {len(body)} bytes cut to {MAX_PAGE_BYTES}")
            body = body[:MAX_PAGE_BYTES]
        text, _enc = decode(body, content_type)
    else:
        text = body
    stripped = text.lstrip()
    if stripped.startswith("{") or stripped.startswith("["):
        try:
            data = json.loads(stripped)
        except ValueError:
            data = None
        if isinstance(data, dict):
            return _finish(_parse_json_notice(url, data, warnings))
    is_html = "<" in text[:2000] and ">" in text[:2000]
    if is_html and ((url and CCGP_URL.search(url)) or _looks_like_ccgp(text)):
        out = parse_ccgp_detail(url or "", text)
    else:
        out = parse_generic(url, text, is_html)
    out["warnings"] = warnings + out.get("warnings", [])
    return _finish(out)


def _parse_json_notice(url: str | None, data: dict, warnings: list[str]) -> dict:
    """A notice delivered as JSON (portal detail APIs): the record may sit under ``data`` or ``result``."""
    from parsers.dates import parse_datetime

    record = data
    for _ in range(4):  # {"success":…, "result": {"data": {…}}} and the like
        inner = next((record[k] for k in ("data", "result") if isinstance(record.get(k), dict)), None)
        if inner is None:
            break
        record = inner
    html = next((record[k] for k in ("content", "html", "infocontent", "body") if isinstance(record.get(k), str)),
                None)
    out = parse_generic(url, html or json.dumps(record, ensure_ascii=False), is_html=bool(html))
    out["title"] = record.get("title") or out.get("title")
    published = next((str(record[k]) for k in ("noticeTime", "publishTime", "publishDate", "pubDate")
                      if record.get(k)), None)
    if published and not out.get("published_at"):
        out["published_raw"], out["published_at"] = published, parse_datetime(published)
    from parsers.notice_types import normalise_notice_type

    out["notice_type"] = out.get("notice_type") or normalise_notice_type(None, out["title"])
    out["warnings"] = warnings + [w for w in out["warnings"]
                                  if not (w == "no title found" and out["title"])
                                  and not (w == "no publication date found" and out.get("published_at"))]
    return out


def _finish(out: dict) -> dict:
    out["method_ocds"] = ocds_method(out.get("method"))
    out["parser_version"] = PARSER_VERSION
    return out
