"""Real notices written by others (../shared/realdata): the parser never crashes, and known fields come out."""

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

from evals.corpus import heldout_items
from parsers import parse_notice

# ../shared beside the checkout, or wherever TENDERWATCH_SHARED says
SHARED = Path(os.environ.get("TENDERWATCH_SHARED") or Path(__file__).resolve().parents[2] / "shared")
REALDATA = SHARED / "realdata" / "notices"
EXPECTED = json.loads((Path(__file__).parent / "fixtures" / "realdata_expected.json").read_text(encoding="utf-8"))
# held-out notices (../shared/realdata/heldout.tsv) are read only by a counted held-out scoring, never by a test
HELDOUT = {key.rsplit(".", 1)[0] for file, key in heldout_items(SHARED) or set() if file == "notices/index.jsonl"}
FILES = [p for p in sorted(REALDATA.glob("*.*")) if p.stem not in HELDOUT] if REALDATA.is_dir() else []
pytestmark = pytest.mark.skipif(not FILES, reason=f"real notices not present at {REALDATA}")


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_parses_without_error(path):
    fields = parse_notice(None, path.read_bytes())
    assert isinstance(fields["warnings"], list)
    assert fields["title"] or fields["warnings"]


@pytest.mark.parametrize("name", [k for k in EXPECTED if not k.startswith("_")])
def test_known_fields(name):
    fields = parse_notice(None, (REALDATA / name).read_bytes())
    for key, value in EXPECTED[name].items():
        got = fields.get(key)
        if isinstance(value, (int, float)):
            assert got == Decimal(str(value)).quantize(Decimal("0.01")), key
        else:
            assert got == value, key
