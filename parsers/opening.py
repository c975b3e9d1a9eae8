"""开标 time and place, and the 投标/响应 deadline beside it, where the notice formats print them (SOURCES.md §8).

The 2020 招标公告 has ``四、提交投标文件截止时间、开标时间和地点`` (labelled ``提交投标文件截止时间：…`` / ``开标时间：…``
/ ``开标地点：…`` lines, or one unlabelled time and ``地点：…`` for both); 竞争性磋商/谈判/询价 notices say
``四、响应文件提交`` / ``五、响应文件开启`` (``开启时间：…``), older ones ``递交响应文件截止时间及磋商会议时间：…``,
``谈判时间：…``; SOE bulletins ``投标截止时间（即开标时间，下同）：…``, ``开标地点：本次招标将于…在X进行不见面开标``,
``询比采购开始时间：…``. Read in this order: a labelled opening time (a label may name the deadline too), the first
time of a part headed by the opening (``五、响应文件开启``), a ``将于…在…开标`` sentence, ``开标时间：同投标截止时间``.
A label about the old value (``原开标时间``) or another step (报名, 答疑, 解密) is not the opening. Pure functions.
"""

from __future__ import annotations

import re

from parsers.dates import find_datetime
from parsers.headed import headed_part
from parsers.tables import is_placeholder
from parsers.text import clean, nfkc

# what a notice calls the moment bids are opened
_OPEN = r"(?:开标|开启|唱标|磋商会议|询比会议|询比采购开始|询比开始|谈判)"
# a label: words, or bracketed asides (即开标时间，下同), up to its separator
_WORDS = r"(?:[^\n:：。;；,，()]|\([^)\n]{0,24}\)){0,30}?"
_SEP = r"\s*(?:[:：\t]|为|是)\s*"
# the opening named by the label itself or in its aside: 投标截止时间（即开标时间，下同）
_OPEN_TIME = r"(?:" + _OPEN + r"(?:的)?(?:时间|日期)|\([^)\n]{0,8}" + _OPEN + r"(?:的)?时间[^)\n]{0,16}\))"
_TIME_LABEL = re.compile(r"(?P<label>" + _WORDS + _OPEN_TIME + _WORDS + r")" + _SEP + r"(?P<value>[^。;；]{0,80})")
_PLACE_LABEL = re.compile(r"(?P<label>" + _WORDS + r"(?:(?:" + _OPEN + r"|磋商)[^\n:：。;；,，]{0,4}?地点(?:\([^)\n]{0,10}\))?"
                          r"|地点\([^)\n]{0,4}" + _OPEN + r"地点\)))"
                          + r"(?:[ \t]*[:：]|\s*\t|[ \t]*为)[ \t]*(?P<value>[^\n]{2,240}(?:\n[^\n]{0,80}){0,3})")
# the place in the rest of an opening label's line: …截止时间和开标时间为X，地点为Y
_PLACE_AFTER = re.compile(r"[,，]\s*(?:开标|递交|投标)?地点\s*(?:为|[:：])\s*(?P<value>[^\n]{2,240})")
_NOT_OPENING = re.compile(r"原|更正前|变更前|报名|获取|下载|答疑|澄清|质疑|公示|保证金|评标|评审|解密|签到|报价开始")
_DEADLINE_WORD = re.compile(r"截止")
_OPEN_HEAD = re.compile(_OPEN)
_DOCS_HEAD = re.compile(r"获取|购买|领取|发售")
_SAME_AS_DEADLINE = re.compile(r"^\s*同(?:投标|响应|递交)")
_WILL = re.compile(r"(?:将|定|拟)于\s*(?P<when>(?:19|20)\d{2}[^在。\n]{4,30}?)\s*(?:\(北京时间\))?\s*在\s*"
                   r"(?P<place>(?=[^。\n]{0,200}?(?:开标|开启|询比|磋商|谈判))[^。\n]{2,200})")
_PLACE_IN_PART = re.compile(r"(?:^|[\s。;；,，])(?:\(\w\)|\d\s*[、.])?[ \t]*地点(?:\(网址\))?[ \t]*(?:[:：]|为)[ \t]*"
                            r"(?P<value>[^\n]{2,240})")
_SUBMIT_BY = re.compile(r"(?:并|应|须|请)?于\s*(?P<when>(?:19|20)\d{2}[^前。\n]{4,30}?)\s*(?:\(北京时间\))?\s*(?:之)?前\s*"
                        r"(?:将[^。\n]{0,12})?(?:递交|提交|上传|送达|送交)")
_DEADLINE_LABEL = re.compile(r"(?P<label>" + _WORDS + r"截止(?:时间|日期)" + _WORDS + r")" + _SEP
                             + r"(?P<value>[^。;；]{0,80})")
_SUFFIX = re.compile(r"\s*(?:进行|举行|召开)[^()]*$")


def _at(value: str) -> tuple[str, object, bool] | None:
    """The time that starts a label's value (``于`` and ``北京时间`` allowed before it)."""
    return find_datetime(value, within=6)


def place(value: str | None) -> str | None:
    """A place as printed, up to its sentence or clause end outside brackets: ``宁波市阳光采购服务平台(…三楼)进行不见面
    开标,投标人无需…`` → ``宁波市阳光采购服务平台(…三楼)``; ``本次招标将于…在X进行…`` → X; a placeholder is None."""
    lines = nfkc(value or "").split("\n")
    v = lines[0]
    for more in lines[1:]:  # a bracket left open runs on to the next lines: 公园北街⏎162号文苑写字楼⏎4楼)开标厅
        if v.count("(") <= v.count(")"):
            break
        v += more.strip()
    v = clean(v)
    m = _WILL.search(v)
    if m:
        v = m["place"]
    depth, cut = 0, None
    for i, ch in enumerate(v):
        depth += (ch == "(") - (ch == ")")
        if depth <= 0 and ch in ",，。;；":
            cut = i
            break
    if cut is None:  # brackets that never close: the first clause end
        cut = next((i for i, ch in enumerate(v) if ch in ",，。;；"), len(v))
    v = _SUFFIX.sub("", v[:cut]).strip(" :：")
    v = re.sub(r"^(?:本项目|本次(?:招标|采购))?(?:在|于)\s*", "", v)
    if len(v) < 2 or is_placeholder(v) or re.fullmatch(r"[\d\s:：年月日时分()北京间]+", v):
        return None
    return v[:200]


# the word every label of a kind holds: a label is looked for only around it (a label may start anywhere, and
# trying each position of a long page costs more than the rest of the parse)
_KEYS = {_TIME_LABEL: re.compile(_OPEN + r"(?:的)?(?:时间|日期)"), _PLACE_LABEL: re.compile(r"地点"),
         _DEADLINE_LABEL: re.compile(r"截止(?:时间|日期)")}


_NEAR_PLACE = re.compile(r"(?:" + _OPEN + r"|磋商)[^\n:：。;；,，]{0,4}?地点|地点\(")


def clause_start(text: str, at: int, back: int = 80) -> int:
    """Where the clause holding ``at`` starts: after the last line end, colon or sentence mark before it."""
    for i in range(at - 1, max(-1, at - back - 1), -1):
        if text[i] in "\n:：。;；,，":
            return i + 1
    return max(0, at - back)


def _labelled(text: str, label_re: re.Pattern) -> list[re.Match]:
    """The label's matches, the next searched from where a value starts (a heading's value may hold a label)."""
    out, pos = [], 0
    for key in _KEYS[label_re].finditer(text):
        if key.end() <= pos or label_re is _PLACE_LABEL and not _NEAR_PLACE.search(text, max(0, key.start() - 8),
                                                                                     key.end() + 1):
            continue
        end = key.end() + 600
        m = next((m for s in range(max(pos, clause_start(text, key.start())), key.start() + 1)
                  if (m := label_re.match(text, s, end))), None)  # the leftmost label that holds the key
        if m is None:
            continue
        if not _NOT_OPENING.search(m["label"]):
            out.append(m)
        pos = m.start("value") if m.start("value") > pos else m.end()
    return out


def _place_labels(text: str) -> list[re.Match]:
    """开标地点：X and the like; a heading that names the time too (开标时间和地点：) is not one."""
    return [m for m in _labelled(text, _PLACE_LABEL) if "时间" not in m["label"]]


def _labelled_time(text: str) -> tuple[tuple | None, tuple | None, str | None, bool]:
    """From the opening labels: (the first opening time, a deadline the same label names, the place later on its
    line, whether ``开标时间：同投标截止时间`` was said)."""
    opening = deadline = spot = None
    same = False
    for m in _labelled(text, _TIME_LABEL):
        at = _at(m["value"])
        if at is None:
            same = same or bool(_SAME_AS_DEADLINE.match(m["value"]))
            continue
        if opening is None:
            opening = at
            line = text[m.start("value"):text.find("\n", m.start("value")) % (len(text) + 1)]
            after = _PLACE_AFTER.search(line)  # …截止时间和开标时间为X，地点为Y
            spot = place(after["value"]) if after else None
        if deadline is None and _DEADLINE_WORD.search(m["label"]):
            deadline = at
    return opening, deadline, spot, same


def _deadline(text: str) -> tuple | None:
    """A labelled 截止时间 (not of 报名, 答疑 …), else the 项目概况 sentence ``并于X（北京时间）前递交投标文件``."""
    m = next(iter(_labelled(text, _DEADLINE_LABEL)), None)
    if m:
        return _at(m["value"])
    m = _SUBMIT_BY.search(text)
    return _at(m["when"]) if m else None


def read_opening(text: str) -> dict:
    """opening / opening_raw / opening_place, and deadline / deadline_raw when a label or sentence states the
    deadline (the caller keeps a layout's own deadline); only what was found, plus ``opening_warnings``."""
    text = nfkc(text or "")
    opening, deadline, spot, same = _labelled_time(text)
    part = headed_part(text, _OPEN_HEAD, _DOCS_HEAD)  # 五、响应文件开启 / 四、…开标时间和地点
    if opening is None and part:
        opening = find_datetime(part[:600])
    will = _WILL.search(text)  # 本次招标将于X在Y进行不见面开标
    if opening is None and will:
        opening = _at(will["when"])
    deadline = deadline or _deadline(text)
    if opening is None and same:
        opening = deadline
    found: dict = {}
    if deadline:
        found["deadline_raw"], found["deadline"] = deadline[0][:100], deadline[1]
    if opening:
        raw, at, has_time = opening
        found["opening_raw"], found["opening"] = raw[:100], at
        if not has_time:
            found["opening_warnings"] = [f"opening: no time of day in {raw!r}"]
    spot = next((place(m["value"]) for m in _place_labels(text) if place(m["value"])), spot)
    if spot is None and part:
        spot = next((place(m["value"]) for m in _PLACE_IN_PART.finditer(part) if place(m["value"])), None)
    if spot is None and will:
        spot = place(will["place"])
    if spot:
        found["opening_place"] = spot
    return found
