"""Parser evaluation over the labelled corpus (evals/corpus.py): per field precision, recall and exact match,
development and held-out apart, per template and per source; the ccgp mirror scored the same way. The two silver
checks, never mixed with the gold, are in evals/silver.py.

A field present with ``null`` means "the page does not state it": predicting a value there is a false positive.
Fields a fixture does not mention are not scored for it. ``contacts`` is scored per block (``contacts.buyer``,
``contacts.agency``, ``contacts.project``: the person's name and phone, both exact).

Scores per field: precision = correct / predicted, recall = correct / expected (non-null), exact = fixtures
where prediction equals expectation (null = null counts) / fixtures that label the field. Exact means equal after
NFKC and removing whitespace; amounts equal in yuan to the cent; times as ``YYYY-MM-DD HH:MM``.

Held-out items are scored only when asked (``tenders eval parse --heldout``); every such scoring is appended to
``heldout-scorings.log`` in the user's data directory, so the number of scorings can be reported.
"""

from __future__ import annotations

import re
import subprocess
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timezone
from decimal import Decimal
from pathlib import Path
from typing import NamedTuple

from evals.corpus import Pages, fixtures
from parsers import parse_notice
from common.contract import SCORED

AMOUNT_FIELDS = ("budget_cny", "max_price_cny", "award_cny")
TIME_FIELDS = ("deadline", "opening")
CONTACT_BLOCKS = ("buyer", "agency", "project")
CONTRACT_PARTS = ("number", "amount_cny", "signed_date", "term")  # a 合同公告's contract, scored part by part
# the terms of a call (parsers/call_terms.py), the JSON ones per key: scored where a fixture labels them
TERM_PARTS = {"documents": ("from", "to", "place", "price_cny"),
              "qualification": ("consortium", "sme_only", "sme_reserved")}
TERM_FIELDS = ("opening_place",) + tuple(f"{f}.{k}" for f, keys in TERM_PARTS.items() for k in keys)
# the contract's scored fields (common/contract.py: scored=True), the day of publication, the deadline and the
# opening time, the call's terms, the contact blocks, the contract's parts, a termination's reason and an intent's rows
FIELDS = SCORED + ("published_date",) + TIME_FIELDS + TERM_FIELDS + tuple(f"contacts.{b}" for b in CONTACT_BLOCKS) + \
    tuple(f"contract.{p}" for p in CONTRACT_PARTS) + ("termination_reason", "intents")
TARGETS = {f: 0.90 for f in ("buyer", "agency", "project_code", "method", "budget_cny", "award_cny", "suppliers")}
MIN_GATED = 20  # a held-out field with fewer labelled items is reported, not gated
HELDOUT_LOG = "heldout-scorings.log"


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
    if name in AMOUNT_FIELDS or name in ("contract.amount_cny", "documents.price_cny"):
        return _norm_amount(value)
    if name == "intents":  # the rows as (name, budget, month), in the page's order
        return tuple((_norm_text(r.get("name")), _norm_amount(r.get("budget_cny")), r.get("planned")) for r in value) \
            or None
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
    """The labelled fields as scored: ``contacts`` split into one entry per block it names, ``contract``,
    ``documents`` and ``qualification`` into one per key they name."""
    out = {k: v for k, v in fields.items() if k not in ("contacts", "contract") and k not in TERM_PARTS}
    if "contract" in fields:  # labelled null: the page states no contract
        out |= {f"contract.{p}": (fields["contract"] or {}).get(p) for p in CONTRACT_PARTS}
    for block, value in (fields.get("contacts") or {}).items():
        if block in CONTACT_BLOCKS:
            out[f"contacts.{block}"] = value
    for name, keys in TERM_PARTS.items():
        if name in fields:  # null: the notice states none of them
            for key, value in (fields[name] or dict.fromkeys(keys)).items():
                if key in keys:
                    out[f"{name}.{key}"] = value
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
    if name.startswith("contract."):
        return (fields.get("contract") or {}).get(name.split(".", 1)[1])
    if name == "published_date":
        at = fields.get("published_at")
        return at.date().isoformat() if at else None
    if name.split(".", 1)[0] in TERM_PARTS:
        name, key = name.split(".", 1)
        return (fields.get(name) or {}).get(key)
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


def _any_person(value) -> bool:  # noqa: ANN001
    if isinstance(value, dict):
        return any(value.get(k) for k in ("name", "phone")) or any(_any_person(v) for v in value.values()
                                                                      if isinstance(v, dict | list))
    return isinstance(value, list) and any(_any_person(v) for v in value)


def contacts_present(cases: Iterable[Case]) -> tuple[int, int]:
    """(notices whose parse gives a contact, labelled notices that print one): the issue's "contacts present"."""
    printing = present = 0
    for case in cases:
        _name, expected, out = case[:3]  # a Case or (name, expected fields, parser output)
        labelled = expected.get("contacts") if "contacts" in expected else \
            {k: v for k, v in expected.items() if k.startswith("contacts.")}
        if _any_person(labelled):
            printing += 1
            present += _any_person(out.get("contacts"))
    return present, printing


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


# ---------------------------------------------------------------------------------------------- real notices


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
    from mirrors.ccgp.contracts import contract_of, termination_reason_of
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
            exp |= {"deadline": n["open_time"], "opening": n["open_time"]}
        if n["kind"] == "tender":  # the call's terms (mirrors/ccgp/make_data.py terms)
            exp |= {"opening_place": n["open_place"], "documents": n["documents"], "qualification": n["qualification"]}
        exp |= {f"contacts.{block}": person for block, person in contacts_of(n).items()}  # the 联系方式 lines
        if n["kind"] == "contract":  # what its sections print (mirrors/ccgp/contracts.py)
            exp |= {"award_cny": n["award_cny"], "contract": contract_of(n), "suppliers": [
                {"name": n.get("supplier_shown", n["supplier"]), "award_cny": n["award_cny"]}]}  # 供应商（乙方）
        if n["kind"] == "termination":
            exp |= {"termination_reason": termination_reason_of(n)}
        if n["kind"] == "award":
            exp |= {"award_cny": n["award_cny"],
                    "suppliers": [{"name": n.get("supplier_shown", n["supplier"]), "award_cny": n["award_cny"]}]}
        cases.append((f"mirror-{n['id']}", exp, parse_notice("http://www.ccgp.gov.cn" + notice_path(n), body)))
    return cases
