"""The invented signature of the mirror's front end (the real portal's is not reproduced, SOURCES.md §7.5).

The page's script (mirrors/zcy/pages.py, ``sign``) and this module compute the same thing: two 32-bit FNV-1a
hashes over ``key + method + path + X-Timestamp + X-Nonce + body`` (UTF-8), hex. The spider never computes it:
it lets the page make its calls. Tests use it to build a correctly signed call by hand.
"""

from __future__ import annotations

SIGN_KEY = "zcy-portal-7f3a"  # stands in the page's script, as a front-end key would
SIGN_VERSION = "v2"
WAF_KEY = "waf-aa-19c2"  # the challenge script's key for the acw_sc__v2 cookie


def fnv1a(data: bytes, seed: int = 0x811C9DC5) -> str:
    h = seed & 0xFFFFFFFF
    for b in data:
        h ^= b
        h = (h * 0x01000193) & 0xFFFFFFFF
    return f"{h:08x}"


def sign(method: str, path: str, timestamp: str, nonce: str, body: str = "") -> str:
    text = "\n".join([method.upper(), path, timestamp, nonce, body])
    return fnv1a((SIGN_KEY + text).encode("utf-8")) + fnv1a((text + SIGN_KEY).encode("utf-8"), 0x5BD1E995)


def waf_cookie(arg1: str) -> str:
    """The acw_sc__v2 value the challenge script computes from its ``arg1``."""
    return f"{arg1}.{fnv1a((arg1 + WAF_KEY).encode('ascii'))}"


def waf_cookie_ok(value: str | None) -> bool:
    if not value or "." not in value:
        return False
    arg1 = value.split(".", 1)[0]
    return waf_cookie(arg1) == value
