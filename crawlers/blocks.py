"""Blocked and empty answers, recognised in one place (SOURCES.md §7.1: a blocked request is rarely an error code).

``problem(response, spider)`` names what is wrong with an answer, or None for an answer worth reading:

- ``captcha`` — a page asking for a captcha (never solved: the run stops with status ``captcha``);
- ``throttle`` — a 200 page saying 访问过于频繁 (or the site's own "too frequent" code: ``spider.block_reason``);
- ``forbidden`` — HTTP 403 or 412, a firewall refusing the request (ccgp www, the Guangdong gpcms firewall);
- ``challenge`` — HTTP 200 with a JavaScript challenge page (Aliyun WAF on 政采云: ``renderData``,
  ``aliyun_waf_aa``);
- ``empty`` — HTTP 200 with an empty body (ggzy's CDN, intermittently);
- ``json-error`` — HTTP 200 with a JSON error such as ``{"code":"500","msg":"系统异常"}`` (gpcms).

None of these is a notice: the middleware retries them with back-off and, when they persist, drops them
before any spider callback sees them, so they are never archived and their ids never become known; the run
then ends ``blocked`` (crawlers/runner.py).
"""

from __future__ import annotations

import json

CHALLENGE_MARKERS = ("aliyun_waf_aa", "renderData", "acw_sc__v2", "__jsl_clearance")
CHALLENGE_MAX_BYTES = 50_000  # a challenge page is small; a notice that quotes a marker is not one
JSON_ERROR_CODES = {"500", "-1"}


def problem(response, spider=None) -> str | None:  # noqa: ANN001
    own = spider.block_reason(response) if spider is not None and hasattr(spider, "block_reason") else None
    if own:
        return own
    if response.status in (403, 412):
        return "forbidden"
    if response.status != 200:
        return None
    body = response.body or b""
    if not body.strip():
        return "empty"
    if len(body) <= CHALLENGE_MAX_BYTES:
        head = body[:CHALLENGE_MAX_BYTES].decode("utf-8", "replace")
        if any(m in head for m in CHALLENGE_MARKERS) and "<script" in head.lower():
            return "challenge"
        stripped = head.lstrip()
        if stripped.startswith("{"):
            try:
                data = json.loads(head)
            except ValueError:
                return None
            if isinstance(data, dict) and str(data.get("code")) in JSON_ERROR_CODES and "msg" in data \
                    and not data.get("data"):
                return "json-error"
    return None
