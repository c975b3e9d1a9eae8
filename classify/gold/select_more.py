"""How the second gold batch was chosen (issue 17; run once, kept for the record).

Two lists, both from ../shared/realdata and both fixed before any rule or model change:

- **held-out**: every item of ``heldout.tsv`` that has a title the classifier reads — all held-out lines of
  titles.jsonl, the held-out ccgp-museums rows, jlxxlj records and pages, notices/ — and of the held-out Ningbo
  bulletins and 开标 rows every title with a rare-label word (PPP, EPC, 政务云, 等保, 数据 …) or an ICT word, then a
  hash-ordered sample of the others, up to a quota;
- **development**: the same rule over the development items of the sources the first batch did not read
  (Ningbo bulletins and 开标 rows, ccgp-museums, list-apis, jlxxlj).

Prints one JSON line per item: ``split``, ``source`` (``FILE:KEY`` — the key heldout.tsv uses: ``line N`` for
titles.jsonl, the bulletin id, the 开标 title, the URL, the file name), ``key`` (sha1 of the title), ``title``,
``buyer``, ``region``, ``context`` (the start of the body where the source has one, for the labeller). The titles
are not committed: the gold files keep ``source`` and ``key``, and the loader reads the titles from shared.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

sys.path[:0] = [str(Path(__file__).resolve().parent), str(Path(__file__).resolve().parents[2])]
from select_items import ICT, RARE  # noqa: E402

from classify.realtitles import heldout_keys, key, rows  # noqa: E402

MORE_RARE = re.compile(r"特许经营|社会资本|回报机制|可行性缺口|使用者付费|合作期限|智慧|数字化|信息|网络|软件|系统|平台|云|"
                       r"监控|安全|密码|数据|运维|运营")
# source: (held-out quota, development quota) of titles after the rare ones
QUOTA = {"nbygcg/bulletins.jsonl.gz": (120, 150), "nbygcg/openings.jsonl": (60, 80),
         "ccgp-museums/rows.jsonl": (1000, 40), "list-apis/records.jsonl": (0, 30),
         "jlxxlj/records.jsonl": (1000, 1000), "jlxxlj/pages/index.jsonl": (1000, 1000),
         "notices/index.jsonl": (1000, 0), "titles.jsonl": (1000, 0)}
FIRST_BATCH = ("titles.jsonl", "notices/index.jsonl")  # classify/gold/realdata.jsonl read these
def select(shared: Path) -> list[dict]:
    """Per source and split: every title with a rare-label word (up to the quota), then ICT-looking titles up to
    60 % of the quota, then the others, each pass in the order of the titles' sha1."""
    held = heldout_keys(shared)
    out, seen, taken = [], set(), {}
    items = sorted(rows(shared), key=lambda r: key(r[2]))
    for tier in (0, 1, 2):
        for file, k, title, buyer, region, context in items:
            split = "heldout" if (file, k) in held else "dev"
            if (file, k) in seen or not title or (split == "dev" and file in FIRST_BATCH):
                continue
            kind = 0 if RARE.search(title) else 1 if (MORE_RARE.search(title) or ICT.search(title)) else 2
            quota = QUOTA[file][0 if split == "heldout" else 1]
            cap = quota if tier != 1 else int(quota * 0.6)
            if kind != tier or taken.get((file, split), 0) >= cap:
                continue
            taken[(file, split)] = taken.get((file, split), 0) + 1
            seen.add((file, k))
            out.append({"split": split, "source": f"{file}:{k}", "key": key(title), "title": title,
                        "buyer": buyer, "region": region, "context": context})
    return out


if __name__ == "__main__":
    shared = Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")
    for item in select(shared):
        print(json.dumps(item, ensure_ascii=False))
