"""The labelled gold set: real titles from ../shared/realdata (labels in classify/gold/*.jsonl, texts stay in
shared) plus the mirror's projects (their truth labels), and the split.

The split is the CEO's: an item listed in ``../shared/realdata/heldout.tsv`` is **held out** (labelled blind in
classify/gold/heldout.jsonl, never used for training, weak labels, lexicon entries or rule tuning); every other
labelled item is **development**. A development title whose *stem* (the title without its notice-type ending and
bracketed tags) is the stem of a held-out title — the 中标候选人公示 of a held-out 中标结果公告 — is left out of
training too (split ``near-heldout``), so that one project never sits on both sides. Mirror items are
development-only: they are synthetic, and the held-out figures measure real notices.

Label files (one JSON line per item: ``source`` = ``FILE:KEY`` as heldout.tsv names it, ``key`` = sha1 of the title):

- ``realdata.jsonl`` — the first batch, 528 titles.jsonl lines (``source`` ``titles.jsonl:N``); its lines that
  heldout.tsv lists are superseded by their blind held-out labels;
- ``more.jsonl`` — the second development batch (Ningbo bulletins and 开标 rows, ccgp-museums, list-apis, jlxxlj);
- ``heldout.jsonl`` — the held-out gold, labelled blind before any rule or model change of issue 17;
- ``heldout-second.jsonl`` — an independent second blind reading of the same items, for the agreement only.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLD_DIR = Path(__file__).resolve().parent / "gold"
GOLD_FILE = GOLD_DIR / "realdata.jsonl"
MORE_FILE = GOLD_DIR / "more.jsonl"
HELDOUT_FILE = GOLD_DIR / "heldout.jsonl"
SECOND_FILE = GOLD_DIR / "heldout-second.jsonl"
# sources whose text names the buyer the labeller read (the parser reads it there too); for the others the
# classifier gets only what the source row gives
BODY_SOURCES = ("nbygcg/bulletins.jsonl.gz", "jlxxlj/records.jsonl")
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


def _resolve(shared: Path, labels: list[dict]) -> dict[tuple[str, str], tuple]:
    """(file, key) → the row of realtitles.rows, for the files the labels name."""
    from classify.realtitles import rows

    files = {g["source"].split(":", 1)[0] for g in labels}
    wanted = {tuple(g["source"].split(":", 1)) for g in labels}
    return {(r[0], r[1]): r for r in rows(shared, files) if (r[0], r[1]) in wanted}


def _read(path: Path) -> list[dict]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _items(shared: Path, labels: list[dict], split_for, group_of) -> list[Item]:
    from classify.realtitles import key

    found = _resolve(shared, labels)
    items = []
    for g in labels:
        file, k = g["source"].split(":", 1)
        row = found.get((file, k))
        if row is None or key(row[2]) != g["key"]:
            raise ValueError(f"gold item {g.get('id') or g['source']}: {shared / 'realdata' / file} has no item "
                             f"{k!r} with the labelled title (the shared data changed); relabel or fix the source")
        _, _, title, buyer, region, _ = row
        if not buyer and file in BODY_SOURCES:
            buyer = g.get("buyer")
        if g.get("buyer_type") == "operator" or (buyer and "SOE" in buyer):
            buyer = None  # the data says "中国电信 (SOE; …)": a note, not a name
        items.append(Item(g.get("id") or f"{file}:{k}", title, buyer, region, g["relevance"], g["level"],
                          g["categories"], g["delivery_model"], group_of(g, file), split_for(file, k, title),
                          g.get("uncertain", False), {"buyer_type": g.get("buyer_type"), "source": g["source"]}))
    return items


def _realdata(shared: Path) -> list[Item]:
    from classify.realtitles import heldout_keys

    held = heldout_keys(shared)
    first = [dict(g, source=f"titles.jsonl:line {g['source'].split(':')[1]}") for g in _read(GOLD_FILE)]
    heldout = _read(HELDOUT_FILE)
    labelled_held = {tuple(g["source"].split(":", 1)) for g in heldout}
    first = [g for g in first if tuple(g["source"].split(":", 1)) not in labelled_held]
    held_items = _items(shared, heldout, lambda f, k, t: "heldout", lambda g, f: f.split("/")[0].split(".")[0])
    held_stems = {stem(i.title) for i in held_items}

    def dev_split(file, k, title):
        if (file, k) in held:
            return "heldout-unlabelled"  # listed in heldout.tsv but without a blind label yet: never trained on
        return "near-heldout" if stem(title) in held_stems else "dev"

    dev = (_items(shared, first, dev_split, lambda g, f: g["group"])
           + _items(shared, _read(MORE_FILE), dev_split, lambda g, f: f.split("/")[0].split(".")[0]))
    return dev + held_items


def second_reading(shared: Path | None = None) -> list[Item]:
    """The second blind reading of the held-out items (classify/gold/heldout-second.jsonl), for the agreement."""
    shared = shared or shared_dir()
    return _items(shared, _read(SECOND_FILE), lambda f, k, t: "heldout", lambda g, f: f.split("/")[0].split(".")[0])


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
                          t["categories"], model, "mirror", "dev"))
    return items


def load(shared: Path | None = None) -> tuple[list[Item], str | None]:
    """(items, note). Without ../shared/realdata only the mirror's items are there, and the note says so."""
    shared = (shared or shared_dir()).resolve()
    return list(_load(shared)[0]), _load(shared)[1]


@lru_cache(maxsize=2)
def _load(shared: Path) -> tuple[tuple[Item, ...], str | None]:
    items = _mirror()
    if (shared / "realdata" / "titles.jsonl").is_file():
        return tuple(_realdata(shared) + items), None
    return tuple(items), (f"{shared / 'realdata'} is not here: only the mirror's {len(items)} synthetic items "
                          "(no held-out split)")


def training(items: list[Item]) -> list[Item]:
    """What a model may learn from: development items only (mirror included), never held-out or near-held-out."""
    return [i for i in items if i.split == "dev"]
