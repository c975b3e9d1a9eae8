"""`tenders export`: every format, the filters, formula injection, OCDS validity, file names, the data dictionary,
zoned times, and the columns added later (project id, organisation ids, contacts, lots) at the end."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys

import re
from datetime import datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest

from common.clock import SHANGHAI
from common.contract import NOTICE_FIELDS
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


# The columns of the first release, in their order: researchers' scripts index them; new columns only come after.
FIRST_RELEASE = [
    "id", "source", "source_id", "url", "notice_type", "title", "published_at", "project_code", "ocid", "buyer",
    "buyer_region", "buyer_region_code", "agency", "method", "method_ocds", "budget_cny", "max_price_cny", "award_cny",
    "suppliers", "deadline", "opening", "opening_place", "documents_from", "documents_to", "documents_price_cny",
    "qualification_consortium", "qualification_sme_only", "period_days", "period_months", "relevant",
    "relevance_confidence", "level", "categories", "delivery_model", "ppp_return_mechanism", "ppp_operation_mode",
    "ppp_cooperation_years", "contract_number", "contract_name", "contract_amount_cny", "contract_signed_date",
    "contract_term", "termination_reason", "warnings", "model_version", "parse_version"]
ADDED = ["project_id", "buyer_org_id", "agency_org_id", "supplier_org_ids", "contacts", "lots"]

CREDIT_CODE = "91430300MA4L12345X"
CONTACTS = {"buyer": {"name": "刘警官", "phone": "0731-58581234"}, "agency": {"name": "周工", "phone": "0731-88776655"},
            "others": [{"name": "王女士", "phone": "13807310000"}]}
LOTS = [{"lot": "1", "name": "交通信号机", "budget_cny": Decimal("2000000.00")},
        {"lot": "2", "name": "信号控制平台软件", "budget_cny": Decimal("1600000.00")}]
# A call and its award (one 项目编号), with an agency, contacts, lots, a dated document window and a supplier's credit
# code; and a call printing no 项目编号.
RICH = [
    ("r1", {"title": "湘潭市智慧交通信号控制系统采购项目公开招标公告", "notice_type": "招标/采购公告",
            "published_at": datetime(2026, 11, 18, 9, 30), "project_code": "XTCG-2026-118",
            "buyer": "湘潭市公安局交通警察支队", "agency": "湖南湘咨工程咨询有限公司", "buyer_region_code": "430300",
            "method": "公开招标", "budget_cny": Decimal("3600000.00"), "deadline": datetime(2026, 12, 9, 9, 30),
            "documents": {"from": "2026-11-18T09:00:00", "to": "2026-11-25", "place": "湘潭市公共资源交易网",
                          "price_cny": Decimal("0.00"), "raw": "2026年11月18日09:00至2026年11月25日"},
            "contacts": CONTACTS, "lots": LOTS, "warnings": []}),
    ("r2", {"title": "湘潭市智慧交通信号控制系统采购项目中标公告", "notice_type": "中标/成交公告",
            "published_at": datetime(2026, 11, 30, 16, 0), "project_code": "XTCG-2026-118",
            "buyer": "湘潭市公安局交通警察支队", "agency": "湖南湘咨工程咨询有限公司", "award_cny": Decimal("1980000.00"),
            "suppliers": [{"name": "湖南智行交通科技有限公司", "credit_code": CREDIT_CODE, "award_cny": Decimal("1980000.00"),
                           "lot": "1"}, {"name": "星城数字技术股份有限公司", "award_cny": None, "lot": "2"}],
            "warnings": []}),
    ("r3", {"title": "湘潭县智慧校园改造项目竞争性磋商公告", "notice_type": "招标/采购公告",
            "published_at": datetime(2026, 11, 19, 23, 30), "buyer": "湘潭县教育局", "method": "竞争性磋商",
            "budget_cny": Decimal("480000.00"), "warnings": []}),
]


def fill(url: str, reverse: bool = False) -> None:
    """ROWS and RICH in a store, in that arrival order or in reverse (row ids differ, published data does not)."""
    from store.db import open_store
    from store.notices import save_notice

    seed(url, list(reversed(ROWS)) if reverse else ROWS)
    engine, Session = open_store(url)
    with Session.begin() as s:
        for sid, fields in (reversed(RICH) if reverse else RICH):
            save_notice(s, source="ccgp", source_id=sid, url=f"http://www.ccgp.gov.cn/{sid}.htm", raw_page_id=None,
                        fields=fields, parse_version="test")
    engine.dispose()


@pytest.fixture
def rich(tmp_path):
    url = f"sqlite:///{tmp_path / 'rich.db'}"
    fill(url)
    return url


def _jsonl(url: str, cwd: Path) -> dict[str, dict]:
    out = tenders(url, cwd, "--format", "jsonl", "--out", "-")
    assert out.returncode == 0, out.stderr
    return {r["source_id"]: r for r in map(json.loads, out.stdout.splitlines())}


def dictionary_columns() -> list[str]:
    """The columns docs/data-dictionary.md lists, in its order (the rows of its table)."""
    text = (REPO / "docs" / "data-dictionary.md").read_text(encoding="utf-8")
    return re.findall(r"^\| `([^`]+)` \|", text, flags=re.M)


def test_columns_of_the_first_release_keep_their_places():
    assert NAMES[:len(FIRST_RELEASE)] == FIRST_RELEASE
    assert NAMES[len(FIRST_RELEASE):] == ADDED


def test_every_format_has_the_dictionarys_columns(rich, tmp_path):
    """The header of each export is the data dictionary's list; the dictionary lists no field the export leaves out."""
    import pyarrow.parquet as pq
    from openpyxl import load_workbook

    listed = dictionary_columns()
    assert listed == NAMES
    hidden = {f.name for f in NOTICE_FIELDS if not f.export_columns}
    assert {"text", "attachments", "changes", "budget_raw"} <= hidden and not hidden & set(listed)
    for fmt in ("csv", "xlsx", "parquet", "jsonl"):
        out = tenders(rich, tmp_path, "--format", fmt, "--out", str(tmp_path / f"a.{fmt}"))
        assert out.returncode == 0, out.stderr
    with open(tmp_path / "a.csv", encoding="utf-8-sig", newline="") as fh:
        assert next(csv.reader(fh)) == listed
    assert [c.value for c in load_workbook(tmp_path / "a.xlsx").active[1]] == listed
    assert pq.read_table(tmp_path / "a.parquet").column_names == listed
    with open(tmp_path / "a.jsonl", encoding="utf-8") as fh:
        assert all(list(json.loads(line)) == listed for line in fh)


def test_times_carry_the_beijing_offset(rich, tmp_path):
    import pyarrow.parquet as pq

    out = tenders(rich, tmp_path, "--format", "csv", "--out", str(tmp_path / "a.csv"))
    assert out.returncode == 0, out.stderr
    with open(tmp_path / "a.csv", encoding="utf-8-sig", newline="") as fh:
        by_id = {r["source_id"]: r for r in csv.DictReader(fh)}
    call = by_id["r1"]
    assert call["published_at"] == "2026-11-18T09:30:00+08:00" and call["deadline"] == "2026-12-09T09:30:00+08:00"
    assert call["documents_from"] == "2026-11-18T09:00:00+08:00" and call["documents_to"] == "2026-11-25"
    assert datetime.fromisoformat(by_id["r3"]["published_at"]).astimezone(timezone.utc) == \
        datetime(2026, 11, 19, 15, 30, tzinfo=timezone.utc)  # 23:30 in Beijing is 15:30 UTC, the same day
    stamps = [v for r in by_id.values() for k, v in r.items() if k in ("published_at", "deadline", "opening") and v]
    assert len(stamps) > len(ROWS) and all(v.endswith("+08:00") for v in stamps)

    rows = _jsonl(rich, tmp_path)
    assert rows["r1"]["published_at"] == "2026-11-18T09:30:00+08:00"
    assert rows["r1"]["documents_from"] == "2026-11-18T09:00:00+08:00"

    out = tenders(rich, tmp_path, "--format", "parquet", "--out", str(tmp_path / "a.parquet"))
    assert out.returncode == 0, out.stderr
    t = pq.read_table(tmp_path / "a.parquet")
    for column in ("published_at", "deadline", "opening"):
        assert t.schema.field(column).type.tz == "Asia/Shanghai", column
    got = dict(zip(t.column("source_id").to_pylist(), t.column("published_at").to_pylist()))
    assert got["r1"] == datetime(2026, 11, 18, 9, 30, tzinfo=SHANGHAI)  # the instant, not 09:30 UTC
    assert got["r3"].astimezone(timezone.utc) == datetime(2026, 11, 19, 15, 30, tzinfo=timezone.utc)


def test_contacts_and_lots_as_json_in_every_format(rich, tmp_path):
    import pyarrow.parquet as pq
    from openpyxl import load_workbook

    lots = json.loads(json.dumps(LOTS, default=str))  # as stored: amounts as strings
    rows = _jsonl(rich, tmp_path)
    assert rows["r1"]["contacts"] == CONTACTS and rows["r1"]["lots"] == lots
    assert rows["r3"]["contacts"] == {} and rows["r3"]["lots"] == []

    for fmt in ("csv", "xlsx", "parquet"):
        out = tenders(rich, tmp_path, "--format", fmt, "--out", str(tmp_path / f"a.{fmt}"))
        assert out.returncode == 0, out.stderr
    with open(tmp_path / "a.csv", encoding="utf-8-sig", newline="") as fh:
        by_id = {r["source_id"]: r for r in csv.DictReader(fh)}
    assert json.loads(by_id["r1"]["contacts"]) == CONTACTS and json.loads(by_id["r1"]["lots"]) == lots
    assert "刘警官" in by_id["r1"]["contacts"]  # Chinese kept, not \\u-escaped
    assert (by_id["r3"]["contacts"], by_id["r3"]["lots"]) == ("{}", "[]")

    ws = load_workbook(tmp_path / "a.xlsx").active
    header = [c.value for c in ws[1]]
    xrows = {r[header.index("source_id")]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert json.loads(xrows["r1"][header.index("lots")]) == lots

    t = pq.read_table(tmp_path / "a.parquet")
    assert str(t.schema.field("lots").type) == "extension<arrow.json>"
    assert pq.ParquetFile(tmp_path / "a.parquet").schema.column(NAMES.index("contacts")).logical_type.type == "JSON"
    got = dict(zip(t.column("source_id").to_pylist(), t.column("contacts").to_pylist()))
    assert json.loads(got["r1"]) == CONTACTS


def test_project_and_organisation_ids_are_the_ocds_ones(rich, tmp_path):
    rows = _jsonl(rich, tmp_path)
    assert rows["r1"]["project_id"] == rows["r2"]["project_id"] == "XTCG-2026-118"
    assert rows["r3"]["project_id"] == "ccgp-r3"  # no 项目编号: its call's source-source_id
    assert rows["3"]["project_id"] == rows["11"]["project_id"] == "ccgp-11"  # "P2" is too short to be a code key
    assert rows["r2"]["supplier_org_ids"] == [f"CN-USCC-{CREDIT_CODE}", rows["r2"]["supplier_org_ids"][1]]
    assert rows["r2"]["supplier_org_ids"][1].startswith("org-")
    assert rows["3"]["supplier_org_ids"] == [rows["r2"]["supplier_org_ids"][1]]  # one supplier, one id
    assert rows["r3"]["agency_org_id"] is None and rows["r3"]["supplier_org_ids"] == []

    out = tenders(rich, tmp_path, "--format", "ocds", "--out", str(tmp_path / "p.json"))
    assert out.returncode == 0, out.stderr
    package = json.loads((tmp_path / "p.json").read_text(encoding="utf-8"))
    assert validate_package(package) == []
    for rel in package["releases"]:
        r = rows[rel["id"].removeprefix("ccgp-")]
        assert r["project_id"] == rel["tender"]["id"] and r["ocid"] == rel["ocid"]
        roles = {role: p["id"] for p in rel.get("parties", []) for role in p["roles"]}
        assert r["buyer_org_id"] == roles.get("buyer") and r["agency_org_id"] == roles.get("procuringEntity")
        assert r["supplier_org_ids"] == [p["id"] for p in rel.get("parties", []) if "supplier" in p["roles"]]
    call = next(rel for rel in package["releases"] if rel["id"] == "ccgp-r1")
    points = {p["roles"][0]: p.get("contactPoint") for p in call["parties"]}
    assert points == {"buyer": {"name": "刘警官", "telephone": "0731-58581234"},
                      "procuringEntity": {"name": "周工", "telephone": "0731-88776655"}}


def test_ids_survive_a_rebuild_in_another_order(rich, tmp_path):
    """A store rebuilt from the same notices in reverse order: other row ids, the same project and organisation ids."""
    other = f"sqlite:///{tmp_path / 'reversed.db'}"
    fill(other, reverse=True)
    a, b = _jsonl(rich, tmp_path), _jsonl(other, tmp_path)
    assert a.keys() == b.keys()
    assert any(a[k]["id"] != b[k]["id"] for k in a)  # the row ids did move
    stable = ["ocid"] + ADDED
    assert {k: [a[k][c] for c in stable] for k in a} == {k: [b[k][c] for c in stable] for k in b}
    assert len({r["buyer_org_id"] for r in a.values()}) > 5
