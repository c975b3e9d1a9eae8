"""Parser evaluation over the labelled corpus: per field precision, recall and exact match, development and
held-out apart, per template and per source; plus two silver checks that are never mixed with the gold.

A fixture is a folder with ``expected.json`` (label conventions: issue 16)::

    {"page": "realdata:notices/011.html" | "realdata:jlxxlj/records.jsonl#<url>"
             | "realdata:nbygcg/bulletins.jsonl.gz#<bulletinId>" | "page.html",
     "url": …, "split": "dev" | "heldout", "template": …, "source": …, "fields": {field: value}}

A field present with ``null`` means "the page does not state it": predicting a value there is a false positive.
Fields a fixture does not mention are not scored for it. ``contacts`` is scored per block (``contacts.buyer``,
``contacts.agency``, ``contacts.project``: the person's name and phone, both exact).

Scores per field: precision = correct / predicted, recall = correct / expected (non-null), exact = fixtures
where prediction equals expectation (null = null counts) / fixtures that label the field. Exact means equal after
NFKC and removing whitespace; amounts equal in yuan to the cent; times as ``YYYY-MM-DD HH:MM``.

Held-out items (``split: heldout``, or listed in ``../shared/realdata/heldout.tsv``) are loaded and scored only
when asked (``tenders eval parse --heldout``); every such scoring is appended to ``heldout-scorings.log`` in the
user's data directory, so the number of scorings can be reported.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import subprocess
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from parsers import parse_notice
from common.contract import SCORED

AMOUNT_FIELDS = ("budget_cny", "max_price_cny", "award_cny")
TIME_FIELDS = ("deadline", "opening")
CONTACT_BLOCKS = ("buyer", "agency", "project")
# the contract's scored fields (common/contract.py: scored=True), the day of publication, the two times (scored as
# "not predicted" while the parser has no such field: there is no `opening` yet) and the contact blocks
FIELDS = SCORED + ("published_date",) + TIME_FIELDS + tuple(f"contacts.{b}" for b in CONTACT_BLOCKS)
TARGETS = {f: 0.90 for f in ("buyer", "agency", "project_code", "method", "budget_cny", "award_cny", "suppliers")}
MIN_GATED = 20  # a held-out field with fewer labelled items is reported, not gated
HELDOUT_LOG = "heldout-scorings.log"


CORPUS = Path(__file__).parent / "fixtures" / "parse"  # package data: installed with evals


def default_corpus() -> Path:
    """The labelled real notices (``expected.json`` per folder; their pages stay in ``../shared/realdata``)."""
    return CORPUS


def default_shared() -> Path:
    root = Path(__file__).resolve().parents[1]
    return Path(os.environ.get("TENDERWATCH_SHARED") or root.parent / "shared")


# ---------------------------------------------------------------------------------------------- normalising


def _norm_text(v) -> str | None:  # noqa: ANN001
    if v is None:
        return None
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(v))) or None


def _norm_amount(v) -> Decimal | None:  # noqa: ANN001
    return None if v is None else Decimal(str(v)).quantize(Decimal("0.01"))


def _norm_time(v) -> str | None:  # noqa: ANN001
    if v is None:
        return None
    if isinstance(v, datetime):
        v = v.strftime("%Y-%m-%d %H:%M")
    elif isinstance(v, date):
        v = v.isoformat()
    return _norm_text(v)


def _norm_contact(v) -> tuple | None:  # noqa: ANN001
    if not isinstance(v, dict):
        return None
    pair = (_norm_text(v.get("name")), _norm_text(v.get("phone")))
    return None if pair == (None, None) else pair


def normalise(name: str, value):  # noqa: ANN001, ANN201
    if value is None:
        return None
    if name in AMOUNT_FIELDS:
        return _norm_amount(value)
    if name == "suppliers":
        items = sorted((_norm_text(s.get("name")), _norm_amount(s.get("award_cny"))) for s in value)
        return tuple(items) or None
    if name == "period_days":
        return int(value)
    if name in TIME_FIELDS:
        return _norm_time(value)
    if name.startswith("contacts."):
        return value if isinstance(value, tuple) else _norm_contact(value)
    return _norm_text(value)


def expected_fields(fields: dict) -> dict:
    """The labelled fields as scored: ``contacts`` split into one entry per block it names."""
    out = {k: v for k, v in fields.items() if k != "contacts"}
    for block, value in (fields.get("contacts") or {}).items():
        if block in CONTACT_BLOCKS:
            out[f"contacts.{block}"] = value
    return out


class OtherContacts(tuple):
    """The parser gave contacts, none of them the labelled block's: a wrong prediction."""

    def __repr__(self) -> str:
        return f"other contacts {tuple(self)!r}"


def predicted(fields: dict, name: str, expected=None):  # noqa: ANN001, ANN201
    """The parser's value for a scored field. For a contact block: the parser's entry of that block (contacts by
    role, ``{"buyer": {…}, …, "others": […]}``, or a list whose entries name their ``block`` / ``role``); else,
    from the people it could not place (``others``, or a flat list), the labelled (name, phone)
    when the list holds it, nothing when the list is empty, and "other contacts" when it holds only others."""
    if name == "published_date":
        at = fields.get("published_at")
        return at.date().isoformat() if at else None
    if name.startswith("contacts."):
        block = name.split(".", 1)[1]
        given = fields.get("contacts") or []
        if isinstance(given, dict):  # by role (parsers/contacts.py): the block's entry, else the unplaced people
            if isinstance(given.get(block), dict):
                return _norm_contact(given[block])
            given = [c for c in given.get("others") or [] if isinstance(c, dict)]
        entries = [c for c in given if isinstance(c, dict)]
        tagged = [c for c in entries if (c.get("block") or c.get("role")) in CONTACT_BLOCKS]
        if tagged:
            hit = next((c for c in tagged if (c.get("block") or c.get("role")) == block), None)
            return _norm_contact(hit)
        pairs = [p for p in (_norm_contact(c) for c in entries) if p]
        want = normalise(name, expected)
        if want is not None and want in pairs:
            return want
        return OtherContacts(pairs) if pairs else None
    return fields.get(name)


# ---------------------------------------------------------------------------------------------- scores


@dataclass
class FieldScore:
    labelled: int = 0
    expected: int = 0
    predicted: int = 0
    correct: int = 0
    exact: int = 0
    misses: list[str] = field(default_factory=list)

    def ratio(self, a: int, b: int) -> float | None:
        return round(a / b, 3) if b else None

    @property
    def precision(self) -> float | None:
        return self.ratio(self.correct, self.predicted)

    @property
    def recall(self) -> float | None:
        return self.ratio(self.correct, self.expected)

    @property
    def exact_match(self) -> float | None:
        return self.ratio(self.exact, self.labelled)


class Case(NamedTuple):
    name: str
    expected: dict
    out: dict
    split: str = "dev"
    template: str = "-"
    source: str = "-"


def score(cases: Iterable) -> dict[str, FieldScore]:
    """cases: ``Case`` or (name, expected fields, parser output)."""
    scores = {f: FieldScore() for f in FIELDS}
    for c in cases:
        case, labels, out = c[0], c[1], c[2]
        for name, value in expected_fields(labels).items():
            if name not in scores:
                continue
            s = scores[name]
            e, p = normalise(name, value), normalise(name, predicted(out, name, value))
            s.labelled += 1
            s.expected += e is not None
            s.predicted += p is not None
            s.correct += p is not None and p == e
            if p == e:
                s.exact += 1
            else:
                s.misses.append(f"{case}: expected {e!r}, got {p!r}")
    return scores


def grouped(cases: list[Case], key: str) -> dict[str, dict[str, FieldScore]]:
    """Scores per value of ``key`` (``template`` or ``source``), groups in order of size."""
    groups: dict[str, list[Case]] = {}
    for c in cases:
        groups.setdefault(getattr(c, key) or "-", []).append(c)
    return {g: score(cs) for g, cs in sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))}


def group_sizes(cases: list[Case], key: str) -> dict[str, int]:
    sizes: dict[str, int] = {}
    for c in cases:
        sizes[getattr(c, key) or "-"] = sizes.get(getattr(c, key) or "-", 0) + 1
    return sizes


def gate(name: str, s: FieldScore, heldout: bool) -> str:
    """The TARGETS column: ok / BELOW for a gated field; a held-out field with fewer than MIN_GATED items is
    reported only."""
    target = TARGETS.get(name)
    if target is None or not s.labelled:
        return ""
    if heldout and s.labelled < MIN_GATED:
        return f"reported (n={s.labelled})"
    return f"{target:.2f} ok" if (s.exact_match or 0) >= target else f"{target:.2f} BELOW"


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


def real_cases(corpus: Path, shared: Path, heldout: bool = False,
               notes: list[str] | None = None) -> tuple[list[Case], int]:
    """The labelled real notices parsed: development ones, and the held-out ones only when ``heldout`` (a
    held-out page is not even read otherwise). Returns (cases, fixtures whose page is missing)."""
    chosen = [f for f in fixtures(corpus, shared, notes) if heldout or not f.heldout]
    pages = Pages(shared)
    pages.prepare(f.spec["page"] for f in chosen)
    cases, missing = [], 0
    for f in chosen:
        got = pages.get(f.folder, f.spec["page"], f.spec.get("url"))
        if got is None:
            missing += 1
            continue
        url, body = got
        cases.append(Case(f.name, f.spec["fields"], parse_notice(url, body), "heldout" if f.heldout else "dev",
                          f.spec.get("template") or "-", f.spec.get("source") or "-"))
    return cases, missing


def git_commit() -> str:
    root = Path(__file__).resolve().parents[1]
    try:
        head = subprocess.run(["git", "-C", str(root), "rev-parse", "HEAD"], capture_output=True, text=True,
                              timeout=10)
        if head.returncode != 0:
            return "unknown"
        dirty = subprocess.run(["git", "-C", str(root), "status", "--porcelain", "--untracked-files=no"],
                               capture_output=True, text=True, timeout=10)
        return head.stdout.strip() + ("+dirty" if dirty.stdout.strip() else "")
    except (OSError, subprocess.SubprocessError):
        return "unknown"


def log_heldout_scoring(items: int, log: Path | None = None) -> int:
    """Append one line (UTC time, git commit, held-out items) to the held-out log; the scoring's number."""
    if log is None:
        from common.config import data_home

        log = data_home() / HELDOUT_LOG
    log.parent.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    with log.open("a", encoding="utf-8") as f:
        f.write(f"{stamp}\tcommit {git_commit()}\t{items} held-out items\n")
    return sum(1 for line in log.read_text(encoding="utf-8").splitlines() if line.strip())


# ---------------------------------------------------------------------------------------------- mirror


def mirror_cases() -> list:
    """Every page of the ccgp mirror against its data file (the ``mirrors`` package)."""
    from parsers.text import nfkc
    from mirrors.ccgp.server import CcgpSite, contacts_of, load_notices, notice_path

    site = CcgpSite()
    types = {"tender": "招标/采购公告", "award": "中标/成交公告", "correction": "更正公告", "termination": "终止/废标公告",
             "contract": "合同公告"}
    cases = []
    for n in load_notices():
        body = site.page(n)
        code = nfkc(n.get("code_shown", n["project_code"])) or None  # the code as the page prints it
        exp = {"notice_type": types[n["kind"]], "buyer": n["buyer"], "agency": n["agency"],
               "project_code": code, "published_date": n["published"][:10]}
        if n["kind"] == "tender":
            exp |= {"method": n["method"], "budget_cny": n["budget_cny"]}
        if n["kind"] in ("tender", "correction"):  # a correction: the new 截止/开标 time its 更正内容 states
            exp |= {"deadline": n["open_time"]}
        exp |= {f"contacts.{block}": person for block, person in contacts_of(n).items()}  # the 联系方式 lines
        if n["kind"] == "award":
            exp |= {"award_cny": n["award_cny"],
                    "suppliers": [{"name": n.get("supplier_shown", n["supplier"]), "award_cny": n["award_cny"]}]}
        cases.append((f"mirror-{n['id']}", exp, parse_notice("http://www.ccgp.gov.cn" + notice_path(n), body)))
    return cases


# ---------------------------------------------------------------------------------------------- silver checks


@dataclass
class Agreement:
    items: int = 0  # items with a silver value
    predicted: int = 0  # … for which the parser gave a value
    agree: int = 0

    def line(self) -> str:
        rate = f"{self.agree / self.items:.3f}" if self.items else "-"
        of_pred = f"{self.agree / self.predicted:.3f}" if self.predicted else "-"
        return (f"agree {self.agree} of {self.items} with a silver value ({rate}); parser gave one for "
                f"{self.predicted}, of which {of_pred} agree")


def same_time(parsed: datetime | None, silver: str | None) -> bool:
    """Same minute; same day when the silver value has no time."""
    if parsed is None or not silver:
        return False
    s = silver.strip().replace("T", " ")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", s):
        return parsed.date().isoformat() == s
    return parsed.strftime("%Y-%m-%d %H:%M") == s[:16]


def ningbo_silver(shared: Path, parse=parse_notice) -> dict | None:  # noqa: ANN001
    """(a) The parser's deadline on the development Ningbo bulletins (held-out ones left out) against the
    record's ``kb_date`` (开标) and ``end_date`` (its 截止). None when the file is not there."""
    path = shared / "realdata" / "nbygcg" / "bulletins.jsonl.gz"
    if not path.is_file():
        return None
    held = {k for f, k in (heldout_items(shared) or set()) if f == "nbygcg/bulletins.jsonl.gz"}
    result = {"bulletins": 0, "heldout_left_out": 0, "kb_date": Agreement(), "end_date": Agreement()}
    for line in iter_jsonl(path):
        if not line.strip():
            continue
        key = _line_key(line, "bulletinId")
        if key is not None and key in held:
            result["heldout_left_out"] += 1
            continue
        r = json.loads(line)
        if r.get("bulletinId") in held:
            result["heldout_left_out"] += 1
            continue
        result["bulletins"] += 1
        deadline = parse(r.get("url"), r.get("html") or "").get("deadline")
        if not isinstance(deadline, datetime):
            deadline = None
        for name in ("kb_date", "end_date"):
            if r.get(name):
                a = result[name]
                a.items += 1
                a.predicted += deadline is not None
                a.agree += same_time(deadline, r[name])
    return result


SILVER_FIELDS = ("buyer", "agency", "budget_cny", "award_cny")


def table_and_body(html: str) -> tuple[dict, str] | None:
    """A ccgp page's 公告概要 values (buyer, agency, budget, award) and the page without that table; None when
    the page lacks the table or a body."""
    from lxml import etree

    from parsers.amounts import parse_amount
    from parsers.ccgp_detail import index, summary_table

    if "vF_detail_content" not in html and "vT_detail_content" not in html:
        return None
    doc = etree.fromstring(html.encode("utf-8", "replace"), etree.HTMLParser())
    if doc is None:
        return None
    tables = [d for d in doc.iter("div") if "table" in (d.get("class") or "").split()
              and any("title" in (td.get("class") or "").split() for td in d.iter("td"))]
    if not tables:
        return None
    table = summary_table(index(doc))
    money = lambda *labels: next((m.cny for m in (parse_amount(table.get(x), label=x) for x in labels if  # noqa: E731
                                                  table.get(x)) if m), None)
    values = {"buyer": table.get("采购单位") or table.get("采购人"), "agency": table.get("代理机构名称"),
              "budget_cny": money("预算金额"), "award_cny": money("总中标金额", "总成交金额")}
    for t in tables:
        parent = t.getparent()
        if t.tail:  # keep the text after the table
            prev = t.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + t.tail
            else:
                parent.text = (parent.text or "") + t.tail
        parent.remove(t)
    return values, etree.tostring(doc, encoding="unicode", method="html")


def ccgp_pages(shared: Path) -> list[tuple[str, str | None, str]]:
    """(name, url, html) of the development realdata ccgp pages with a 公告概要 table: the ccgp captures under
    sites/ccgp, and any such page among notices/*.html and jlxxlj/pages/*.html not held out."""
    from parsers.text import decode

    root = shared / "realdata"
    listed = heldout_items(shared) or set()
    out = []
    for pattern in ("sites/ccgp/*.html", "notices/*.html", "jlxxlj/pages/*.html"):
        for path in sorted(root.glob(pattern)):
            rel = path.relative_to(root).as_posix()
            if is_listed(f"realdata:{rel}", listed):
                continue
            html = decode(path.read_bytes())[0]
            if "公告概要" in html:
                out.append((rel, None, html))
    return out


def table_silver(pages: Iterable[tuple[str, str | None, str]], parse=parse_notice) -> dict:  # noqa: ANN001
    """(b) Each page's body parsed alone (its 公告概要 table removed) against the table's values."""
    result = {"pages": 0, **{f: Agreement() for f in SILVER_FIELDS}, "misses": []}
    for name, url, html in pages:
        got = table_and_body(html)
        if got is None:
            continue
        values, body_only = got
        result["pages"] += 1
        out = parse(url, body_only)
        for f in SILVER_FIELDS:
            if values[f] is None:
                continue
            a = result[f]
            want, have = normalise(f, values[f]), normalise(f, out.get(f))
            a.items += 1
            a.predicted += have is not None
            a.agree += have is not None and have == want
            if have != want:
                result["misses"].append(f"{name} {f}: table {want!r}, body {have!r}")
    return result


def mirror_pages() -> list[tuple[str, str | None, str]]:
    from mirrors.ccgp.server import CcgpSite, load_notices, notice_path

    site = CcgpSite()
    from parsers.text import decode

    return [(f"mirror-{n['id']}", "http://www.ccgp.gov.cn" + notice_path(n), decode(site.page(n))[0])
            for n in load_notices()]
