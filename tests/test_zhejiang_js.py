"""The 政采云-style portal: its list exists only after JavaScript runs; the spider renders it in Debian's
Chromium through scrapy-playwright. Without Chromium the test skips with the reason (in CI it fails)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import urllib.request

import pytest
from sqlalchemy import select

from store.db import open_store
from store.models import Notice
from tests.conftest import IN_CI
from mirrors.zcy.server import serve

CHROMIUM = os.environ.get("TENDERWATCH_CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def chromium():
    if not shutil.which(CHROMIUM):
        if IN_CI:
            pytest.fail(f"CI=true but no Chromium at {CHROMIUM} (apt-get install -y chromium)")
        pytest.skip(f"no Chromium at {CHROMIUM} (apt-get install -y chromium)")
    return CHROMIUM


def test_without_javascript_the_list_is_empty():
    with serve() as server:
        html = urllib.request.urlopen(f"{server.base_url}/site/category?pageNo=1", timeout=10).read().decode()
    assert '<ul id="list" class="list"></ul>' in html and "list-item" not in html.split("<script>")[0]


def test_rendered_list_crawl(chromium, tmp_path):
    env = os.environ | {"TENDERWATCH_DB": f"sqlite:///{tmp_path / 'tw.db'}",
                        "TENDERWATCH_ARCHIVE": str(tmp_path / "archive"), "TENDERWATCH_CHROMIUM": chromium}
    with serve() as server:
        r = subprocess.run([sys.executable, "-m", "tenderwatch.cli", "crawl", "zhejiang", "--base-url",
                            server.base_url, "--since", "2026-11-01", "--until", "2026-11-29"], env=env,
                           capture_output=True, text=True, timeout=300)
        notices = server.site.notices
        api_calls = server.site.api_calls
        list_pages = [h for h in server.hits if h.startswith("GET /site/category")]
    assert r.returncode == 0, r.stdout + r.stderr
    assert api_calls == len(list_pages) >= 2  # each page's rows came from the browser running the page's script
    engine, Session = open_store(env["TENDERWATCH_DB"])
    with Session() as s:
        rows = s.execute(select(Notice.source_id, Notice.title, Notice.buyer_raw, Notice.published_at)).all()
    engine.dispose()
    assert sorted(r.source_id for r in rows) == sorted(n["articleId"] for n in notices)
    by_id = {n["articleId"]: n for n in notices}
    for row in rows:
        n = by_id[row.source_id]
        assert row.title == n["title"] and row.buyer_raw == n["buyer"]
        assert row.published_at.strftime("%Y-%m-%d %H:%M") == n["published"]
