"""Traditional characters read as simplified (SOURCES.md §8: aggregators re-encode notices, e.g. 採購人 / 預算金額 /
公開招標). A page with a few traditional-only characters is converted as a whole with zhconv's zh-cn table, so
labels, names and amounts read as on the simplified original; a simplified page is returned unchanged (a stray
traditional character in a name, such as 於 or 乾, is not a re-encoding)."""

from __future__ import annotations

import re
from functools import lru_cache

MIN_TRADITIONAL = 3  # traditional-only characters before a page counts as re-encoded
AMBIGUOUS = set("乾於後著") | set("夥瞭藉")  # also written in simplified text (乾隆, 於姓, 著作 …): not evidence


@lru_cache(maxsize=1)
def _traditional() -> re.Pattern:
    from zhconv import zhconv

    table = zhconv.getdict("zh-cn")
    chars = sorted(k for k, v in table.items() if len(k) == 1 and k != v and k not in AMBIGUOUS)
    return re.compile("[" + "".join(re.escape(c) for c in chars) + "]")


def is_traditional(text: str) -> bool:
    found = 0
    for _ in _traditional().finditer(text):
        found += 1
        if found >= MIN_TRADITIONAL:
            return True
    return False


def simplified(text: str) -> str:
    """The text in simplified characters when it was written (or re-encoded) in traditional ones, else itself."""
    if not text or not is_traditional(text):
        return text
    import zhconv

    return zhconv.convert(text, "zh-cn")
