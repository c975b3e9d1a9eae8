"""本周要点: a short paragraph computed from the week's figures (the sections built before it), one sentence per fact
the figures support: counts and their change on last week, amounts, the largest buyer, region, category and notice,
the largest open call, the deadlines ahead and the contracts that end soon. A figure the week lacks gives no
sentence; nothing is said that the tables do not show."""

from __future__ import annotations

from reports.base import Context
from reports.format import UNKNOWN, label, money, share

TITLE_CHARS = 40


def _title(text: str | None) -> str:
    text = (text or "（无标题）").strip()
    return text if len(text) <= TITLE_CHARS else text[:TITLE_CHARS - 1] + "…"


def _change(v: float | None) -> str:
    if v is None:
        return ""
    if abs(v) < 0.0005:
        return "，与上周持平"
    return f"，较上周{'增加' if v > 0 else '减少'} {abs(v):.1%}"


def _top(frame, key: str, by: str = "notices"):  # noqa: ANN001, ANN202
    rows = [r for r in frame.to_dict("records") if r[by] and r.get(key) not in (None, UNKNOWN)]
    return max(rows, key=lambda r: (r[by], r["amount"] or 0)) if rows else None


def points(v: dict) -> list[dict]:
    """The sentences, each {key, text}: the key names the fact (tests and the page's data-key read it)."""
    h, trend = v["headline"], {t["key"]: t for t in v["trend"]}
    rel, n = h["relevant"], h["relevant"]["notices"]
    out = []
    if not n:
        return [{"key": "relevant", "text": f"本周没有相关公告（全部公告 {h['all']['notices']} 条）"}]
    prev = trend["notices"]["prev"]
    change = _change(trend["notices"]["vs_prev"]) + f"（上周 {prev} 条）" if prev else "；上周没有相关公告"
    out.append({"key": "relevant", "text": f"本周相关公告 {n} 条，占全部公告 {h['all']['notices']} 条的 "
                                           f"{share(n / h['all']['notices'])}{change}"})
    parts = []
    if rel["tenders"]:
        budget = money(rel["budget"]) if rel["with_budget"] else "未公布"
        untold = rel["tenders"] - rel["with_budget"]
        note = f"（其中 {untold} 条未公布预算）" if rel["with_budget"] and untold else ""
        moved = _change(trend["budget"]["vs_prev"]) if rel["with_budget"] and trend["budget"]["prev_known"] else ""
        parts.append(f"相关招标 {rel['tenders']} 条，预算合计 {budget}{note}{moved}")
    if rel["awards"]:
        award = money(rel["award"]) if rel["with_award"] else "未公布"
        parts.append(f"相关中标 {rel['awards']} 条，中标金额合计 {award}")
    if parts:
        out.append({"key": "amounts", "text": "；".join(parts)})
    buyers = [b for b in v["buyers"].to_dict("records") if b["amount"]]
    if buyers:
        b = buyers[0]
        out.append({"key": "buyer", "text": f"金额最大的采购人是{b['buyer']}（{b['notices']} 条，{money(b['amount'])}）"})
    where = []
    province = _top(v["provinces"], "name")
    if province:
        where.append(f"公告最多的省份是{province['name']}（{province['notices']} 条，占 {share(province['share'])}）")
    city = _top(v["cities"], "name")
    if city:
        where.append(f"城市是{city['name']}（{city['notices']} 条）")
    if where:
        out.append({"key": "region", "text": "，".join(where)})
    category = _top(v["by_category"], "category")
    if category:
        out.append({"key": "category", "text": f"类别中{label(category['category'])}最多（{category['notices']} 条，"
                                               f"占 {share(category['share'])}）"})
    if len(v["largest"]):
        x = v["largest"].iloc[0]
        out.append({"key": "largest", "text": f"金额最大的一条是{x['notice_type']}《{_title(x['title'])}》"
                                              f"（{money(x['amount'])}）"})
    if len(v["open_largest"]):
        x = v["open_largest"].iloc[0]
        out.append({"key": "open", "text": f"周末仍在投标期、预算最大的相关招标是《{_title(x['title'])}》"
                                           f"（{money(x['budget_cny'])}，距截止 {x['days_left']} 天）"})
    if len(v["pipeline"]):
        out.append({"key": "pipeline", "text": f"未来 14 天内截止投标的相关招标 {len(v['pipeline'])} 条"})
    if len(v["expiring"]):
        first = v["expiring"].iloc[0]
        out.append({"key": "expiring", "text": f"未来六个月内期满的相关合同 {len(v['expiring'])} 个，"
                                               f"最早于 {first['ends'].isoformat()} 期满"})
    return out


def build(ctx: Context) -> dict:
    return {"highlights": points(ctx.values)}
