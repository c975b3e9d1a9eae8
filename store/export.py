"""`tenders export`: notices selected by the same filters as search, streamed to CSV, Excel, Parquet, JSON lines or
OCDS release packages. Rows are fetched in batches and written as they come, so memory stays bounded whatever
the size of the export. Every column is described in docs/data-dictionary.md (generated from COLUMNS below).

Times carry their zone: ISO 8601 with +08:00 in CSV and JSON, timestamps in Asia/Shanghai in Parquet (Excel keeps
no zone: Beijing wall time there). Columns are only ever added at the end (``_ADDED``, and contract fields marked
``appended``), so a column keeps its position from one release to the next.

Spreadsheet safety: a text cell that starts with = + - @ (or a tab / carriage return) is prefixed with ' in CSV
and Excel, so scraped text never becomes a formula. File names never come from scraped text.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Callable, Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import IO

from sqlalchemy import select
from sqlalchemy.orm import Session

from common.clock import aware, iso
from common.notice_types import AWARD, CONTRACT
from common.contract import NOTICE_FIELDS, NoticeField
from store.filters import NoticeFilter, select_notices
from store.models import Classification, ClassificationCategory, Notice, Organization, Project
from store.ocds_export import json_default, party, write_ocds, write_ocds_records
from store.ocids import notice_ocid

FORMATS = ("csv", "xlsx", "parquet", "jsonl", "ocds", "ocds-records")
EXTENSIONS = {"csv": "csv", "xlsx": "xlsx", "parquet": "parquet", "jsonl": "jsonl", "ocds": "json",
              "ocds-records": "records.json"}
BATCH = 1000

# (column, type, description) — the data dictionary. The notice's own fields come from the contract
# (common/contract.py), in its order; the columns below are the store's: the record, the project, the labels.
_RECORD = [
    ("id", "integer", "tenderwatch's row id of the notice (stable within one store only: use source + source_id)"),
    ("source", "text", "the spider / site the notice came from (ccgp, ggzy, zhejiang …)"),
    ("source_id", "text", "the notice's id on its source site"),
    ("url", "text", "the notice's page on its source site"),
]
_AFTER = {  # store columns placed after a contract field
    "project_code": [("ocid", "text", "OCDS contracting process id: the notices of one project share it")],
    "period_months": [
        ("relevant", "boolean", "smart-city / government-ICT procurement (classify/GUIDELINES.md)"),
        ("relevance_confidence", "number", "calibrated probability of the relevance label (0–1)"),
        ("level", "text", "the buyer's level: 中央, 省级, 地市级, 区县级, 新区或开发区 (empty when unknown)"),
        ("categories", "list of text", "系统/场景, 数据, 基础设施, 安全, 综合, most confident first"),
        ("delivery_model", "text", "EPC, PPP, 政府购买服务, 其他")],
}
_VERSIONS = [
    ("model_version", "text", "the rules and text model that made the labels"),
    ("parse_version", "text", "the parser version that read the notice"),
]
# Added after the first release (issue 18), at the end; the contract's fields marked ``appended`` follow them.
# Every id here is drawn from published data (store/ocids.py, store/ocds_export.party), never from a row number.
_ADDED = [
    ("project_id", "text", "the project's id, the same in each of its notices and after a store rebuild: its 项目编号 "
     "as first printed, else `source-source_id` of its earliest call (OCDS `tender.id`, store/ocids.py). Two projects "
     "can print one 项目编号: `ocid` is the unique key of a project"),
    ("buyer_org_id", "text", "the buyer's organisation id, as the OCDS party id: `CN-USCC-` + its 统一社会信用代码 when "
     "known, else `org-` + a hash of its merged name (store/orgs.py); empty when no buyer is printed"),
    ("agency_org_id", "text", "the agency's organisation id, formed as `buyer_org_id`; empty when no agency is printed"),
    ("supplier_org_ids", "list of text", "the suppliers' organisation ids, formed as `buyer_org_id`, in the order of "
     "`suppliers`"),
]


def columns(contract: tuple[NoticeField, ...] = NOTICE_FIELDS) -> list[tuple[str, str, str]]:
    """The export columns in order: the record, the contract's fields (store columns placed among them), the
    versions; then what was added later: the store's, then the contract's ``appended`` fields."""
    out = list(_RECORD)
    for f in contract:
        if not f.appended:
            out += f.export_columns + _AFTER.get(f.name, [])
    out += _VERSIONS + _ADDED
    for f in contract:
        if f.appended:
            out += f.export_columns
    return out


COLUMNS: list[tuple[str, str, str]] = columns()
NAMES = [c[0] for c in COLUMNS]
_JSON = {name for name, kind, _ in COLUMNS if kind == "json"}  # as JSON text in CSV and Excel, JSON in Parquet
_FORMULA = re.compile(r"^[=+\-@\t\r]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


_EXPORTED = [f for f in NOTICE_FIELDS if f.export_columns]
_NOTICE_COLS = tuple(dict.fromkeys(["id", "source", "source_id", "url"] + [f.store_column for f in _EXPORTED] + [
    "parse_version", "lots", "suppliers", "project_id", "buyer_id", "agency_id", "current_deadline"]))


def rows(session: Session, f: NoticeFilter, batch: int = BATCH, by_process: bool = False) -> Iterator[dict]:
    """The selected notices as export rows, fetched ``batch`` at a time (never the whole result in memory; plain
    rows, no ORM identity map to grow); ``by_process``: the notices of one ocid one after another."""
    cols = [getattr(Notice, c) for c in _NOTICE_COLS] + [
        Classification.id.label("cid"), Classification.relevant, Classification.relevance_conf,
        Classification.level, Classification.delivery_model, Classification.model_version, Project.ocid,
        Project.tender_id, Project.title.label("project_title"), Project.project_code.label("project_project_code")]
    q = select_notices(f, *cols).join(Project, Project.id == Notice.project_id, isouter=True)
    q = q.order_by(*((Project.ocid.is_(None), Project.ocid) if by_process else ()), Notice.published_at, Notice.id)
    result = session.execute(q.execution_options(yield_per=batch, stream_results=True))
    for part in result.partitions(batch):
        cids = [r.cid for r in part if r.cid is not None]
        cats: dict[int, list[tuple[float, str]]] = {}
        if cids:
            for cid, cat, conf in session.execute(
                    select(ClassificationCategory.classification_id, ClassificationCategory.category,
                           ClassificationCategory.confidence).where(ClassificationCategory.classification_id.in_(cids))):
                cats.setdefault(cid, []).append((-(conf or 0), cat))
        orgs = _organisations(session, part)
        awards = _project_awards(session, {r.project_id for r in part if r.notice_type == CONTRACT and r.project_id})
        for r in part:
            row = _row(r, [cat for _, cat in sorted(cats.get(r.cid, []))] if r.cid is not None else [])
            row["_orgs"], row["_award_of_project"] = orgs, awards.get(r.project_id)
            row.update(_org_ids(row, orgs))
            yield row


def _org_ids(row: dict, orgs: dict) -> dict:
    """The buyer's, agency's and suppliers' ids: the parties' ids of the OCDS output (store.ocds_export.party)."""
    def of(org_id: int | None, printed: str | None, credit_code: str | None = None) -> str | None:
        return party(orgs, org_id, printed, credit_code)["id"] if printed else None

    return {"buyer_org_id": of(row["_buyer_id"], row["buyer"]), "agency_org_id": of(row["_agency_id"], row["agency"]),
            "supplier_org_ids": [of(s.get("org_id"), s["name"], s.get("credit_code")) for s in row["_suppliers"]
                                 if isinstance(s, dict) and s.get("name")]}


def _organisations(session: Session, part) -> dict[int, tuple[str, str | None]]:  # noqa: ANN001
    """The merged organisations (name shown, credit code) of a batch's buyers, agencies and suppliers."""
    ids = {i for r in part for i in (r.buyer_id, r.agency_id) if i}
    ids |= {s["org_id"] for r in part for s in (r.suppliers or []) if isinstance(s, dict) and s.get("org_id")}
    if not ids:
        return {}
    return {o.id: (o.name, o.credit_code) for o in session.execute(
        select(Organization.id, Organization.name, Organization.credit_code).where(Organization.id.in_(sorted(ids))))}


def _project_awards(session: Session, project_ids: set[int]) -> dict[int, str]:
    """The award id (of the earliest 中标/成交公告 of the project) that a contract release refers to."""
    out: dict[int, tuple] = {}
    if project_ids:
        for r in session.execute(select(Notice.project_id, Notice.published_at, Notice.source, Notice.source_id).where(
                Notice.project_id.in_(sorted(project_ids)), Notice.notice_type == AWARD)):
            key = (r.published_at is None, r.published_at or datetime.min, r.source, r.source_id)
            out[r.project_id] = min(out.get(r.project_id, key), key)
    return {pid: f"{k[2]}-{k[3]}-award" for pid, k in out.items()}


def _row(n, categories: list[str]) -> dict:  # noqa: ANN001 - a result row
    classified = n.cid is not None
    row = {"id": n.id, "source": n.source, "source_id": n.source_id, "url": n.url,
           "ocid": n.ocid or notice_ocid(n.source, n.source_id),
           "relevant": bool(n.relevant) if classified else None,
           "relevance_confidence": n.relevance_conf if classified else None, "level": n.level,
           "categories": categories, "delivery_model": {"other": "其他"}.get(n.delivery_model, n.delivery_model),
           "model_version": n.model_version, "parse_version": n.parse_version}
    for f in _EXPORTED:
        row.update(zip((c for c, _, _ in f.export_columns), f.exported(getattr(n, f.store_column))))
    tender_id = n.tender_id if n.ocid and n.tender_id else f"{n.source}-{n.source_id}"
    row.update({"_lots": n.lots or [], "_suppliers": n.suppliers or [], "_buyer_id": n.buyer_id,
                "_current_deadline": n.current_deadline, "project_id": tender_id,
                "_agency_id": n.agency_id, "_tender_id": tender_id,
                "_tender_title": n.project_title if n.ocid and n.project_title else n.title})
    return row


def neutralise_formula(v):  # noqa: ANN001, ANN201
    """Text that a spreadsheet would read as a formula (=, +, -, @, tab, CR first) gets a leading '."""
    return "'" + v if isinstance(v, str) and _FORMULA.match(v) else v


def safe_cell(v):  # noqa: ANN001, ANN201
    """A value for a spreadsheet cell: lists joined, control characters dropped, formulas neutralised."""
    if isinstance(v, list):
        v = "; ".join(str(x) for x in v)
    if isinstance(v, str):
        v = neutralise_formula(_CONTROL.sub("", v))
    return v


def _text(k: str, v, time=iso):  # noqa: ANN001, ANN202
    """A value as text formats show it: a time in ISO 8601 with +08:00 (or as ``time`` makes it), a JSON column as
    JSON text."""
    if isinstance(v, datetime):
        return time(v)
    if k in _JSON and v is not None:
        return json.dumps(v, ensure_ascii=False, default=json_default)
    return v


def write_csv(it: Iterator[dict], fh: IO[str]) -> int:
    w = csv.writer(fh)
    w.writerow(NAMES)
    n = 0
    for r in it:
        w.writerow([safe_cell(_text(k, r[k])) if r[k] is not None else "" for k in NAMES])
        n += 1
    return n


def write_jsonl(it: Iterator[dict], fh: IO[str]) -> int:
    n = 0
    for r in it:
        obj = {k: iso(r[k]) if isinstance(r[k], datetime) else r[k] for k in NAMES}  # JSON columns stay structures
        fh.write(json.dumps(obj, ensure_ascii=False, default=json_default) + "\n")
        n += 1
    return n


def write_xlsx(it: Iterator[dict], path: Path) -> int:
    from openpyxl import Workbook

    wb = Workbook(write_only=True)  # rows go to a temporary file as they are appended
    ws = wb.create_sheet("notices")
    ws.append(NAMES)
    n = 0
    for r in it:
        ws.append([safe_cell(float(v) if isinstance(v, Decimal) else json.dumps(v, ensure_ascii=False)
                             if k in _JSON and v is not None else v) for k, v in ((k, r[k]) for k in NAMES)])
        n += 1
    wb.save(path)
    return n


def _arrow_schema():
    import pyarrow as pa

    kinds = {"integer": pa.int64(), "text": pa.string(), "datetime": pa.timestamp("s", tz="Asia/Shanghai"),
             "decimal": pa.decimal128(20, 2), "number": pa.float64(), "boolean": pa.bool_(),
             "list of text": pa.list_(pa.string()), "json": pa.json_()}
    return pa.schema([(name, kinds[kind]) for name, kind, _ in COLUMNS])


def _arrow_value(k: str, v):  # noqa: ANN001, ANN202
    """A naive Beijing time made aware (pyarrow would take a naive one as UTC); a JSON column as JSON text."""
    return _text(k, v, time=aware)


def write_parquet(it: Iterator[dict], path: Path, batch: int = 10_000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = _arrow_schema()
    n = 0
    buf: list[dict] = []
    with pq.ParquetWriter(path, schema, compression="zstd") as writer:
        for r in it:
            buf.append({k: _arrow_value(k, r[k]) for k in NAMES})
            if len(buf) >= batch:
                writer.write_table(pa.Table.from_pylist(buf, schema=schema))
                n += len(buf)
                buf.clear()
        if buf or n == 0:
            writer.write_table(pa.Table.from_pylist(buf, schema=schema))
            n += len(buf)
    return n


def export(session: Session, f: NoticeFilter, fmt: str, out: Path | None, stdout: IO[str] | None = None,
           progress: Callable[[int], None] | None = None) -> int:
    """Write the selected notices to ``out`` (or ``stdout`` for text formats); returns the number written."""
    it = rows(session, f, by_process=fmt == "ocds-records")
    if progress:
        it = _counting(it, progress)
    if fmt in ("xlsx", "parquet"):
        if out is None:
            raise ValueError(f"{fmt} needs an output file (--out)")
        tmp = out.with_name(out.name + ".part")
        n = (write_xlsx if fmt == "xlsx" else write_parquet)(it, tmp)
        tmp.replace(out)
        return n
    writer = {"csv": write_csv, "jsonl": write_jsonl, "ocds": write_ocds, "ocds-records": write_ocds_records}[fmt]
    if out is None:
        return writer(it, stdout)
    tmp = out.with_name(out.name + ".part")
    with open(tmp, "w", encoding="utf-8-sig" if fmt == "csv" else "utf-8", newline="") as fh:
        n = writer(it, fh)
    tmp.replace(out)
    return n


def _counting(it: Iterator[dict], progress: Callable[[int], None], every: int = 10_000) -> Iterator[dict]:
    n = 0
    for r in it:
        yield r
        n += 1
        if n % every == 0:
            progress(n)


def data_dictionary() -> str:
    lines = ["# Data dictionary: `tenders export`", "",
             "Every export format has these columns, in this order (OCDS output maps them to releases; see below).",
             "Amounts are yuan; times are Beijing time (UTC+8) and say so: see Times. Generated from the notice-field "
             "contract (`common/contract.py`) and the store's own columns (`store/export.py`); a test checks that this "
             "file is current and that an export's header is this list.", "",
             "| column | type | meaning |", "| --- | --- | --- |"]
    lines += [f"| `{name}` | {kind} | {desc} |" for name, kind, desc in COLUMNS]
    lines += ["", "Columns keep their names and positions: new ones are only added at the end. Added after the first "
              "release: "
              + ", ".join(f"`{c}`" for c in NAMES[NAMES.index("parse_version") + 1:]) + ".",
              "", "## Times", "",
              "Every time is Beijing time (Asia/Shanghai, UTC+8, no daylight saving) and carries its zone wherever the "
              "format can hold one:",
              "",
              "- `csv`, `jsonl`: ISO 8601 with the offset, `2026-11-17T09:30:00+08:00`; `documents_from` / "
              "`documents_to` the same when a time is printed, a date alone (`2026-11-17`) when not.",
              "- `parquet`: `timestamp[ms, tz=Asia/Shanghai]` (Parquet: adjusted to UTC, the zone kept in the Arrow "
              "schema): readers get the right instant.",
              "- `xlsx`: Excel has no time zones: date cells in Beijing wall time.",
              "- `ocds`, `ocds-records`: ISO 8601 with `+08:00`, as the standard asks.",
              "", "## Formats", "",
              "- `csv`: UTF-8 with a byte-order mark (Excel opens Chinese correctly); lists joined with `; `; json "
              "columns as JSON text (`[]` / `{}` when empty).",
              "- `xlsx`: one sheet `notices`; amounts as numbers; json columns as JSON text.",
              "- `parquet`: typed columns (decimal(20,2) amounts, zoned timestamps, lists of strings, json columns "
              "with Parquet's JSON type), zstd.",
              "- `jsonl`: one JSON object per notice; amounts as strings (exact decimals); json columns as JSON arrays "
              "and objects.",
              "- `ocds`: one OCDS 1.1 release package; each notice is a release (`ocid` groups the notices of one "
              "project; `tag` from the notice type; `tender.procurementMethodDetails` is the Chinese method; lots "
              "and awards with suppliers; the buyer's and agency's contacts as their parties' `contactPoint`; a "
              "合同公告 also a contract with its value). Validates against the release-package and release schemas of "
              "OCDS 1.1.5 in `store/schema/`.",
              "- `ocds-records`: one OCDS record package: per `ocid` its releases and the compiled release that ocdskit "
              "merges from them (offline, with the shipped release schema).",
              "", "## Identifiers", "",
              "Identifiers come from what the sources publish, so that they stay the same when the store is "
              "rebuilt (on SQLite or PostgreSQL, in any arrival order): the `ocid` is `ocds-tenderwatch-c-` + a hash of "
              "the project's 项目编号 and the source that first printed it, else `ocds-tenderwatch-n-` + a hash of the "
              "source and id of the project's earliest call (采购意向 excluded); a release's `id` is `source-source_id`; "
              "`tender.id`, and the `project_id` column, is the 项目编号 as first printed, else that call's "
              "`source-source_id`; a party's `id`, and the `buyer_org_id`, `agency_org_id` and `supplier_org_ids` "
              "columns, is `CN-USCC-` + its 统一社会信用代码 when known (also in `identifier`), else `org-` + a hash of "
              "its merged name (an organisation known by name alone takes its `CN-USCC-` id once a notice prints its "
              "code). The `id` column is the store's own row number: not stable across stores.",
              "", "In CSV and Excel a text cell that starts with `=`, `+`, `-` or `@` is prefixed with `'`, so that "
              "scraped text never runs as a formula."]
    return "\n".join(lines) + "\n"
