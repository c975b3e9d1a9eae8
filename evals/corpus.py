"""The labelled corpus of ``tenders eval parse``: the fixtures, their page refs into ``../shared/realdata``
(plain files, or records inside a jsonl / jsonl.gz file) and the held-out split.

A fixture is a folder with ``expected.json`` (label conventions: issue 16)::

    {"page": "realdata:notices/011.html" | "realdata:jlxxlj/records.jsonl#<url>"
             | "realdata:nbygcg/bulletins.jsonl.gz#<bulletinId>" | "page.html",
     "url": …, "split": "dev" | "heldout", "template": …, "source": …, "fields": {field: value}}

Held-out items (``split: heldout``, or listed in ``../shared/realdata/heldout.tsv``) are loaded and scored only
when asked (``tenders eval parse --heldout``, evals/parse.py).
"""

from __future__ import annotations

import gzip
import json
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

CORPUS = Path(__file__).parent / "fixtures" / "parse"  # package data: installed with evals


def default_corpus() -> Path:
    """The labelled real notices (``expected.json`` per folder; their pages stay in ``../shared/realdata``)."""
    return CORPUS


def default_shared() -> Path:
    root = Path(__file__).resolve().parents[1]
    return Path(os.environ.get("TENDERWATCH_SHARED") or root.parent / "shared")


# ---------------------------------------------------------------------------------------------- pages


# a jsonl container: the record's key, body and URL fields
CONTAINERS = {"jlxxlj/records.jsonl": ("url", "content", "url"),
              "nbygcg/bulletins.jsonl.gz": ("bulletinId", "html", "url")}


def _container(path: str) -> tuple[str, str, str]:
    return CONTAINERS.get(path, ("url", "content", "url"))


def iter_jsonl(path: Path) -> Iterator[str]:
    """The lines of a jsonl or jsonl.gz file, streamed."""
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        yield from f


def _line_key(line: str, key_field: str) -> str | None:
    """The record's key read from the line without decoding it (None: decode to know)."""
    m = re.search(r'"%s"\s*:\s*"((?:[^"\\]|\\.)*)"' % re.escape(key_field), line[:2000])
    return json.loads(f'"{m.group(1)}"') if m else None


def read_records(path: Path, key_field: str, wanted: set[str] | None = None) -> dict[str, dict]:
    """Records of a jsonl(.gz) file by key, streamed: only the ``wanted`` keys are decoded and kept."""
    out: dict[str, dict] = {}
    for line in iter_jsonl(path):
        if not line.strip():
            continue
        key = _line_key(line, key_field)
        if wanted is not None and key is not None and key not in wanted:
            continue
        record = json.loads(line)
        key = record.get(key_field)
        if key is not None and (wanted is None or key in wanted):
            out[str(key)] = record
    return out


def split_ref(page: str) -> tuple[str, str | None]:
    """``realdata:<path>[#<key>]`` → (path, key)."""
    ref = page.split(":", 1)[1]
    path, sep, key = ref.partition("#")
    return path, (key if sep else None)


class Pages:
    """Resolves fixture page refs. Items inside a jsonl / jsonl.gz file are read in one streamed pass per file
    (``prepare``), keeping only the records the fixtures ask for."""

    def __init__(self, shared: Path):
        self.realdata = shared / "realdata"
        self.records: dict[str, dict[str, dict]] = {}

    def prepare(self, refs: Iterable[str]) -> None:
        wanted: dict[str, set[str]] = {}
        for page in refs:
            if page.startswith("realdata:"):
                path, key = split_ref(page)
                if key is not None:
                    wanted.setdefault(path, set()).add(key)
        for path, keys in wanted.items():
            have = self.records.setdefault(path, {})
            missing = keys - set(have)
            file = self.realdata / path
            if missing and file.is_file():
                have.update(read_records(file, _container(path)[0], missing))

    def get(self, fixture_dir: Path, page: str, url: str | None = None) -> tuple[str | None, bytes | str] | None:
        """(url, body) of a page ref; None when the shared file (or the record in it) is not there."""
        if not page.startswith("realdata:"):
            return url, (fixture_dir / page).read_bytes()
        path, key = split_ref(page)
        if key is None:
            file = self.realdata / path
            return (url, file.read_bytes()) if file.is_file() else None
        if path not in self.records or key not in self.records[path]:
            self.prepare([page])
        record = self.records.get(path, {}).get(key)
        if record is None:
            return None
        _key, body_field, url_field = _container(path)
        body = record.get(body_field)
        if not isinstance(body, str):
            return None
        return url or record.get(url_field), body


def load_page(fixture_dir: Path, page: str, shared: Path) -> bytes | str | None:
    got = Pages(shared).get(fixture_dir, page)
    return None if got is None else got[1]


# ---------------------------------------------------------------------------------------------- held-out split


def heldout_items(shared: Path) -> set[tuple[str, str]] | None:
    """(file, key) of every held-out item in ``realdata/heldout.tsv``; None when the list is not there."""
    path = shared / "realdata" / "heldout.tsv"
    if not path.is_file():
        return None
    items = set()
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
        parts = line.split("\t")
        if n == 0 and parts[:2] == ["file", "key"] or len(parts) < 2:
            continue
        items.add((parts[0], parts[1]))
    return items


def heldout_key(page: str) -> tuple[str, str] | None:
    """The (file, key) under which heldout.tsv would list a page ref."""
    if not page.startswith("realdata:"):
        return None
    path, key = split_ref(page)
    if key is not None:
        return path, key
    m = re.fullmatch(r"(notices|jlxxlj/pages)/([^/]+)", path)
    if m:
        return f"{m.group(1)}/index.jsonl", m.group(2)
    return None


def is_listed(page: str, listed: set[tuple[str, str]]) -> bool:
    k = heldout_key(page)
    if k is None:
        return False
    if k in listed:
        return True
    if k[0] == "notices/index.jsonl":  # 032.txt and 032.html are the same notice
        stem = k[1].split(".")[0]
        return any(f == k[0] and key.split(".")[0] == stem for f, key in listed)
    return False


@dataclass
class Fixture:
    name: str
    folder: Path
    spec: dict
    heldout: bool


def fixtures(corpus: Path, shared: Path, notes: list[str] | None = None) -> list[Fixture]:
    """Every fixture with its split: held-out when it says so or when heldout.tsv lists its page (either is
    enough; a disagreement is noted)."""
    listed = heldout_items(shared) or set()
    out = []
    for exp_path in sorted(corpus.glob("*/expected.json")):
        spec = json.loads(exp_path.read_text(encoding="utf-8"))
        says, tsv = spec.get("split") == "heldout", is_listed(spec.get("page", ""), listed)
        if says != tsv and notes is not None and listed:
            notes.append(f"{exp_path.parent.name}: split {spec.get('split') or '(none)'} but "
                         f"{'listed' if tsv else 'not listed'} in heldout.tsv: treated as held-out")
        out.append(Fixture(exp_path.parent.name, exp_path.parent, spec, says or tsv))
    return out
