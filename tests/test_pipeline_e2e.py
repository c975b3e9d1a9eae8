"""End to end over real HTTP: `tenders crawl ccgp` against the mirror, into SQLite and into PostgreSQL;
re-running adds nothing; `tenders report` holds the week's totals computed here from the data file."""

from __future__ import annotations

import gzip
import hashlib
import html as htmlmod
import os
import re
import subprocess
import sys
from collections import defaultdict
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from parsers.text import decode
from reports.weeks import parse_week, week_of
from store.db import open_store
from store.models import Classification, CrawlRun, Notice, RawPage
from mirrors.ccgp.server import load_notices

NOTICES = load_notices()
SINCE = min(n["published"][:10] for n in NOTICES)
UNTIL = max(n["published"][:10] for n in NOTICES)


def tenders(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tenderwatch.cli", *args], env=env, cwd=env["_CWD"],
                          capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def crawled(request, mirror, tmp_path_factory):
    """A store filled by one real crawl of the mirror; yields (env, first crawl's result)."""
    root = tmp_path_factory.mktemp(f"e2e-{request.param}")
    url = f"sqlite:///{root / 'tw.db'}" if request.param == "sqlite" else request.getfixturevalue("pg_server_url")()
    env = os.environ | {"TENDERWATCH_DB": url, "TENDERWATCH_ARCHIVE": str(root / "archive"),
                        "TENDERWATCH_REPORTS": str(root / "reports"), "_CWD": str(root)}
    result = tenders(env, "crawl", "ccgp", "--base-url", mirror.base_url, "--since", SINCE, "--until", UNTIL)
    assert result.returncode == 0, result.stderr
    return env, result


def _session(env):
    return open_store(env["TENDERWATCH_DB"])


def test_crawl_stores_exactly_the_mirror(crawled):
    env, result = crawled
    assert f"{len(NOTICES)} new pages archived" in result.stdout
    engine, Session = _session(env)
    with Session() as s:
        rows = s.execute(select(Notice.source_id, Notice.title, Notice.budget_cny, Notice.award_cny,
                                Notice.buyer_raw)).all()
        assert sorted(r.source_id for r in rows) == sorted(str(n["id"]) for n in NOTICES)
        by_id = {str(n["id"]): n for n in NOTICES}
        for r in rows:
            n = by_id[r.source_id]
            assert r.title == n["title"] and r.buyer_raw == n["buyer"]
            if n["kind"] == "tender":
                assert Decimal(str(r.budget_cny)) == Decimal(n["budget_cny"])
            elif n["kind"] == "award":
                assert Decimal(str(r.award_cny)) == Decimal(n["award_cny"])
        assert s.execute(select(func.count()).select_from(Classification)).scalar_one() == len(NOTICES)
        run = s.execute(select(CrawlRun)).scalar_one()
        assert run.status == "finished" and run.new_items == len(NOTICES) and run.errors == 0
    engine.dispose()


def test_raw_pages_archived_gzip_by_content_hash(crawled):
    env, _ = crawled
    engine, Session = _session(env)
    with Session() as s:
        pages = s.execute(select(RawPage)).scalars().all()
    engine.dispose()
    assert len(pages) == len(NOTICES)
    by_id = {str(n["id"]): n for n in NOTICES}
    for p in pages:
        body = gzip.decompress((Path(env["TENDERWATCH_ARCHIVE"]) / p.archive_key).read_bytes())
        assert hashlib.sha256(body).hexdigest() == p.content_hash and p.archive_key.endswith(p.content_hash + ".gz")
        text, encoding = decode(body, p.content_type)  # the bytes as served: GBK pages stay GBK
        assert "公告概要" in text
        assert encoding == ("gb18030" if by_id[p.source_id]["encoding"] == "gbk" else "utf-8")


def test_recrawl_adds_no_duplicate(crawled, mirror):
    env, _ = crawled
    hits_before = len(mirror.hits)
    again = tenders(env, "crawl", "ccgp", "--base-url", mirror.base_url, "--since", SINCE, "--until", UNTIL)
    assert again.returncode == 0, again.stderr
    assert "0 new pages archived" in again.stdout and f"{len(NOTICES)} already archived" in again.stdout
    detail_hits = [h for h in mirror.hits[hits_before:] if h.startswith(("GET /cggg/", "GET /oldsearch/"))]
    assert detail_hits == []  # incremental: archived detail pages are not fetched again
    engine, Session = _session(env)
    with Session() as s:
        assert s.execute(select(func.count()).select_from(Notice)).scalar_one() == len(NOTICES)
        assert s.execute(select(func.count()).select_from(RawPage)).scalar_one() == len(NOTICES)
        assert s.execute(select(func.count()).select_from(Classification)).scalar_one() == len(NOTICES)
    engine.dispose()


def _expected(week: str) -> dict[str, Decimal | int]:
    """The week's figures straight from the data file and its truth labels."""
    start, end = parse_week(week)
    exp: dict[str, Decimal | int] = defaultdict(int)
    for n in NOTICES:
        if not start <= datetime.strptime(n["published"], "%Y-%m-%d %H:%M") < end:
            continue
        t = n["truth"]
        scopes = ["all"] + (["relevant", f"level:{t['level']}", f"model:{t['delivery_model']}"]
                            + [f"category:{c}" for c in t["categories"]]
                            + [f"matrix:{t['level']}:{c}" for c in t["categories"]] if t["relevant"] else [])
        amount = {"tender": ("budget", n["budget_cny"]), "award": ("award", n.get("award_cny"))}.get(n["kind"])
        for scope in scopes:
            exp[f"{scope}:notices"] += 1
            if amount:
                # the matrix shows one amount: a tender's budget or an award's amount
                exp[f"{scope}:{'amount' if scope.startswith('matrix:') else amount[0]}"] += Decimal(amount[1])
    return exp


def _report_values(page: str) -> dict[str, str]:
    return {htmlmod.unescape(k): v for k, v in re.findall(r'data-key="([^"]+)" data-value="([^"]*)"', page)}


@pytest.mark.parametrize("week", sorted({week_of(date.fromisoformat(n["published"][:10])) for n in NOTICES}))
def test_report_totals_match_data_file(crawled, week):
    env, _ = crawled
    out = tenders(env, "report", "--week", week)
    assert out.returncode == 0, out.stderr
    path = Path(env["TENDERWATCH_REPORTS"]) / f"{week}.html"
    assert str(path) in out.stdout
    got = _report_values(path.read_text(encoding="utf-8"))
    expected = _expected(week)
    assert expected["all:notices"] > 0
    for key, value in expected.items():
        assert key in got, f"{week}: report lacks {key}"
        assert Decimal(got[key]) == Decimal(value), f"{week} {key}: report {got[key]} != data {value}"
    # every count or sum the report shows that the data file does not mention must be zero
    for key, value in got.items():
        if key not in expected and key.split(":")[0] in ("all", "relevant", "level", "model", "category", "matrix") \
                and key.rsplit(":", 1)[-1] in ("notices", "budget", "award", "amount"):
            assert value == "" or Decimal(value) == 0, f"{week} {key}: report {value}, data none"  # "": 未公布


def test_script_in_title_is_escaped(crawled):
    env, _ = crawled
    n = next(n for n in NOTICES if "<script>" in n["title"])
    week = week_of(date.fromisoformat(n["published"][:10]))
    assert tenders(env, "report", "--week", week).returncode == 0
    page = (Path(env["TENDERWATCH_REPORTS"]) / f"{week}.html").read_text(encoding="utf-8")
    assert "<script" not in page.lower()
    assert "&lt;script&gt;alert(&#39;xss&#39;)&lt;/script&gt;智慧停车管理系统" in page


def test_ocids_of_a_crawled_store_equal_those_of_any_other_store(crawled, tmp_path):
    """A store made by a real crawl (SQLite, PostgreSQL) exports the same OCDS ids as one filled from the mirror's
    pages in reverse order: the ids come from what the pages publish, not from the store's row ids."""
    from tests.test_ocds_ids import fill, ids, package
    from parsers import parse_notice
    from evals.link import mirror_pages

    env, _ = crawled
    pages = [(src, sid, url, parse_notice(url, body)) for src, sid, url, body, _ in mirror_pages() if src == "ccgp"]
    other = f"sqlite:///{tmp_path / 'other.db'}"
    fill(other, pages, "reverse")
    got, want = ids(package(env["TENDERWATCH_DB"])), ids(package(other))
    assert len(got) == len(NOTICES)
    assert {k: v[:3] for k, v in got.items()} == {k: v[:3] for k, v in want.items()}
    assert got == want
