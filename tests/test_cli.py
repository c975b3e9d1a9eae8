"""The CLI as a user runs it: one clear line and exit code 2 for bad arguments, never a traceback."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from mirrors.ccgp.server import CcgpSite, demo_notices, load_notices, notice_path


TENDERS = Path(sys.executable).with_name("tenders")  # the installed command, as a user runs it


def user_env(tmp_path):
    """A user without TENDERWATCH_* whose home and data directory are under tmp_path, in an empty directory
    outside the checkout: (environment, working directory)."""
    for d in ("home", "xdg", "work"):
        (tmp_path / d).mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TENDERWATCH_")}
    return env | {"HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "xdg")}, tmp_path / "work"


def tenders(env, cwd, *args, timeout=120):
    return subprocess.run([str(TENDERS), *args], capture_output=True, text=True, env=env, cwd=cwd, timeout=timeout)


def tree(root):
    return sorted(str(p.relative_to(root)) for p in Path(root).rglob("*"))


def run(*args, env=None, stdin=None, cwd=None):
    return subprocess.run([sys.executable, "-m", "tenderwatch.cli", *args], capture_output=True, text=True,
                          env=env or os.environ, input=stdin, cwd=cwd, timeout=120)


@pytest.mark.parametrize("args,needle", [
    (["nosuch"], "No such command"),
    (["crawl"], "Missing argument 'SPIDER'"),
    (["crawl", "nosite"], "'nosite'"),
    (["crawl", "ccgp", "--since", "2026-13-01"], "--since"),
    (["crawl", "ccgp", "--since", "2026-11-20", "--until", "2026-11-01"], "after --until"),
    (["crawl", "ccgp", "--base-url", "ftp://example.org"], "http://"),
    (["parse", "/no/such/file.html"], "does not exist"),
    (["report", "--week", "2026-47"], "2026-W47"),
    (["report", "--week", "2026-W60"], "not a week"),
    (["report", "--bogus"], "No such option"),
    (["classify"], "--jsonl"),
    (["parse"], "missing FILE"),
    (["parse", "--all"], "missing FILE"),
])
def test_bad_arguments(args, needle):
    r = run(*args)
    assert r.returncode == 2
    assert needle in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1
    assert "Traceback" not in r.stderr + r.stdout


def test_unreachable_database_is_one_line(tmp_path):
    r = run("status", env=os.environ | {"TENDERWATCH_DB": "postgresql+psycopg://nobody@127.0.0.1:1/none"})
    assert r.returncode == 1 and "cannot open the database" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1 and "Traceback" not in r.stderr


def test_parse_prints_json(tmp_path):
    n = next(x for x in load_notices() if x["channel"] == "zbgg" and x["encoding"] == "gbk")
    page = tmp_path / "notice.htm"
    page.write_bytes(CcgpSite().page(n))
    r = run("parse", str(page), "--url", "http://www.ccgp.gov.cn" + notice_path(n))
    assert r.returncode == 0, r.stderr
    out = json.loads(r.stdout)
    assert out["title"] == n["title"] and out["notice_type"] == "中标/成交公告"
    assert out["award_cny"] == float(n["award_cny"])
    assert out["suppliers"][0]["name"] == n.get("supplier_shown", n["supplier"])


def test_classify_jsonl(tmp_path):
    lines = [
        {"title": "长沙县大数据中心新型智慧城市建设运营PPP项目", "text": "", "buyer": "长沙县大数据中心", "region": "湖南省长沙市"},
        {"title": "办公家具采购项目", "text": "", "buyer": "长沙市天心区教育局", "region": ""},
    ]
    stdin = "\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\nnot json\n"
    r = run("classify", "--jsonl", "-", stdin=stdin)
    out = [json.loads(x) for x in r.stdout.splitlines()]
    assert [(o["relevance"], o["level"], o["categories"], o["delivery_model"]) for o in out] == [
        (True, "区县级", ["综合"], "PPP"), (False, "区县级", [], "其他")]
    assert out[0]["evidence"]["delivery_model"][0]["span"] == "PPP"
    assert r.returncode == 1 and "line 3" in r.stderr  # the bad line is reported, not silently dropped


def test_report_on_empty_store_says_what_to_do(tmp_path):
    r = run("report", env=os.environ | {"TENDERWATCH_DB": f"sqlite:///{tmp_path / 'empty.db'}"})
    assert r.returncode == 1 and "run `tenders crawl`" in r.stderr


def test_reparse_archive_without_crawling(tmp_path, mirror):
    env = os.environ | {"TENDERWATCH_DB": f"sqlite:///{tmp_path / 'a.db'}",
                        "TENDERWATCH_ARCHIVE": str(tmp_path / "archive")}
    r = run("crawl", "ccgp", "--base-url", mirror.base_url, "--since", "2026-11-23", "--until", "2026-11-29",
            "--no-process", env=env)
    assert r.returncode == 0, r.stderr
    pages = int(r.stdout.split(" new pages archived")[0].rsplit(" ", 1)[1])
    assert pages > 0 and "processed" not in r.stdout
    hits = len(mirror.hits)
    first = run("parse", "--archive", env=env)
    assert f"processed {pages} pages" in first.stdout
    assert run("parse", "--archive", env=env).stdout.startswith("processed 0 pages")
    assert f"processed {pages} pages" in run("parse", "--archive", "--all", env=env).stdout
    assert len(mirror.hits) == hits  # nothing fetched again


def test_demo_from_any_directory_says_where_its_store_and_report_are_and_twice_changes_nothing(tmp_path):
    """A fresh install: no TENDERWATCH_*, run from a directory outside the checkout. The demo uses the per-user
    data directory, names the store and the report, creates nothing where it runs, and `tenders status` from yet
    another directory opens the same store."""
    env, work = user_env(tmp_path)
    first = tenders(env, work, "demo", timeout=600)
    assert first.returncode == 0, first.stderr
    store = tmp_path / "xdg" / "tenderwatch" / "tenderwatch.db"
    report = first.stdout.strip().splitlines()[-1]
    assert report == str(tmp_path / "xdg" / "tenderwatch" / "reports" / "2026-W48.html") and os.path.exists(report)
    html = Path(report).read_text(encoding="utf-8")
    assert "script" not in html.lower().split("</style>", 1)[-1]  # clean data
    # the mirror is gone once the demo ends: its notices' links open the local copy (tenders serve)
    hosts = set(re.findall(r'href="(https?://[^/"]+)/', html))
    assert hosts == {"http://127.0.0.1:8000"} and re.search(r'href="http://127\.0\.0\.1:8000/notices/\d+"', html)
    weeks = sorted(p.name for p in Path(report).parent.glob("2026-W*.html"))
    assert len(weeks) > 1 and weeks[-1] == "2026-W48.html" and (Path(report).parent / "index.html").is_file()
    n = len(demo_notices())
    assert 0 < n < len(load_notices())  # the demo leaves the hostile notices to the tests
    assert f"{n} new pages" in first.stdout and f"store holds {n} notices (store: {store})" in first.stdout
    assert store.is_file() and not any(work.iterdir())  # no ./data, no report here
    assert not [p for p in tree(tmp_path / "home") if "tenderwatch" in p], tree(tmp_path / "home")  # (caches only)
    second = tenders(env, work, "demo", timeout=600)
    assert second.returncode == 0, second.stderr
    assert f"0 new pages, {n} already archived" in second.stdout and f"store holds {n} notices" in second.stdout
    assert first.stdout.splitlines()[1] == second.stdout.splitlines()[1]  # same report summary
    status = tenders(env, tmp_path / "home", "status")
    assert status.returncode == 0 and f"store:    {store}\n" in status.stdout and f"notices: {n} " in status.stdout


def test_link_counts_only_the_links_that_keep_conflicts(db_url):
    """A link without conflicts stores JSON null, which SQL's IS NOT NULL counts: `tenders link` once reported
    every link as keeping conflicts (112 on the demo store, where 10 do)."""
    from datetime import datetime

    from sqlalchemy import select

    from store.db import open_store
    from store.models import ProjectLink
    from store.notices import save_notice

    engine, Session = open_store(db_url)
    stem = "湄潭县农业农村局数字乡村综合服务平台建设项目"
    with Session.begin() as s:
        for sid, title, code, day, kind in [("1", "公开招标公告", "GZZC-1", 2, "招标/采购公告"),
                                            ("2", "公开招标公告", "GZZC-2", 3, "招标/采购公告"),
                                            ("3", "更正公告", None, 5, "更正公告")]:  # the correction fits both calls
            fields = {"title": stem + title, "notice_type": kind, "project_code": code,
                      "published_at": datetime(2026, 11, day, 9), "buyer": "湄潭县农业农村局", "agency": "贵州省政府采购中心"}
            save_notice(s, source="test", source_id=sid, url=f"http://example.com/{sid}", raw_page_id=None,
                        fields=fields, parse_version="t", link=False)
    engine.dispose()
    done = run("link", env=os.environ | {"TENDERWATCH_DB": db_url})
    assert done.returncode == 0, done.stderr
    engine, Session = open_store(db_url)
    with Session() as s:
        links = s.execute(select(ProjectLink.conflicts)).scalars().all()
    engine.dispose()
    assert len(links) == 3 and sum(1 for c in links if c) == 1
    assert "with conflicts kept: 1" in done.stdout.splitlines()[-1], done.stdout


def _seed_notice(url):
    from datetime import datetime

    from store.db import open_store
    from store.notices import save_notice

    engine, Session = open_store(url)
    with Session.begin() as s:
        save_notice(s, source="test", source_id="1", url="http://example.com/1", raw_page_id=None, parse_version="t",
                    fields={"title": "长沙市城市大脑二期建设项目公开招标公告", "notice_type": "招标/采购公告",
                            "published_at": datetime(2026, 11, 2, 9)})
    engine.dispose()


def test_status_outside_the_checkout_names_the_store_and_exits_as_documented(tmp_path):
    env, work = user_env(tmp_path)
    store = tmp_path / "xdg" / "tenderwatch" / "tenderwatch.db"
    missing = tenders(env, work, "status")
    assert missing.returncode == 1 and missing.stdout == ""
    assert missing.stderr.startswith(f"tenders: no store at {store} ") and "TENDERWATCH_DB" in missing.stderr
    assert len(missing.stderr.splitlines()) == 1
    assert tree(tmp_path) == ["home", "work", "xdg"]  # nothing created: no ./data, no per-user directory
    # an existing but empty store (a saved search creates it): status shows it, then says it is empty, exit 1
    assert tenders(env, work, "alerts", "add", "brain", "--query", "城市大脑").returncode == 0
    empty = tenders(env, work, "status")
    assert empty.returncode == 1 and f"store:    {store}\n" in empty.stdout and "notices: 0 " in empty.stdout
    assert f"the store {store} holds no notice yet" in empty.stderr
    _seed_notice(f"sqlite:///{store}")
    filled = tenders(env, work, "status")
    assert filled.returncode == 0, filled.stderr
    assert f"store:    {store}\n" in filled.stdout and "notices: 1 " in filled.stdout
    assert f"archive:  {tmp_path / 'xdg' / 'tenderwatch' / 'archive'}\n" in filled.stdout
    assert not any(work.iterdir())
    found = tenders(env, work, "search", "城市大脑")
    assert found.returncode == 0 and found.stderr.strip() == f"1 notices match (store: {store})"


@pytest.mark.parametrize("args", [["status"], ["search", "城市大脑"], ["export", "--format", "csv"], ["report"],
                                  ["link"], ["alerts", "list"], ["alerts", "run"], ["schedule", "list"],
                                  ["serve", "--port", "9"]])
def test_read_only_commands_on_a_mistyped_url_create_nothing(tmp_path, args):
    env, work = user_env(tmp_path)
    url = f"sqlite:///{tmp_path}/nonexistent/dir/x.db"
    r = tenders(env | {"TENDERWATCH_DB": url}, work, *args)
    assert r.returncode == 1, (r.stdout, r.stderr)
    assert r.stderr.strip() == (f"tenders: no store at {tmp_path}/nonexistent/dir/x.db (TENDERWATCH_DB={url}): run "
                                "`tenders crawl` (or `tenders demo`) to create one, or set TENDERWATCH_DB to an "
                                "existing store")
    assert tree(tmp_path) == ["home", "work", "xdg"]


def test_read_only_commands_on_the_missing_default_store_create_nothing(tmp_path):
    env, work = user_env(tmp_path)
    for args in (["export", "--format", "csv"], ["search", "城市大脑"], ["export", "--format", "jsonl", "--out", "-"]):
        r = tenders(env, work, *args)
        assert r.returncode == 1 and "no store at" in r.stderr and "exported" not in r.stderr + r.stdout, args
        assert f"{tmp_path}/xdg/tenderwatch/tenderwatch.db" in r.stderr
    assert tree(tmp_path) == ["home", "work", "xdg"]  # no export file, no store


def test_writing_commands_never_create_a_directory_a_url_names(tmp_path):
    env, work = user_env(tmp_path)
    url = f"sqlite:///{tmp_path}/nonexistent/dir/x.db"
    for args in (["crawl", "ccgp", "--base-url", "http://127.0.0.1:9"], ["alerts", "add", "x"],
                 ["parse", "--archive"]):
        r = tenders(env | {"TENDERWATCH_DB": url}, work, *args)
        assert r.returncode == 1 and f"no directory {tmp_path}/nonexistent/dir for the store" in r.stderr, args
    assert tree(tmp_path) == ["home", "work", "xdg"]
    # a relative path is resolved against the working directory, once, and named so
    r = tenders(env | {"TENDERWATCH_DB": "sqlite:///sub/x.db"}, work, "status")
    assert r.returncode == 1 and f"no store at {work}/sub/x.db (TENDERWATCH_DB=sqlite:///sub/x.db)" in r.stderr
