"""Development bulletins of the Ningbo 阳光采购 corpus (realdata/nbygcg): every bulletin NOT listed in heldout.tsv.

Held-out bulletins are skipped by id before their record is decoded, so nothing of theirs is ever read.
"""

from __future__ import annotations

import gzip
import json
import os
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("TENDERWATCH_SHARED") or ROOT.parent / "shared")
BULLETINS = SHARED / "realdata" / "nbygcg" / "bulletins.jsonl.gz"


def heldout_ids(shared: Path = SHARED) -> set[str]:
    ids = set()
    with open(shared / "realdata" / "heldout.tsv", encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2 and parts[0] == "nbygcg/bulletins.jsonl.gz":
                ids.add(parts[1].strip())
    return ids


def dev_bulletins(path: Path = BULLETINS) -> Iterator[dict]:
    held = heldout_ids()
    with gzip.open(path, "rt", encoding="utf-8") as f:
        for line in f:
            head = line[:200]  # the id comes first: skip a held-out record before decoding it
            at = head.find('"bulletinId"')
            if at >= 0:
                bid = head[at:].split(":", 1)[1].split(",", 1)[0].strip().strip('"')
                if bid in held:
                    continue
            rec = json.loads(line)
            if rec.get("bulletinId") in held:
                continue
            yield rec
