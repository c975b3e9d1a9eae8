"""The drill-down lists' headings in plain Chinese: the key a number links by (``matrix:地市级:数据``,
``province:43``) is for the page's anchors and data attributes; a reader sees 地市级 · 数据, 湖南省."""

from __future__ import annotations

from reports.format import UNKNOWN, label

FIXED = {
    "all": "本周全部公告",
    "relevant": "本周相关公告",
    "relevant:tenders": "相关招标公告",
    "relevant:awards": "相关中标公告",
    "ratio": "可与招标预算对照的相关中标公告",
    "tender_to_award": "可与首次招标公告对照的相关中标公告",
    "outcomes": "本周公布结果的相关项目",
    "failed": "本周终止或废标的相关项目",
}
PREFIXED = {  # key prefix → how the rest is named
    "level": "{}（层级）",
    "category": "{}（类别）",
    "model": "{}（交付模式）",
    "method": "{}（采购方式）",
    "buyer": "采购人：{}",
    "supplier": "中标供应商：{}",
    "source": "来源：{}",
}


def heading(key: str) -> str:
    from reports.sections.regions import region_name

    if key in FIXED:
        return FIXED[key]
    kind, _, rest = key.partition(":")
    if kind == "matrix":
        level, _, category = rest.partition(":")
        return f"{level} · {category}"
    if kind in ("province", "city"):
        name = region_name(rest, 2 if kind == "province" else 4)
        return "地区未识别" if name == UNKNOWN else name
    if kind == "model":
        rest = label(rest)
    if kind in PREFIXED:
        return PREFIXED[kind].format(rest or UNKNOWN)
    return f"相关公告：{key}"  # a key a new section adds before it is named here: still a readable heading
