"""The notice type of a 招标投标法-style SOE bulletin from its wording, for a page whose HTML has no title that says it
(the Ningbo platform serves the bulletin's body alone: its title lives in the site's list, not on the page).

How the type is chosen — the first rule that holds wins:

0. the title, when the page has one that names a type, was read before this (common/notice_types.py, in
   parsers/generic.py) and is kept;
1. the opening lines name the notice: 更正 / 补充 / 澄清 / 变更公告 or ``现对…作如下更正`` → 更正公告; 终止 / 招标失败 /
   流标 / 废标 → 终止/废标公告; 中标候选人公示 / 评标结果公示 → 中标候选人公示; 中标结果公告 / 中标公告 / 成交公告 →
   中标/成交公告;
2. the labelled lines of a result: ranked ``第一中标候选人`` (or ``第一名`` … ``第二名``) lines → 中标候选人公示;
   ``中标人：`` / ``中标单位：`` / ``成交供应商：`` with a name, or ``中标价：`` → 中标/成交公告 — but a 中标公示 over
   ranked candidates is their 公示;
3. the parts of a call: 招标条件 … 现进行公开招标, the 招标/采购文件的获取 and 投标/响应文件的递交 sections,
   ``凡有意参加…者``, ``欢迎…参加``, or a 单一来源 (单源) 采购公示's ``拟采用单源采购方式`` → 招标/采购公告 (the contract's
   type for every method's call, 单一来源 公示 included).

A call's own rules mention 中标候选人, 终止 and 澄清 ("产生中标候选人后…", "澄清文件…"): rule 1 reads only the opening
lines and rule 2 only labelled lines, so those words in the body never make a call a result or a correction.
Pure functions.
"""

from __future__ import annotations

import re

from common.notice_types import AWARD, CANDIDATES, CORRECTION, FAILED, TENDER

_OPENING: tuple[tuple[re.Pattern, str], ...] = (
    (re.compile(r"(?:更正|补充|澄清|变更|答疑)(?:公告|公示|通知)|现(?:对|就)[^。\n]{0,80}?(?:作|做|进行)(?:如下|以下)?(?:更正|补充|澄清|变更)"),
     CORRECTION),
    (re.compile(r"终止(?:招标|采购)?(?:公告|公示)|(?:招标|采购)(?:失败|终止)(?:公告|公示)|流标(?:公告|公示)|废标(?:公告|公示)|"
                r"(?:决定|现)终止(?:本(?:次|项目))?(?:招标|采购)"), FAILED),
    (re.compile(r"中标候选人(?:公示|公告)|评标结果(?:公示|公告)|成交候选人(?:公示|公告)|拟中标"), CANDIDATES),
    (re.compile(r"中标(?:结果)?(?:公告|公示)|成交(?:结果)?(?:公告|公示)|中标人公示"), AWARD),
)
_RESULT_LINES: tuple[tuple[re.Pattern, str], ...] = (
    # ranked bidders: "第一中标候选人：X" / "第一中标候选人" over its rows / "第一名 … 第二名" lines
    (re.compile(r"^\s*第[一1](?:中标|成交)候选人\s*(?:名称)?\s*(?:[:：]|$)|^\s*第一名\s*$(?=[\s\S]*^\s*第二名\s*$)", re.M), CANDIDATES),
    (re.compile(r"^\s*(?:中\s*标\s*人|中标单位|中标供应商|成交供应商|成交人)\s*(?:名称)?\s*[:：]\s*\S{2,}|^\s*中标价\s*(?:[（(][^)）]{0,8}[)）])?\s*[:：]", re.M),
     AWARD),
)
_CALL = re.compile(
    r"现(?:(?:对|就)[^。\n]{0,80}?)?进行[^。\n]{0,10}?(?:公开)?(?:招标|采购|询比|磋商|谈判)|"
    r"[,，]\s*(?:对|就)[^。\n]{2,80}?进行(?:国内)?(?:公开招标|邀请招标|竞争性磋商|竞争性谈判|询价|询比|公开采购)|具备(?:招标|采购)条件|"
    r"(?:招标|采购|询比|磋商|谈判|响应)文件的?(?:获取|发售|领取)|(?:投标|响应)(?:[（(](?:投标|响应)[)）])?文件的?(?:递交|提交|上传)|"
    r"凡有意参加[^。\n]{0,12}者|欢迎[^。\n]{0,30}参加|(?:现|公告)邀请[^。\n]{0,40}(?:投标|参加)|"
    r"(?:拟|采用|采取)单(?:一来)?源采购方式|单(?:一来)?源采购(?:公示|论证|的依据)|拟定的唯一供应商")


def opening_lines(text: str, lines: int = 4, chars: int = 300) -> str:
    """The first non-empty lines of the body (where a bulletin names itself), at most ``chars`` characters."""
    kept = [ln.strip() for ln in text.splitlines() if ln.strip()][:lines]
    return "\n".join(kept)[:chars]


def notice_type_from_wording(text: str) -> str | None:
    """The type the bulletin's wording states (rules 1–3 of the module's note), else None."""
    head = opening_lines(text)
    kind = next((k for rx, k in _OPENING if rx.search(head)), None) or next(
        (k for rx, k in _RESULT_LINES if rx.search(text)), None)
    if kind == AWARD and _RESULT_LINES[0][0].search(text):
        return CANDIDATES  # "中标公示" over a list of ranked candidates: the 招标投标法 公示 of the candidates
    if kind:
        return kind
    return TENDER if _CALL.search(text) else None
