"""Text helpers shared by every parser: decoding (UTF-8, GBK/GB18030), whitespace, full-width forms."""

from __future__ import annotations

import re
import unicodedata

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-]+)""", re.I)
_WS = re.compile(r"[ \t\r\f\v\u00a0\u3000\u2002\u2003\u200b]+")

MAX_PAGE_BYTES = 5 * 1024 * 1024  # a notice page larger than this is cut before parsing
MAX_TEXT_CHARS = 20_000  # body text handed on to classification


def decode(body: bytes, content_type: str | None = None) -> tuple[str, str]:
    """Bytes of a page → (text, encoding used). Header charset, then <meta charset>, then UTF-8, then GB18030."""
    candidates: list[str] = []
    if content_type:
        m = re.search(r"charset=([\w\-]+)", content_type, re.I)
        if m:
            candidates.append(m.group(1))
    m = _META_CHARSET.search(body[:4096])
    if m:
        candidates.append(m.group(1).decode("ascii", "ignore"))
    candidates += ["utf-8", "gb18030"]
    for enc in candidates:
        enc = enc.lower()
        if enc in ("gb2312", "gbk"):
            enc = "gb18030"  # superset: GB2312 pages routinely contain GBK characters
        try:
            return body.decode(enc), enc
        except (LookupError, UnicodeDecodeError):
            continue
    return body.decode("utf-8", errors="replace"), "utf-8"


def clean(s: str | None) -> str:
    """Collapse whitespace (nbsp, ideographic space) and strip."""
    if s is None:
        return ""
    return _WS.sub(" ", s).strip()


def nfkc(s: str) -> str:
    """Full-width digits, letters and punctuation to their ASCII forms (１２０，０００ → 120,000)."""
    return unicodedata.normalize("NFKC", s)


BLOCK_TAGS = ["p", "div", "br", "tr", "li", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section", "article",
              "ul", "ol", "dd", "dt", "title", "blockquote", "pre", "hr"]
