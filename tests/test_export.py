"""`tenders export`: every format, the filters, formula injection, OCDS validity, file names, the data dictionary."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

from decimal import Decimal
from pathlib import Path

import pytest

from store.export import NAMES, data_dictionary
from store.ocds import validate_package
from tests.test_report import END, SEED, _n, seed

REPO = Path(__file__).resolve().parents[1]
FORMULAS = ["=cmd|' /C calc'!A0", "+SUM(A1:A9)", "-2+3", "@SUM(1)"]
ROWS = SEED + [_n(40 + i, 0, "award", f, buyer=f, award="1000.00", suppliers=[{"name": f}])
               for i, f in enumerate(FORMULAS)]


@pytest.fixture
def store(tmp_path):
    url = f"sqlite:///{tmp_path / 'store.db'}"
    seed(url, ROWS)
    return url


def tenders(url: str, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TENDERWATCH_DB": url}
    return subprocess.run([sys.executable, "-m", "tenderwatch.cli", "export", *args], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=120)


def test_csv_has_every_column_and_neutralises_formulas(store, tmp_path):
    out = tenders(store, tmp_path, "--format", "csv", "--out", str(tmp_path / "a.csv"))
    assert out.returncode == 0, out.stderr
    with open(tmp_path / "a.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == NAMES and len(rows) == len(ROWS)
    cells = [v for r in rows for v in r.values()]
    for f in FORMULAS:
        assert f not in cells and "'" + f in cells, f
    assert not any(v.startswith(("=", "+", "@")) or (v.startswith("-") and not v[1:2].isdigit()) for v in cells)
    assert "长沙市城市大脑二期建设项目公开招标公告" in cells


def test_xlsx_cells_are_text_not_formulas(store, tmp_path):
    from openpyxl import load_workbook

    out = tenders(store, tmp_path, "--format", "xlsx", "--out", str(tmp_path / "a.xlsx"))
    assert out.returncode == 0, out.stderr
    ws = load_workbook(tmp_path / "a.xlsx").active
    header = [c.value for c in ws[1]]
    assert header == NAMES and ws.max_row == len(ROWS) + 1
    types = {c.data_type for row in ws.iter_rows(min_row=2) for c in row}
    assert "f" not in types
    buyers = {ws.cell(row=i, column=NAMES.index("buyer") + 1).value for i in range(2, ws.max_row + 1)}
    assert "'=cmd|' /C calc'!A0" in buyers


def test_parquet_is_typed(store, tmp_path):
    import pyarrow.parquet as pq

    out = tenders(store, tmp_path, "--format", "parquet", "--out", str(tmp_path / "a.parquet"))
    assert out.returncode == 0, out.stderr
    t = pq.read_table(tmp_path / "a.parquet")
    assert t.num_rows == len(ROWS) and t.column_names == NAMES
    assert str(t.schema.field("budget_cny").type) == "decimal128(20, 2)"
    budgets = {b for b in t.column("budget_cny").to_pylist() if b is not None}
    assert Decimal("450000000.00") in budgets


def test_jsonl_and_filters(store, tmp_path):
    def ids(*args):
        out = tenders(store, tmp_path, "--format", "jsonl", "--out", "-", *args)
        assert out.returncode == 0, out.stderr
        return {json.loads(line)["source_id"] for line in out.stdout.splitlines()}

    assert len(ids()) == len(ROWS)
    assert ids("--level", "区县级") == {"2", "4"}
    assert ids("--region", "长沙县") == {"2"}
    assert ids("--region", "43", "--delivery-model", "政府购买服务") == {"2"}
    assert ids("--category", "综合") == {"4"}
    assert ids("--min-amount", "90000000") == {"4", "16"}
    assert ids("--relevant", "--notice-type", "中标/成交公告", "--max-amount", "900000") == \
        {"5"} | {str(40 + i) for i in range(len(FORMULAS))}
    assert ids("--from", "2026-11-16", "--to", "2026-11-23", "--relevant", "--method", "单一来源") == {"5"}
    out = tenders(store, tmp_path, "--format", "jsonl", "--out", "-", "--level", "区县级")
    assert json.loads(out.stdout.splitlines()[0])["level"] == "区县级"
    assert "长沙" in out.stdout and "\\u" not in out.stdout  # UTF-8 kept


def test_deadline_filter(store, tmp_path):
    from store.db import open_store
    from store.filters import NoticeFilter, select_notices
    from store.models import Notice

    engine, Session = open_store(store)
    with Session() as s:
        got = {n.source_id for n in s.execute(select_notices(
            NoticeFilter(deadline_within_days=14, now=END), Notice)).scalars()}
    engine.dispose()
    assert got == {"1", "8"}  # 3 and 1 days after the week; 20 days is out


def test_ocds_package_validates_against_the_shipped_schema(store, tmp_path):
    out = tenders(store, tmp_path, "--format", "ocds", "--out", str(tmp_path / "p.json"))
    assert out.returncode == 0, out.stderr
    package = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert validate_package(package) == []
    releases = package["releases"]
    assert len(releases) == len(ROWS)
    award = next(r for r in releases if r["id"] == "ccgp-3")
    assert award["tag"] == ["award"] and award["awards"][0]["value"] == {"amount": 2500000.0, "currency": "CNY"}
    assert award["awards"][0]["suppliers"][0]["name"] == "星城数字技术股份有限公司"
    tender = next(r for r in releases if r["id"] == "ccgp-5")
    assert tender["tender"]["procurementMethodDetails"] == "单一来源"
    # notices of one project share an ocid
    p2 = [r["ocid"] for r in releases if r["id"] in ("ccgp-3", "ccgp-11")]
    assert len(set(p2)) == 1
    # and the validator does reject a broken package
    broken = dict(package, releases=[{"ocid": 1}])
    assert validate_package(broken)


def test_default_file_name_never_comes_from_scraped_text(store, tmp_path):
    out = tenders(store, tmp_path, "--format", "csv", "--category", "系统/场景")
    assert out.returncode == 0, out.stderr
    made = [p.name for p in tmp_path.glob("tenderwatch-export-*.csv")]
    assert len(made) == 1 and made[0][len("tenderwatch-export-"):-4].replace("-", "").isdigit()


@pytest.mark.parametrize("args,needle", [
    (["--format", "csv", "--level", "省"], "level must be one of"),
    (["--format", "csv", "--region", "火星市"], "no administrative division"),
    (["--format", "csv", "--min-amount", "10", "--max-amount", "1"], "minimum amount is above"),
    (["--format", "xlsx", "--out", "-"], "binary format"),
    (["--format", "pdf"], "Invalid value"),
    (["--format", "csv", "--from", "2026-13-01"], "Invalid value"),
])
def test_bad_filters_are_clear_errors(store, tmp_path, args, needle):
    out = tenders(store, tmp_path, *args)
    assert out.returncode == 2 and needle in out.stderr and "Traceback" not in out.stderr


def test_data_dictionary_is_current():
    assert (REPO / "docs" / "data-dictionary.md").read_text(encoding="utf-8") == data_dictionary()
    for name in NAMES:
        assert f"`{name}`" in data_dictionary()


def test_export_streams_in_batches(store, monkeypatch):
    """The rows come from the database in batches (yield_per), not as one list."""
    from store import export as ex
    from store.db import open_store
    from store.filters import NoticeFilter

    engine, Session = open_store(store)
    with Session() as s:
        it = ex.rows(s, NoticeFilter(), batch=5)
        first = [next(it) for _ in range(5)]
        assert len(s.identity_map) == 0  # plain rows: nothing accumulates in the session
        rest = list(it)
    engine.dispose()
    assert len(first) + len(rest) == len(ROWS)
