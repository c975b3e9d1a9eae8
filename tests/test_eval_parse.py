"""`tenders eval parse` (evals/corpus.py, evals/parse.py, evals/silver.py): page refs into jsonl / jsonl.gz files,
scoring of the issue-16 fields, the development / held-out separation and its log, grouping per template and
source, the silver checks. Every input is a tiny temporary corpus, never the real files."""

import gzip
import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

import evals.corpus as ec
import evals.parse as ep
import evals.silver as es
from evals.corpus import Pages
from evals.parse import Case, gate, grouped, normalise, predicted, score
from evals.silver import same_time

PAGE = "<html><body><p>采购人：某某市大数据局</p><p>项目编号：ABC-1</p></body></html>"


def write_jsonl(path: Path, rows: list[dict], gz: bool = False) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if gz:
        with gzip.open(path, "wt", encoding="utf-8") as f:
            f.write(text)
    else:
        path.write_text(text, encoding="utf-8")


@pytest.fixture
def shared(tmp_path):
    root = tmp_path / "shared"
    real = root / "realdata"
    write_jsonl(real / "jlxxlj" / "records.jsonl", [
        {"url": "http://a.example/1.htm", "title": "t1", "content": "<p>body one</p>"},
        {"url": "http://a.example/2.htm", "title": "t2", "content": "<p>body two</p>"},
        {"url": "http://a.example/3.htm", "title": "t3", "content": None}])
    write_jsonl(real / "nbygcg" / "bulletins.jsonl.gz", [
        {"bulletinId": "b-1", "url": "https://ygcg.example/detail?bulletinId=b-1", "html": "<p>bulletin one</p>",
         "kb_date": "2025-09-08T09:30:00", "end_date": "2025-09-05T23:59:00"},
        {"bulletinId": "b-2", "url": "https://ygcg.example/detail?bulletinId=b-2", "html": "<p>bulletin two</p>",
         "kb_date": "2025-09-09", "end_date": None},
        {"bulletinId": "b-3", "url": "https://ygcg.example/detail?bulletinId=b-3", "html": "<p>held</p>",
         "kb_date": "2025-09-10T14:00:00", "end_date": None}], gz=True)
    (real / "sites" / "ccgp").mkdir(parents=True)
    (real / "sites" / "ccgp" / "x.html").write_text("<p>capture</p>", encoding="utf-8")
    (real / "notices").mkdir()
    (real / "notices" / "032.txt").write_text(PAGE, encoding="utf-8")
    (real / "notices" / "033.txt").write_text(PAGE, encoding="utf-8")
    (real / "heldout.tsv").write_text("file\tkey\ttitle\n"
                                      "notices/index.jsonl\t032.txt\theld\n"
                                      "nbygcg/bulletins.jsonl.gz\tb-3\theld\n", encoding="utf-8")
    return root


@pytest.mark.parametrize("ref, url, body", [
    ("realdata:jlxxlj/records.jsonl#http://a.example/2.htm", "http://a.example/2.htm", "<p>body two</p>"),
    ("realdata:nbygcg/bulletins.jsonl.gz#b-1", "https://ygcg.example/detail?bulletinId=b-1", "<p>bulletin one</p>"),
    ("realdata:sites/ccgp/x.html", None, b"<p>capture</p>"),
    ("realdata:notices/033.txt", None, PAGE.encode()),
    ("realdata:nbygcg/bulletins.jsonl.gz#no-such-id", None, None),
    ("realdata:jlxxlj/records.jsonl#http://a.example/3.htm", None, None),  # no body in the record
    ("realdata:sites/ccgp/missing.html", None, None),
    ("realdata:nope/records.jsonl#x", None, None),
])
def test_page_refs(shared, tmp_path, ref, url, body):
    got = Pages(shared).get(tmp_path, ref)
    assert (got is None) if body is None else (got == (url, body))


def test_a_fixture_url_wins_over_the_record_url(shared, tmp_path):
    got = Pages(shared).get(tmp_path, "realdata:nbygcg/bulletins.jsonl.gz#b-2", "https://given.example/")
    assert got == ("https://given.example/", "<p>bulletin two</p>")


def test_a_big_file_is_read_once_and_keeps_only_the_wanted_records(shared, tmp_path, monkeypatch):
    reads = []
    real = ec.read_records
    monkeypatch.setattr(ec, "read_records", lambda *a, **k: reads.append(a[0].name) or real(*a, **k))
    pages = Pages(shared)
    refs = [f"realdata:nbygcg/bulletins.jsonl.gz#{k}" for k in ("b-1", "b-2")] + \
        ["realdata:jlxxlj/records.jsonl#http://a.example/1.htm"]
    pages.prepare(refs)
    for ref in refs:
        assert pages.get(tmp_path, ref) is not None
    assert sorted(reads) == ["bulletins.jsonl.gz", "records.jsonl"]
    assert set(pages.records["nbygcg/bulletins.jsonl.gz"]) == {"b-1", "b-2"}
    assert set(pages.records["jlxxlj/records.jsonl"]) == {"http://a.example/1.htm"}


def test_a_missing_shared_folder_resolves_to_nothing(tmp_path):
    assert Pages(tmp_path / "none").get(tmp_path, "realdata:nbygcg/bulletins.jsonl.gz#b-1") is None


# ------------------------------------------------------------------------------------------------ scoring

T = datetime(2025, 9, 8, 9, 30)


@pytest.mark.parametrize("field, label, out, exact, pred", [
    ("deadline", "2025-09-08 09:30", {"deadline": T}, True, True),
    ("deadline", "2025-09-08 09:30", {"deadline": datetime(2025, 9, 8, 9, 31)}, False, True),
    ("deadline", "2025-09-08 09:30", {"deadline": None}, False, False),
    ("deadline", None, {"deadline": T}, False, True),  # the page states none: a false positive
    ("deadline", None, {}, True, False),
    ("opening", "2025-09-08 09:30", {"deadline": T}, False, False),  # no `opening` from the parser yet
    ("opening", "2025-09-08 09:30", {"opening": T}, True, True),
    ("published_date", "2025-09-01", {"published_at": datetime(2025, 9, 1, 23, 59)}, True, True),
    ("published_date", "2025-09-01", {"published_at": datetime(2025, 9, 2)}, False, True),
    ("budget_cny", 1234567.8, {"budget_cny": Decimal("1234567.80")}, True, True),
    ("budget_cny", 1234567.8, {"budget_cny": Decimal("1234567.81")}, False, True),
    ("buyer", "某某市 大数据局", {"buyer": "某某市大数据局"}, True, True),
    ("project_code", "ＡＢＣ－１", {"project_code": "ABC-1"}, True, True),  # NFKC
    ("contacts.buyer", {"name": "张三", "phone": "0571-1234567"},
     {"contacts": [{"name": "李四", "phone": "138"}, {"name": "张三", "phone": "0571-1234567"}]}, True, True),
    ("contacts.buyer", {"name": "张三", "phone": "0571-1234567"},
     {"contacts": [{"name": "张三", "phone": "0571-7654321"}]}, False, True),  # the phone must match too
    ("contacts.buyer", {"name": "张三", "phone": "0571-1234567"}, {"contacts": []}, False, False),
    ("contacts.agency", {"name": "王五", "phone": None},
     {"contacts": [{"name": "王五", "phone": None, "block": "agency"}]}, True, True),
    ("contacts.agency", {"name": "王五", "phone": None},  # tagged as another block: not this one
     {"contacts": [{"name": "王五", "phone": None, "block": "buyer"}]}, False, False),
])
def test_scoring_of_the_new_fields(field, label, out, exact, pred):
    if field.startswith("contacts."):
        labels = {"contacts": {field.split(".")[1]: label}}
    else:
        labels = {field: label}
    s = score([("case", labels, out)])[field]
    assert (s.labelled, s.exact, s.predicted) == (1, int(exact), int(pred))
    assert s.correct == int(exact and pred)
    assert bool(s.misses) == (not exact)


def test_contact_blocks_are_scored_apart():
    labels = {"contacts": {"buyer": {"name": "张三", "phone": "1"}, "project": {"name": "赵六", "phone": "2"}}}
    scores = score([("c", labels, {"contacts": [{"name": "张三", "phone": "1"}]})])
    assert (scores["contacts.buyer"].exact, scores["contacts.project"].exact) == (1, 0)
    assert scores["contacts.agency"].labelled == 0


@pytest.mark.parametrize("name, s, heldout, flag", [
    ("buyer", ep.FieldScore(labelled=19, exact=19), True, "reported (n=19)"),
    ("buyer", ep.FieldScore(labelled=20, exact=18), True, "0.90 ok"),
    ("buyer", ep.FieldScore(labelled=20, exact=17), True, "0.90 BELOW"),
    ("buyer", ep.FieldScore(labelled=5, exact=4), False, "0.90 BELOW"),
    ("deadline", ep.FieldScore(labelled=30, exact=30), True, ""),  # not gated
])
def test_gating(name, s, heldout, flag):
    assert gate(name, s, heldout) == flag


def test_grouping_per_template_and_source():
    cases = [Case("a", {"buyer": "X"}, {"buyer": "X"}, "dev", "招标", "www.ccgp.gov.cn"),
             Case("b", {"buyer": "Y"}, {"buyer": "Z"}, "dev", "招标", "ygcg.nbcqjy.org"),
             Case("c", {"buyer": "X", "award_cny": 1}, {"buyer": "X", "award_cny": 1}, "dev", "中标成交结果",
                  "www.ccgp.gov.cn")]
    by_template = grouped(cases, "template")
    assert list(by_template) == ["招标", "中标成交结果"]  # the larger group first
    assert (by_template["招标"]["buyer"].labelled, by_template["招标"]["buyer"].exact) == (2, 1)
    assert by_template["招标"]["award_cny"].labelled == 0
    assert by_template["中标成交结果"]["award_cny"].exact == 1
    by_source = grouped(cases, "source")
    assert (by_source["www.ccgp.gov.cn"]["buyer"].exact, by_source["ygcg.nbcqjy.org"]["buyer"].exact) == (2, 0)
    assert ep.group_sizes(cases, "source") == {"www.ccgp.gov.cn": 2, "ygcg.nbcqjy.org": 1}


# ------------------------------------------------------------------------------------------------ held-out


def fixture(corpus: Path, name: str, page: str, split: str | None, buyer: str, template: str = "招标") -> None:
    folder = corpus / name
    folder.mkdir(parents=True)
    spec = {"page": page, "template": template, "source": "www.example.cn", "about": "test",
            "fields": {"buyer": buyer}}
    if split:
        spec["split"] = split
    (folder / "expected.json").write_text(json.dumps(spec, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def corpus(tmp_path, shared):
    c = tmp_path / "corpus"
    fixture(c, "dev-one", "realdata:notices/033.txt", "dev", "某某市大数据局")
    fixture(c, "held-by-split", "realdata:jlxxlj/records.jsonl#http://a.example/1.htm", "heldout", "WRONG-SPLIT")
    fixture(c, "held-by-tsv", "realdata:notices/032.txt", "dev", "WRONG-TSV")  # listed in heldout.tsv
    fixture(c, "held-bulletin", "realdata:nbygcg/bulletins.jsonl.gz#b-3", None, "WRONG-GZ")
    return c


def run(corpus, shared, *flags):  # noqa: ANN001, ANN201
    from tenderwatch.cli import cli

    return CliRunner().invoke(cli, ["eval", "parse", "--corpus", str(corpus), "--shared", str(shared), "--no-silver",
                                    "--misses", *flags])


def test_held_out_items_are_never_scored_without_the_flag(corpus, shared, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    parsed = []
    real = ep.parse_notice
    monkeypatch.setattr(ep, "parse_notice", lambda url, body, *a: parsed.append(body) or real(url, body, *a))
    out = run(corpus, shared)
    assert out.exit_code == 0, out.output
    assert "real notices, development: 1 notices" in out.output
    assert "held-out: 3 fixtures, not scored" in out.output
    assert "WRONG" not in out.output and "held-out scoring" not in out.output
    assert parsed.count(PAGE.encode()) == 1  # 033 only: 032 (the same bytes) is held out and not even parsed
    assert "<p>held</p>" not in parsed and "<p>body one</p>" not in parsed
    assert not (tmp_path / "xdg" / "tenderwatch" / ep.HELDOUT_LOG).exists()


def test_the_flag_scores_them_apart_and_logs_each_scoring(corpus, shared, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    log = tmp_path / "xdg" / "tenderwatch" / ep.HELDOUT_LOG
    for n in (1, 2):
        out = run(corpus, shared, "--heldout")
        assert out.exit_code == 0, out.output
        assert f"real notices, held-out: 3 notices -- held-out scoring #{n}" in out.output
        lines = log.read_text(encoding="utf-8").splitlines()
        assert len(lines) == n
        stamp, commit, items = lines[-1].split("\t")
        assert stamp.endswith("Z") and commit.startswith("commit ") and items == "3 held-out items"
    dev_part, held_part = out.output.split("real notices, held-out:")
    assert "WRONG" not in dev_part  # the development figures hold no held-out item
    assert all(w in held_part for w in ("WRONG-SPLIT", "WRONG-TSV", "WRONG-GZ"))  # --misses lists them
    assert "reported (n=3)" in held_part  # fewer than 20: not gated


def test_nothing_is_logged_when_no_held_out_page_is_there(corpus, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    out = run(corpus, tmp_path / "no-shared", "--heldout")
    assert out.exit_code == 0, out.output
    assert "held-out scoring" not in out.output
    assert not (tmp_path / "xdg" / "tenderwatch" / ep.HELDOUT_LOG).exists()


def test_a_disagreement_between_split_and_list_is_noted(corpus, shared):
    notes = []
    split = {f.name: f.heldout for f in ec.fixtures(corpus, shared, notes)}
    assert split == {"dev-one": False, "held-by-split": True, "held-by-tsv": True, "held-bulletin": True}
    assert sorted(n.split(":")[0] for n in notes) == ["held-bulletin", "held-by-split", "held-by-tsv"]


# ------------------------------------------------------------------------------------------------ silver


@pytest.mark.parametrize("parsed, silver, agree", [
    (T, "2025-09-08T09:30:00", True),
    (T, "2025-09-08 09:30", True),
    (T, "2025-09-08T09:31:00", False),
    (T, "2025-09-08", True),  # no time: the day is enough
    (T, "2025-09-09", False),
    (None, "2025-09-08", False),
    (T, None, False),
])
def test_same_time(parsed, silver, agree):
    assert same_time(parsed, silver) is agree


def test_ningbo_silver_leaves_held_out_bulletins_out(shared):
    seen = []

    def fake_parse(url, body):  # noqa: ANN001, ANN202
        seen.append(body)
        return {"deadline": datetime(2025, 9, 8, 9, 30) if "one" in body else datetime(2025, 9, 9, 14, 0)}

    r = es.ningbo_silver(shared, parse=fake_parse)
    assert (r["bulletins"], r["heldout_left_out"]) == (2, 1) and "<p>held</p>" not in seen
    assert (r["kb_date"].items, r["kb_date"].predicted, r["kb_date"].agree) == (2, 2, 2)  # b-2: same day
    assert (r["end_date"].items, r["end_date"].agree) == (1, 0)


def test_table_silver_parses_the_body_without_the_summary_table():
    from evals.silver import mirror_pages

    name, url, html = mirror_pages()[0]
    values, body_only = es.table_and_body(html)
    assert values["buyer"] and "公告概要" in html and "公告概要" not in body_only
    assert "vF_detail_content" in body_only
    seen = []
    r = es.table_silver([(name, url, html)], parse=lambda u, b: seen.append(b) or {"buyer": values["buyer"]})
    assert seen == [body_only] and r["pages"] == 1
    assert (r["buyer"].items, r["buyer"].agree) == (1, 1)
    assert r["agency"].items == 1 and r["agency"].agree == 0


def test_ningbo_silver_scores_the_opening_against_kb_date(shared):
    r = es.ningbo_silver(shared, parse=lambda url, body: {"opening": datetime(2025, 9, 8, 9, 30) if "one" in body
                                                          else None})
    assert (r["opening"].items, r["opening"].predicted, r["opening"].agree) == (2, 1, 1)


@pytest.mark.parametrize("expected,out,want", [
    ({"contacts": {"buyer": {"name": "王老师", "phone": "0574-89782931"}}}, {"contacts": {"buyer": {"name": "王老师"}}},
     (1, 1)),
    ({"contacts": {"buyer": {"name": None, "phone": "0511-88917939"}}}, {"contacts": {}}, (0, 1)),
    ({"contacts": {}}, {"contacts": {}}, (0, 0)),  # the page prints no contact: not counted
    ({"contacts.agency": {"name": "林女士", "phone": None}}, {"contacts": {"others": [{"name": "林女士"}]}}, (1, 1)),
])
def test_contacts_present_counts_notices_that_print_one(expected, out, want):
    from evals.parse import contacts_present

    assert contacts_present([Case("x", expected, out)]) == want
    assert contacts_present([("x", expected, out)]) == want
