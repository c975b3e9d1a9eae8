"""Traditional characters read as simplified (SOURCES.md §8: aggregators re-encode notices, e.g. 採購人 / 預算金額 /
公開招標). A page with a few traditional-only characters is converted as a whole with zhconv's zh-cn table, so
labels, names and amounts read as on the simplified original; a simplified page is returned unchanged (a stray
traditional character in a name, such as 於 or 乾, is not a re-encoding)."""

from __future__ import annotations

import codecs
from functools import lru_cache

MIN_TRADITIONAL = 3  # traditional-only characters before a page counts as re-encoded
AMBIGUOUS = set("乾於後著") | set("夥瞭藉")  # also written in simplified text (乾隆, 於姓, 著作 …): not evidence


@lru_cache(maxsize=1)
def _traditional() -> frozenset[str]:
    """Traditional-only characters outside GB2312 (the 24 inside it are quotes 「」 and rare characters)."""
    from zhconv import zhconv

    def outside_gb2312(c: str) -> bool:
        try:
            c.encode("gb2312")
        except UnicodeEncodeError:
            return True
        return False

    table = zhconv.getdict("zh-cn")
    return frozenset(k for k, v in table.items() if len(k) == 1 and k != v and k not in AMBIGUOUS and outside_gb2312(k))


def _mark(err: UnicodeEncodeError) -> tuple[str, int]:
    """Encoding error handler: a \\x01 for each traditional-only character of the run GB2312 cannot encode."""
    run = err.object[err.start:err.end]
    return "\x01" * sum(c in _traditional() for c in run), err.end


codecs.register_error("tenderwatch-traditional", _mark)


def is_traditional(text: str) -> bool:
    """At least MIN_TRADITIONAL traditional-only characters. Encoding to GB2312 (C speed) hands the handler only
    the few characters outside it: a tenth of the time of a set over every character of a page."""
    marks = text.encode("gb2312", "tenderwatch-traditional").count(b"\x01") - text.count("\x01")
    return marks >= MIN_TRADITIONAL


def simplified(text: str) -> str:
    """The text in simplified characters when it was written (or re-encoded) in traditional ones, else itself."""
    if not text or not is_traditional(text):
        return text
    import zhconv

    return zhconv.convert(text, "zh-cn")
