"""Parser evaluation over the labelled corpus: per field precision, recall and exact match.

A fixture is a folder with ``expected.json``: ``{"page": "realdata:notices/011.html" | "page.html", "url": …,
"fields": {field: value}}``. A field present with ``null`` means "the page does not state it": predicting a value
there is a false positive. Fields a fixture does not mention are not scored for it.

Scores per field: precision = correct / predicted, recall = correct / expected (non-null), exact = fixtures
where prediction equals expectation (null = null counts) / fixtures that label the field.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from parsers import parse_notice
from common.contract import SCORED

AMOUNT_FIELDS = ("budget_cny", "max_price_cny", "award_cny")
# the contract's scored fields (common/contract.py: scored=True), and the day of publication
FIELDS = SCORED + ("published_date",)
TARGETS = {"buyer": 0.95, "budget_cny": 0.95, "max_price_cny": 0.95, "award_cny": 0.95, "method": 0.95,
           "period_days": 0.90, "suppliers": 0.90}


CORPUS = Path(__file__).parent / "fixtures" / "parse"  # package data: installed with evals


def default_corpus() -> Path:
    """The labelled real notices (``expected.json`` per folder; their pages stay in ``../shared/realdata``)."""
    return CORPUS


def default_shared() -> Path:
    root = Path(__file__).resolve().parents[1]
    return Path(os.environ.get("TENDERWATCH_SHARED") or root.parent / "shared")


def _norm_text(v) -> str | None:  # noqa: ANN001
    if v is None:
        return None
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(v))) or None


def _norm_amount(v) -> Decimal | None:  # noqa: ANN001
    return None if v is None else Decimal(str(v)).quantize(Decimal("0.01"))


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
    return _norm_text(value)


def predicted(fields: dict, name: str):  # noqa: ANN201
    if name == "published_date":
        at = fields.get("published_at")
        return at.date().isoformat() if at else None
    return fields.get(name)


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


def load_page(fixture_dir: Path, page: str, shared: Path) -> bytes | None:
    if page.startswith("realdata:"):
        path = shared / "realdata" / page.split(":", 1)[1]
        return path.read_bytes() if path.exists() else None
    return (fixture_dir / page).read_bytes()


def score(cases: list[tuple[str, dict, dict]]) -> dict[str, FieldScore]:
    """cases: (name, expected fields, parser output)."""
    scores = {f: FieldScore() for f in FIELDS}
    for case, expected, out in cases:
        for name, value in expected.items():
            if name not in scores:
                continue
            s = scores[name]
            e, p = normalise(name, value), normalise(name, predicted(out, name))
            s.labelled += 1
            s.expected += e is not None
            s.predicted += p is not None
            s.correct += p is not None and p == e
            if p == e:
                s.exact += 1
            else:
                s.misses.append(f"{case}: expected {e!r}, got {p!r}")
    return scores


def real_cases(corpus: Path, shared: Path) -> tuple[list, int]:
    cases, missing = [], 0
    for exp_path in sorted(corpus.glob("*/expected.json")):
        spec = json.loads(exp_path.read_text(encoding="utf-8"))
        if spec.get("split") == "heldout":  # scored only on purpose, at the start and the end of a piece of work
            continue
        body = load_page(exp_path.parent, spec["page"], shared)
        if body is None:
            missing += 1
            continue
        cases.append((exp_path.parent.name, spec["fields"], parse_notice(spec.get("url"), body)))
    return cases, missing


def mirror_cases() -> list:
    """Every page of the ccgp mirror against its data file (the ``mirrors`` package)."""
    from parsers.text import nfkc
    from mirrors.ccgp.server import CcgpSite, load_notices, notice_path

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
        if n["kind"] == "award":
            exp |= {"award_cny": n["award_cny"],
                    "suppliers": [{"name": n.get("supplier_shown", n["supplier"]), "award_cny": n["award_cny"]}]}
        cases.append((f"mirror-{n['id']}", exp, parse_notice("http://www.ccgp.gov.cn" + notice_path(n), body)))
    return cases
