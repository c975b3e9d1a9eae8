"""Blocked and empty answers are never notices (SOURCES.md §7.1): against a mirror that answers every request
with a firewall 403, an empty 200, a JavaScript challenge or a JSON error, a crawl archives nothing and ends
`blocked` with a non-zero exit; against one that does so only on first attempts, retrying gets every notice."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request, TextResponse
from sqlalchemy import func, select

from crawlers.blocks import problem
from mirrors.http import Faults
from store.db import open_store
from store.models import RawPage
from tests.test_crawl_behaviour import ALL_IDS, NOTICES, SINCE, UNTIL, crawl, last_run, stored_ids

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture
def env(tmp_path):
    return os.environ | {"TENDERWATCH_DB": f"sqlite:///{tmp_path / 'tw.db'}",
                         "TENDERWATCH_ARCHIVE": str(tmp_path / "archive")}


def archived(env) -> int:
    engine, Session = open_store(env["TENDERWATCH_DB"])
    with Session() as s:
        n = s.execute(select(func.count()).select_from(RawPage)).scalar_one()
    engine.dispose()
    return n


@pytest.mark.parametrize("kind", ["403", "empty", "challenge", "jsonerror"])
def test_a_blocked_site_gives_a_blocked_run_and_nothing_archived(env, kind):
    from mirrors.ccgp.server import serve

    with serve(Faults(always=kind)) as server:
        r = crawl(env, "ccgp", server.base_url)
    assert r.returncode == 1, r.stdout + r.stderr
    assert "blocked" in r.stdout
    assert archived(env) == 0
    run = last_run(env)
    assert run.status == "blocked"
    assert "blocked answers dropped after retries" in run.message
    status = subprocess.run([sys.executable, "-m", "tenderwatch.cli", "status"], env=env, capture_output=True,
                            text=True, timeout=120)
    assert "BLOCKED" in status.stdout and "blocked answers dropped" in status.stdout


def test_blocked_first_attempts_are_retried_until_every_notice_is_stored(env):
    from mirrors.ccgp.server import serve

    faults = Faults(kinds={"403": 5, "empty": 6, "challenge": 7, "jsonerror": 11})
    with serve(faults) as server:
        r = crawl(env, "ccgp", server.base_url)
    assert r.returncode == 0, r.stdout + r.stderr
    assert sum(faults.served[k] for k in ("403", "empty", "challenge", "jsonerror")) >= 10  # they happened
    assert stored_ids(env) == ALL_IDS
    assert last_run(env).status == "finished" and len(ALL_IDS) == len(NOTICES)


def _response(body: bytes | str, status: int = 200, cls=HtmlResponse):  # noqa: ANN001, ANN202
    body = body.encode("utf-8") if isinstance(body, str) else body
    return cls(url="http://www.ccgp.gov.cn/x.htm", status=status, body=body, request=Request("http://www.ccgp.gov.cn/x.htm"),
               headers={"Content-Type": "text/html; charset=utf-8"})


def test_problem_names_each_kind_and_passes_notices():
    assert problem(_response("<html>x</html>", 403)) == "forbidden"
    assert problem(_response("", 412)) == "forbidden"
    assert problem(_response(b"  \n")) == "empty"
    assert problem(_response("<script>var renderData={'aliyun_waf_aa':'x'};</script>")) == "challenge"
    assert problem(_response('{"code":"500","msg":"系统异常"}', cls=TextResponse)) == "json-error"
    assert problem(_response('{"code":"200","msg":"成功","data":{"rows":[]}}', cls=TextResponse)) is None
    notice = "<html><body><div class='vF_detail_content'>" + "采购需求 " * 200 + \
             "示例：renderData 出现在正文里也不是挑战页</div></body></html>"
    assert problem(_response(notice)) is None
    assert problem(_response("<html>moved</html>", 302)) is None


def test_plain_scrapy_crawl_says_why_it_refuses_a_mirror_on_loopback(tmp_path, mirror):
    env = os.environ | {"TENDERWATCH_DB": f"sqlite:///{tmp_path / 'tw.db'}", "TENDERWATCH_ARCHIVE": str(tmp_path / "a")}
    scrapy = Path(sys.executable).with_name("scrapy")
    r = subprocess.run([str(scrapy), "crawl", "ccgp", "-a", f"base_url={mirror.base_url}", "-a", f"since={SINCE}",
                        "-a", f"until={UNTIL}", "-s", "LOG_LEVEL=WARNING"], cwd=REPO, env=env, capture_output=True,
                       text=True, timeout=300)
    assert "is a private address" in r.stderr and "TENDERWATCH_ALLOWED_HOSTS=127.0.0.1:" in r.stderr, r.stderr[-2000:]


def test_the_weekly_report_shows_a_blocked_run_even_in_a_week_without_notices(env, tmp_path):
    import csv

    from common.clock import beijing_today
    from mirrors.ccgp.server import serve
    from reports.weeks import week_of

    with serve(Faults(always="challenge")) as server:
        assert crawl(env, "ccgp", server.base_url).returncode == 1
    week = week_of(beijing_today())
    r = subprocess.run([sys.executable, "-m", "tenderwatch.cli", "report", "--week", week, "--out-dir",
                        str(tmp_path / "out")], env=env, capture_output=True, text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    page = (tmp_path / "out" / f"{week}.html").read_text(encoding="utf-8")
    assert 'id="empty"' in page and 'data-key="run:ccgp" data-value="blocked"' in page and "被拦截" in page
    assert "challenge" in page  # the reason, counted by kind
    with open(tmp_path / "out" / f"{week}.runs.csv", encoding="utf-8-sig") as fh:
        (row,) = list(csv.DictReader(fh))
    assert (row["spider"], row["latest_status"], row["not_finished"]) == ("ccgp", "blocked", "1")
