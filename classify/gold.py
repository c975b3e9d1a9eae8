"""The labelled gold set: real titles from ../shared/realdata (labels in classify/gold/realdata.jsonl, texts stay in
shared) plus the mirror's projects (their truth labels), and the fixed train/test split.

The split is made once, by a hash of the title's *stem* (the title without its notice-type ending and bracketed
tags), so that the 中标候选人公示 and the 中标结果公告 of one project always fall on the same side. 20 % of stems are
test; training and rule tuning never see them. Mirror items are training-only: they are synthetic, and the test
split measures real notices.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD_FILE = Path(__file__).resolve().parent / "gold" / "realdata.jsonl"
MIRROR_FILE = ROOT / "mirrors" / "ccgp" / "notices.json"  # the mirror's data file, read as a file (not imported)


def shared_dir() -> Path:
    """../shared next to the checkout, or TENDERWATCH_SHARED."""
    return Path(os.environ.get("TENDERWATCH_SHARED") or ROOT.parent / "shared")


@dataclass
class Item:
    id: str
    title: str
    buyer: str | None
    region: str | None
    relevance: bool
    level: str | None
    categories: list[str]
    delivery_model: str
    group: str
    split: str
    uncertain: bool = False
    extra: dict = field(default_factory=dict)


_TAGS = re.compile(r"\[[^\]]{0,30}\]|【[^】]{0,30}】")
_RETRY = re.compile(r"[（(](?:第\s*\d+\s*次(?:招标)?|[一二三四五六七八九]次|重发[^)）]{0,10})[)）]")
_ENDINGS = re.compile(r"(?:中标|成交|招标公告|招标计划|招标文件|招标意向|公开招标|竞争性|询比|询价|比选|更正|变更|终止|"
                      r"合同|结果|采购公告|采购意向|意向公开|需求公示|公示|公告|预公示|技术规范)")


def stem(title: str) -> str:
    """The project part of a title: tags, retry marks and the notice-type ending removed."""
    t = _RETRY.sub("", _TAGS.sub("", title or "")).strip()
    m = _ENDINGS.search(t, 6)
    if m:
        t = t[:m.start()]
    return re.sub(r"\s+", "", t)


def split_of(title: str) -> str:
    h = int(hashlib.sha1(stem(title).encode("utf-8")).hexdigest(), 16)
    return "test" if h % 5 == 0 else "train"


def _realdata(shared: Path) -> list[Item]:
    titles_path = shared / "realdata" / "titles.jsonl"
    rows = titles_path.read_text(encoding="utf-8").splitlines()
    items = []
    for line in GOLD_FILE.read_text(encoding="utf-8").splitlines():
        g = json.loads(line)
        number = int(g["source"].split(":")[1])
        row = json.loads(rows[number - 1])
        if hashlib.sha1(row["title"].encode("utf-8")).hexdigest() != g["key"]:
            raise ValueError(f"gold item {g['id']}: {titles_path} line {number} is not the labelled title "
                             "(the shared data changed); relabel or fix the source line")
        buyer = row.get("buyer")
        if g.get("buyer_type") == "operator" or (buyer and "SOE" in buyer):
            buyer = None  # the data says "中国电信 (SOE; …)": a note, not a name
        items.append(Item(g["id"], row["title"], buyer, row.get("region"), g["relevance"], g["level"],
                          g["categories"], g["delivery_model"], g["group"], split_of(row["title"]),
                          g.get("uncertain", False), {"buyer_type": g.get("buyer_type")}))
    return items


def _mirror() -> list[Item]:
    data = json.loads(MIRROR_FILE.read_text(encoding="utf-8"))
    seen, items = set(), []
    for n in data["notices"]:
        s = n["project_name"]
        if s in seen:
            continue
        seen.add(s)
        t = n["truth"]
        model = "其他" if t["delivery_model"] in ("other", "其他") else t["delivery_model"]
        items.append(Item(f"mirror-{n['id']}", n["title"], n["buyer"], n["region"], t["relevant"], t["level"],
                          t["categories"], model, "mirror", "train"))
    return items


def load(shared: Path | None = None) -> tuple[list[Item], str | None]:
    """(items, note). Without ../shared/realdata only the mirror's items are there, and the note says so."""
    shared = shared or shared_dir()
    items = _mirror()
    if (shared / "realdata" / "titles.jsonl").is_file():
        return _realdata(shared) + items, None
    return items, f"{shared / 'realdata'} is not here: only the mirror's {len(items)} synthetic items (no test split)"
