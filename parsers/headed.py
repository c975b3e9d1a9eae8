"""A notice's numbered part found by its heading words, whatever the numbering: the national sections
(``四、提交投标文件截止时间、开标时间和地点``, ``三、获取招标文件``; parsers/sections.py), an SOE bulletin's
``7. 投标文件的递交`` or ``四.购买招标文件及开标相关信息`` (SOURCES.md §8; parsers/soe_bulletin.py).

A heading is a line that starts with a numeral (一 … 十二, or 1 … 99 not followed by a sub-number: ``7.1`` is an
item inside ``7.``); the part runs to the next heading numbered the same way. Flattened text without line breaks
falls back on the national sections. Pure functions.
"""

from __future__ import annotations

import re

from parsers.sections import sections

_LINE = re.compile(r"^[ \t]*(?P<num>[一二三四五六七八九十]{1,3}|\d{1,2})[ \t]*[、.．](?!\d)[ \t]*(?P<words>[^\n]*)$",
                   re.M)
LIMIT = 3000  # characters of a part read at most


def headed_parts(text: str, words: re.Pattern, avoid: re.Pattern | None = None) -> list[str]:
    """The parts whose heading (its words up to a colon: at most 30 characters, no sentence) matches ``words`` and not
    ``avoid``, in page order, each
    from its heading words to the next heading of its numbering (at most LIMIT characters)."""
    out: list[str] = []
    for m in _LINE.finditer(text):
        head = re.split(r"[:：]", m["words"], maxsplit=1)[0].strip()
        if len(head) > 30 or re.search(r"[。;；,，]", head) or not words.search(head) \
                or avoid is not None and avoid.search(head):
            continue  # a numbered sentence is not a heading
        digits = m["num"].isdigit()
        end = next((n.start() for n in _LINE.finditer(text, m.end()) if n["num"].isdigit() == digits), len(text))
        out.append(text[m.start("words"):min(end, m.end() + LIMIT)])
    if not out:
        for s in sections(text):
            if words.search(s.heading) and not (avoid is not None and avoid.search(s.heading)):
                out.append(s.body(text)[:LIMIT])
    return out


def headed_part(text: str, words: re.Pattern, avoid: re.Pattern | None = None) -> str | None:
    """The first such part, or None."""
    parts = headed_parts(text, words, avoid)
    return parts[0] if parts else None
