"""OCDS identifiers a researcher can keep: ocids, release, tender and party ids drawn from what the sources publish,
identical on SQLite and PostgreSQL, in fresh stores and in any arrival order; contract releases with their
contracts; records compiled by ocdskit with the shipped schema; packages valid against one OCDS version."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
from collections import defaultdict
from datetime import datetime
from decimal import Decimal
from io import StringIO
from pathlib import Path

import pytest
from sqlalchemy import select, update

from parsers import PARSER_VERSION, parse_notice
from store.db import open_store
from store.export import export
from store.filters import NoticeFilter
from evals.link import mirror_pages
from store.linking import link_pending
from store.models import Notice, Project
from store.notices import save_notice
from store.ocds import PACKAGE, RELEASE, validate_package
from store.ocids import SETTLED, code_ocid, notice_ocid

OCDSKIT = Path(sys.executable).with_name("ocdskit")


@pytest.fixture(scope="module")
def pages():
    """Every page of the ccgp and ggzy mirrors, parsed once: (source, source id, url, fields)."""
    return [(src, sid, url, parse_notice(url, body)) for src, sid, url, body, _ in mirror_pages()]


def fill(url: str, pages, order: str, seed: int = 0) -> None:
    """Store the pages in an arrival order and link them as processing does (one pass after the batch)."""
    items = list(pages)
    if order == "reverse":
        items.reverse()
    elif order == "shuffled":
        random.Random(seed).shuffle(items)
    engine, Session = open_store(url)
    with Session.begin() as s:
        for src, sid, u, fields in items:
            save_notice(s, source=src, source_id=sid, url=u, raw_page_id=None, fields=fields,
                        parse_version=PARSER_VERSION, link=False)
        link_pending(s)
    engine.dispose()


def package(url: str) -> dict:
    engine, Session = open_store(url)
    buf = StringIO()
    with Session() as s:
        export(s, NoticeFilter(), "ocds", None, stdout=buf)
    engine.dispose()
    return json.loads(buf.getvalue())


def ids(pkg: dict) -> dict[str, tuple]:
    """Per release: its ocid, tender id and title, and its parties' ids."""
    return {r["id"]: (r["ocid"], r["tender"]["id"], r["tender"]["title"],
                      tuple(sorted(p["id"] for p in r.get("parties", [])))) for r in pkg["releases"]}


@pytest.fixture(scope="module")
def reference_url(pages, tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('ocds-ref') / 'ref.db'}"
    fill(url, pages, "published")
    return url


@pytest.fixture(scope="module")
def reference(reference_url):
    return package(reference_url)


@pytest.mark.parametrize("order,seed", [("published", 0), ("reverse", 0), ("shuffled", 1), ("shuffled", 2)])
def test_ids_do_not_depend_on_arrival_order_or_a_fresh_store(pages, reference, tmp_path, order, seed):
    url = f"sqlite:///{tmp_path / 'tw.db'}"
    fill(url, pages, order, seed)
    got, want = ids(package(url)), ids(reference)
    assert len(want) == len(pages)
    differ = {k: (want[k], got.get(k)) for k in want if got.get(k) != want[k]}
    assert not differ, f"{len(differ)} of {len(want)} releases differ, e.g. {next(iter(differ.items()))}"


def test_ids_are_the_same_on_postgresql(pages, reference, pg_server_url):
    url = pg_server_url()
    fill(url, pages, "shuffled", 3)
    assert ids(package(url)) == ids(reference)


def test_ocids_are_drawn_from_codes_and_first_calls(pages, reference):
    by_ocid = defaultdict(list)
    for r in reference["releases"]:
        by_ocid[r["ocid"]].append(r)
    assert all(o.startswith(("ocds-tenderwatch-c-", "ocds-tenderwatch-n-")) for o in by_ocid)
    fields = {(src, sid): f for src, sid, _, f in pages}
    coded = [o for o in by_ocid if o.startswith("ocds-tenderwatch-c-")]
    assert len(coded) > len(by_ocid) / 2  # most mirror projects print a code
    for ocid, releases in by_ocid.items():
        assert len({r["tender"]["id"] for r in releases}) == 1, ocid  # one tender id per process
        assert len({r["tender"]["title"] for r in releases}) == 1, ocid  # a contract's title does not replace it
        if ocid.startswith("ocds-tenderwatch-n-"):
            calls = [r for r in releases if fields[tuple(r["id"].split("-", 1))]["notice_type"] == "招标/采购公告"]
            if calls:  # the earliest call names the process
                first = min(calls, key=lambda r: (r["date"], r["id"]))
                assert ocid == notice_ocid(*first["id"].split("-", 1))
                assert releases[0]["tender"]["id"] == first["id"]


def test_package_is_valid_and_carries_contracts_buyers_and_credit_codes(reference, pages):
    assert validate_package(reference) == []
    assert json.loads(PACKAGE.read_text())["id"].split("/")[-2] == json.loads(RELEASE.read_text())["id"].split("/")[-2]
    contracts = [r for r in reference["releases"] if r["tag"] == ["contract"]]
    assert contracts, "the mirror has contract notices"
    amounts = {(src, sid): f.get("award_cny") for src, sid, _, f in pages}
    for r in contracts:
        (c,) = r["contracts"]
        stored = amounts[tuple(r["id"].split("-", 1))]
        assert stored is None or Decimal(str(c["value"]["amount"])) == Decimal(str(stored)).quantize(Decimal("0.01"))
        awards = {a["id"] for x in reference["releases"] if x["ocid"] == r["ocid"] for a in x.get("awards", [])}
        assert c["awardID"] in awards  # the award it was signed on is in the same process
    assert any(c["contracts"][0].get("value") for c in contracts)
    with_buyer = [r for r in reference["releases"] if r.get("buyer")]
    assert all(r["tender"].get("procuringEntity") for r in with_buyer)
    identified = [p for r in reference["releases"] for p in r.get("parties", []) if p.get("identifier")]
    assert identified and all(p["id"] == f"CN-USCC-{p['identifier']['id']}" and p["identifier"]["scheme"] == "CN-USCC"
                              for p in identified)
    codes = {s["credit_code"] for _, _, _, f in pages for s in f.get("suppliers") or [] if s.get("credit_code")}
    assert codes <= {p["identifier"]["id"] for p in identified}  # every parsed 统一社会信用代码 reaches identifier


def test_a_merged_supplier_has_one_party_id(reference):
    names = defaultdict(set)
    for r in reference["releases"]:
        for p in r.get("parties", []):
            if "supplier" in p["roles"]:
                names[p["name"]].add(p["id"])
    assert names and all(len(v) == 1 for v in names.values())


@pytest.mark.skipif(not OCDSKIT.exists() and not shutil.which("ocdskit"), reason="ocdskit is not installed")
def test_ocdskit_compiles_one_record_per_process(reference, tmp_path):
    exe = str(OCDSKIT) if OCDSKIT.exists() else shutil.which("ocdskit")
    out = subprocess.run([exe, "compile", "--schema", str(RELEASE)], input=json.dumps(reference, ensure_ascii=False),
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    compiled = [json.loads(line) for line in out.stdout.splitlines() if line.strip()]
    ocids = {r["ocid"] for r in reference["releases"]}
    assert sorted(c["ocid"] for c in compiled) == sorted(ocids)
    first_tender = {}
    for r in reference["releases"]:
        first_tender.setdefault(r["ocid"], r["tender"]["id"])
    contract_values = {r["ocid"]: r["contracts"][0]["value"]["amount"] for r in reference["releases"]
                       if r.get("contracts") and r["contracts"][0].get("value")}
    for c in compiled:
        assert c["tender"]["id"] == first_tender[c["ocid"]]
        if c["ocid"] in contract_values:
            assert [k.get("value", {}).get("amount") for k in c["contracts"]] == [contract_values[c["ocid"]]]


def test_record_package_compiles_each_process_with_ocdskit(reference_url, reference):
    engine, Session = open_store(reference_url)
    buf = StringIO()
    with Session() as s:
        assert export(s, NoticeFilter(), "ocds-records", None, stdout=buf) == len(reference["releases"])
    engine.dispose()
    records = json.loads(buf.getvalue())["records"]
    assert sorted(r["ocid"] for r in records) == sorted({r["ocid"] for r in reference["releases"]})
    by_ocid = {r["ocid"]: r for r in records}
    for rel in reference["releases"]:
        compiled = by_ocid[rel["ocid"]]["compiledRelease"]
        assert compiled["tag"] == ["compiled"] and compiled["tender"]["id"] == rel["tender"]["id"]
        if rel.get("contracts"):
            assert rel["contracts"][0]["id"] in {c["id"] for c in compiled["contracts"]}


def _notice(s, sid: str, kind: str, day: int, *, code=None, buyer="某市大数据局", title="某市城市大脑项目"):  # noqa: ANN001
    return save_notice(s, source="ccgp", source_id=sid, url=f"http://www.ccgp.gov.cn/{sid}.htm", raw_page_id=None,
                       parse_version="test", link=False,
                       fields={"title": title + kind, "notice_type": kind, "published_at": datetime(2026, 11, day, 9),
                               "buyer": buyer, "project_code": code, "warnings": []})


def test_two_buyers_sharing_a_code_keep_two_ocids_and_the_first_owns_the_code(tmp_path):
    engine, Session = open_store(f"sqlite:///{tmp_path / 'c.db'}")
    with Session.begin() as s:
        _notice(s, "b2", "招标/采购公告", 12, code="2026-001", buyer="乙县教育局", title="乙县学校食堂设备采购")
        _notice(s, "a1", "招标/采购公告", 10, code="2026-001", buyer="甲市大数据局", title="甲市城市大脑项目")
        link_pending(s)
        got = dict(s.execute(select(Notice.source_id, Project.ocid).join(Project, Project.id == Notice.project_id)).all())
    engine.dispose()
    assert got["a1"] == code_ocid("ccgp", "2026001")
    assert got["b2"] == notice_ocid("ccgp", "b2")


def test_an_older_store_is_given_settled_ocids(tmp_path):
    engine, Session = open_store(f"sqlite:///{tmp_path / 'old.db'}")
    with Session.begin() as s:
        _notice(s, "i0", "采购意向公开", 1)
        _notice(s, "t1", "招标/采购公告", 5)
        _notice(s, "w2", "中标/成交公告", 20)
        link_pending(s)
        (want,) = set(s.execute(select(Project.ocid)).scalars())
        assert want == notice_ocid("ccgp", "t1")  # the earliest call, not the 采购意向 before it
        s.execute(update(Project).values(ocid="ocds-tenderwatch-0123456789abcdef"))  # the form older stores hold
    with Session.begin() as s:
        assert not s.execute(select(Project.id).where(Project.ocid.like(SETTLED))).first()
        link_pending(s)  # nothing new to link; the old ocid is settled all the same
        assert set(s.execute(select(Project.ocid)).scalars()) == {want}
    engine.dispose()


def test_a_notice_linked_anew_takes_its_ocid_along(tmp_path):
    """Saved again with another buyer, a notice starts another project: the one it left (now empty) is deleted and
    the ocid its call publishes moves with it."""
    engine, Session = open_store(f"sqlite:///{tmp_path / 'again.db'}")
    with Session.begin() as s:
        _notice(s, "t1", "招标/采购公告", 5, buyer="甲市大数据局")
        link_pending(s)
    with Session.begin() as s:
        save_notice(s, source="ccgp", source_id="t1", url="http://www.ccgp.gov.cn/t1.htm", raw_page_id=None,
                    parse_version="test", fields={"title": "乙县政务云项目招标公告", "notice_type": "招标/采购公告",
                                                  "published_at": datetime(2026, 11, 5, 9), "buyer": "乙县数据局",
                                                  "warnings": []})
    with Session() as s:
        assert s.execute(select(Project.ocid)).scalars().all() == [notice_ocid("ccgp", "t1")]
    engine.dispose()
