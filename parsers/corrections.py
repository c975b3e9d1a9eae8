"""更正公告 (SOURCES.md §8): what a correction changes, read as a list of (what, old, new), and the new values it
sets on the correction's own fields.

The national template puts the changes in 二、更正信息: ``更正事项：采购文件`` / ``更正内容：…`` / ``更正日期：…``.
更正内容 is free text, one change a clause, numbered ``1、`` ``2、`` when there are several. The phrasings read here,
each seen in the development material:

* ``提交投标文件截止时间及开标时间变更为2026年11月17日 09点30分（北京时间）`` — what, then the new value (the ccgp
  mirror; SOURCES §8: ``投标截止时间和开标时间变更为YYYY年MM月DD日 HH:MM``);
* ``主要标的信息中防弹防刺服数量1更正为195`` — the old value run onto what (ccgp-beijing via an aggregator,
  realdata notices/042);

and the forms those two generalise to: ``由A变更为B``, ``原X为A，现变更为B``, ``推迟至`` / ``延期至``, and a
``更正项 | 更正前 | 更正后`` table written as cells (tab- or pipe-separated lines). Each change is
``{"what", "old", "new", "field"}``: ``field`` names the notice field the new value sets (``deadline``,
``budget_cny``, ``max_price_cny``) or is None. A correction's new deadline, budget and ceiling replace what the page
otherwise gave for those fields (a correction may repeat the old value elsewhere in its text); a new 开标 time (a
deadline change whose what names 开标) sets ``opening`` as well.

Pure functions over the body text as the layouts extract it (NFKC: ``：`` is ``:`` and ``（`` is ``(``).
"""

from __future__ import annotations

import re

from common.notice_types import CORRECTION
from parsers.amounts import parse_amount
from parsers.dates import parse_datetime
from parsers.text import clean, nfkc

# where the changes start: the section heading, else the 更正内容 label, else the 更正事项 label (in this order)
_STARTS = (re.compile(r"更正信息|变更信息"), re.compile(r"更正内容|变更内容"), re.compile(r"更正事项"))
# where they end: the next section heading (三、其他补充事宜, 九、对本次公告内容提出询问 …) or the 更正日期 line
_END = re.compile(r"(?<![\d一二三四五六七八九十])[一二三四五六七八九十]{1,2}\s*、\s*(?!更正)"
                  r"|更正日期|其[他它]补充事宜|凡对本次|对本次公告")
# the verb between what (and the old value) and the new value
_VERB = re.compile(r"\s*(?:现|均|统一)?(?:变更为|更正为|调整为|修改为|更改为|改为|变更至|推迟至|延期至|顺延至|延长至|"
                   r"延后至|提前至)\s*[:：]?\s*")
_ORIGINAL = re.compile(r"^原(?:公告|招标文件|采购文件)?(?:中|的)?\s*(?P<what>.+?)\s*(?:为|是|:)\s*(?P<old>.+?)\s*[,，]?\s*$")
_FROM = re.compile(r"^(?P<what>.+?)\s*(?:由|从)\s*(?P<old>.+?)\s*$")
# an old value run onto what: 数量1, 投标截止时间2026年5月6日9:30
_TRAILING = re.compile(r"^(?P<what>.*[^\d\s.,:\-/年月日点分时])\s*(?P<old>\d[\d\s.,:\-/年月日点分时()北京间]*?)\s*$")
# a clause: split at sentence ends and before item numbers (1、 2、, (1) (2), ①)
_CLAUSE = re.compile(r"[。;；\n]+|(?<![\d.:])(?=\d{1,2}\s*、)|(?=\(\d{1,2}\))|(?=[①②③④⑤⑥⑦⑧⑨⑩])")
_ITEM = re.compile(r"^\s*(?:\d{1,2}\s*、|\(\d{1,2}\)|[①②③④⑤⑥⑦⑧⑨⑩])\s*")
_LABEL = re.compile(r"^\s*(?:更正内容|变更内容|更正事项|更正信息|二\s*、\s*更正信息)\s*[:：]?\s*")
_WHAT_NOISE = re.compile(r"^(?:将|把|现将|本项目(?:的)?|本次(?:的)?|项目(?:的)?)|(?:的)$")
_NEW_TAIL = re.compile(r"[\s,，。.;；]+$")

# what a change is about → the notice field its new value sets (first match wins)
_FIELDS = (
    (re.compile(r"获取|报名|质疑|答疑|澄清|公示期|公告期"), None),  # other dates: not the deadline
    (re.compile(r"截止|开标|递交|提交.{0,6}文件"), "deadline"),
    (re.compile(r"最高限价|控制价|拦标价|限价"), "max_price_cny"),
    (re.compile(r"预算"), "budget_cny"),
)
# table headers: which column holds what, the old and the new value
_COL_WHAT = re.compile(r"更正项|变更项|更正事项|更正内容$|项目$|内容$|条款")
_COL_OLD = re.compile(r"更正前|变更前|原内容|原公告|原")
_COL_NEW = re.compile(r"更正后|变更后|现内容|更正为|变更为|现")


# the template's own labels: a page that has them is a correction even when its title does not say so (a flattened
# aggregator copy whose first line runs the title into the body, realdata notices/042)
_TEMPLATE = re.compile(r"原公告的采购项目(?:编号|名称)|更正事项\s*[:：]|更正内容\s*[:：]")


def looks_like_correction(text: str) -> bool:
    return bool(_TEMPLATE.search(nfkc(text or "")[:3000]))


def field_of(what: str | None, new: str | None = None) -> str | None:
    """The notice field a change of ``what`` sets, when its new value reads as that field's kind."""
    text = nfkc(what or "")
    for pattern, name in _FIELDS:
        if pattern.search(text):
            if name == "deadline" and parse_datetime(new) is None:
                return None
            if name in ("budget_cny", "max_price_cny") and parse_amount(new or "", label=text) is None:
                return None
            return name
    return None


def _change(what: str, old: str | None, new: str) -> dict | None:
    what = _WHAT_NOISE.sub("", clean(_LABEL.sub("", _ITEM.sub("", what)))).strip(" ,，:")
    new = _NEW_TAIL.sub("", clean(new))
    old = _NEW_TAIL.sub("", clean(old)) if old else None
    if not what or not new:
        return None
    return {"what": what[:120], "old": (old or None) and old[:200], "new": new[:200], "field": field_of(what, new)}


def _from_clause(clause: str) -> dict | None:
    m = _VERB.search(clause)
    if not m:
        return None
    left, new = clause[:m.start()], clause[m.end():]
    left = _LABEL.sub("", _ITEM.sub("", left)).strip(" ,，")
    left = re.sub(r"[,，]\s*现$", "", left)
    old = None
    for pattern in (_ORIGINAL, _FROM, _TRAILING):
        hit = pattern.match(left)
        if hit:
            left, old = hit["what"], hit["old"]
            break
    return _change(left, old, new)


def _from_rows(lines: list[str]) -> list[dict]:
    """A 更正项 | 更正前 | 更正后 table written as lines of tab- or pipe-separated cells."""
    out: list[dict] = []
    cols = None
    for line in lines:
        sep = "\t" if "\t" in line else "|" if "|" in line else None
        if sep is None:
            cols = None
            continue
        cells = [clean(c) for c in line.strip().strip("|").split(sep)]
        if cols is None:
            new = next((i for i, c in enumerate(cells) if _COL_NEW.search(c)), None)
            old = next((i for i, c in enumerate(cells) if _COL_OLD.search(c) and i != new), None)
            what = next((i for i, c in enumerate(cells) if _COL_WHAT.search(c) and i not in (new, old)), None)
            if new is not None and old is not None and what is not None:
                cols = (what, old, new)
            continue
        if len(cells) > max(cols):
            change = _change(cells[cols[0]], cells[cols[1]], cells[cols[2]])
            if change:
                out.append(change)
    return out


def correction_section(text: str) -> str | None:
    """The text of 二、更正信息 (from its heading or the 更正内容 label to the next section), None when absent."""
    s = nfkc(text or "")
    m = next((hit for hit in (p.search(s) for p in _STARTS) if hit), None)
    if not m:
        return None
    end = _END.search(s, m.end())
    return s[m.start():end.start() if end else len(s)]


def parse_changes(text: str) -> list[dict]:
    """The changes a correction states, in the page's order. Without a 更正信息 section only clauses about a field
    (deadline, budget, ceiling) count: elsewhere ``变更为`` is as likely to be about a licence or a scope."""
    section = correction_section(text)
    scope = section if section is not None else nfkc(text or "")
    changes = _from_rows(scope.splitlines())
    if not changes:
        for clause in _CLAUSE.split(scope):
            change = _from_clause(clause) if clause and clause.strip() else None
            if change:
                changes.append(change)
    if section is None:
        changes = [c for c in changes if c["field"]]
    seen, out = set(), []
    for c in changes:
        key = (c["what"], c["old"], c["new"])
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out[:30]


def apply_changes(out: dict) -> dict:
    """On a 更正公告: ``changes`` and the new deadline / budget / ceiling set on the notice's own fields. A notice of
    no known type that carries the template's labels is taken for a correction; other notices are left as they
    are. Returns ``out``."""
    if out.get("notice_type") is None and looks_like_correction(out.get("text") or ""):
        out["notice_type"] = CORRECTION
    if out.get("notice_type") != CORRECTION:
        return out
    changes = parse_changes(out.get("text") or "")
    out["changes"] = changes
    deadline = None
    for c in changes:
        if c["field"] == "deadline":
            # a change of the 截止 time wins over one of the 开标 time alone
            if deadline is None or ("截止" in c["what"] and "截止" not in deadline["what"]):
                deadline = c
        elif c["field"] in ("budget_cny", "max_price_cny"):
            money = parse_amount(c["new"], label=c["what"])
            if money:
                prefix = c["field"][:-4]
                out[c["field"]], out[f"{prefix}_raw"] = money.cny, money.raw
    if deadline is not None:
        out["deadline"], out["deadline_raw"] = parse_datetime(deadline["new"]), deadline["new"][:100]
    opening = next((c for c in changes if c["field"] == "deadline" and re.search(r"开标|开启", c["what"])), None)
    if opening is not None:  # 截止时间及开标时间变更为…: the new 开标 time too
        out["opening"], out["opening_raw"] = parse_datetime(opening["new"]), opening["new"][:100]
    if not changes:
        out.setdefault("warnings", []).append("correction without a change found (更正内容)")
    return out
