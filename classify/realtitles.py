"""The titled items of ../shared/realdata, each under the key that ``heldout.tsv`` uses, for the gold set and the
weak labels: ``(file, key, title, buyer, region, context)``.

Keys: ``line N`` for titles.jsonl, the bulletin id for the Ningbo bulletins, the title for the Ningbo 开标 rows, the
URL for ccgp-museums and jlxxlj records, the file name for jlxxlj pages and notices/, the record id for list-apis.
``context`` is the start of the body where the source has one (for a labeller), else the source's type label.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path
from typing import Iterator

_TAG = re.compile(r"<[^>]+>|&nbsp;|\s+")
Row = tuple[str, str, str, "str | None", "str | None", str]


def key(title: str) -> str:
    return hashlib.sha1(title.encode("utf-8")).hexdigest()


def _text(html: str | None, n: int = 300) -> str:
    return _TAG.sub(" ", html or "").strip()[:n]


def _lines(path: Path) -> Iterator[dict]:
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            yield json.loads(line)


def rows(shared: Path, files: set[str] | None = None) -> Iterator[Row]:
    """Every titled item of the sources (only ``files`` when given)."""
    rd = shared / "realdata"
    want = (lambda f: files is None or f in files)
    if want("titles.jsonl"):
        for i, r in enumerate(_lines(rd / "titles.jsonl"), 1):
            yield "titles.jsonl", f"line {i}", r["title"], r.get("buyer"), r.get("region"), r.get("notice_type") or ""
    if want("nbygcg/bulletins.jsonl.gz"):
        with gzip.open(rd / "nbygcg" / "bulletins.jsonl.gz", "rt", encoding="utf-8") as f:
            for line in f:
                r = json.loads(line)
                yield ("nbygcg/bulletins.jsonl.gz", r["bulletinId"], r["title"], None, "浙江省宁波市",
                       _text(r.get("html")))
    if want("nbygcg/openings.jsonl"):
        for r in _lines(rd / "nbygcg" / "openings.jsonl"):
            yield "nbygcg/openings.jsonl", r["title"], r["title"], None, "浙江省宁波市", "开标 schedule row"
    if want("ccgp-museums/rows.jsonl"):
        for r in _lines(rd / "ccgp-museums" / "rows.jsonl"):
            yield ("ccgp-museums/rows.jsonl", r["url"], r["title"], r.get("buyer"), r.get("province"),
                   r.get("notice_type") or "")
    if want("list-apis/records.jsonl"):
        for r in _lines(rd / "list-apis" / "records.jsonl"):
            title = r["record"].get("title") or r["record"].get("TITLE") or ""
            if title:
                yield "list-apis/records.jsonl", r["record"].get("id") or title, title, None, r["platform"], ""
    if want("jlxxlj/records.jsonl"):
        for r in _lines(rd / "jlxxlj" / "records.jsonl"):
            yield "jlxxlj/records.jsonl", r["url"], r["title"], None, None, _text(r.get("content"))
    if want("jlxxlj/pages/index.jsonl"):
        for r in _lines(rd / "jlxxlj" / "pages" / "index.jsonl"):
            yield "jlxxlj/pages/index.jsonl", r["file"], r["title"], None, None, ""
    if want("notices/index.jsonl"):
        for r in _lines(rd / "notices" / "index.jsonl"):
            yield ("notices/index.jsonl", r["file"], r["title"], r.get("buyer"), r.get("region"),
                   r.get("notice_type") or "")


def heldout_keys(shared: Path) -> set[tuple[str, str]]:
    """(file, key) of every held-out item (``heldout.tsv``, fixed by the CEO before the work)."""
    lines = (shared / "realdata" / "heldout.tsv").read_text(encoding="utf-8").splitlines()[1:]
    return {tuple(line.split("\t")[:2]) for line in lines if line.strip()}
