"""The mirror itself, over real HTTP: paging, date window, notice type filter, 404 page, charset header."""

import json
import math
import time
import urllib.error
import urllib.request
from collections import Counter

from parsers.ccgp_list import parse_bxsearch
from mirrors.ccgp.server import load_notices

NOTICES = load_notices()


def _get(url: str, tries: int = 6):
    """A careful client: one query at a time, a pause between queries, a throttled answer retried (real mode)."""
    for _ in range(tries):
        time.sleep(0.1)
        with urllib.request.urlopen(url, timeout=10) as resp:
            out = resp.status, resp.headers.get("Content-Type"), resp.read().decode("utf-8")
        if "频繁访问" not in out[2]:
            return out
    raise AssertionError(f"still throttled: {url}")


def test_data_file_is_rich_enough():
    assert len(NOTICES) >= 60
    kinds = Counter(n["kind"] for n in NOTICES)
    assert kinds["tender"] >= 30 and kinds["award"] >= 20
    assert kinds["correction"] and kinds["termination"] and kinds["contract"]
    assert len({n["method"] for n in NOTICES}) >= 3
    assert any(n["encoding"] == "gbk" for n in NOTICES)
    models = Counter(n["truth"]["delivery_model"] for n in NOTICES)
    assert models["EPC"] and models["PPP"] and models["政府购买服务"]
    assert sum(not n["truth"]["relevant"] for n in NOTICES) >= 10
    assert len({n["id"] for n in NOTICES}) == len(NOTICES)
    json.dumps(NOTICES, ensure_ascii=False)


def test_paging_covers_every_notice_once(mirror):
    url = f"{mirror.base_url}/bxsearch?searchtype=1&bidType=0&start_time=2026:01:01&end_time=2026:12:31"
    status, ctype, html = _get(url + "&page_index=1")
    assert status == 200 and "charset=utf-8" in ctype
    first = parse_bxsearch(url, html)
    assert first.pages == math.ceil(len(NOTICES) / 20)
    seen = []
    for p in range(1, first.pages + 1):
        seen += [r.source_id for r in parse_bxsearch(url, _get(f"{url}&page_index={p}")[2]).rows]
    assert sorted(seen) == sorted(str(n["id"]) for n in NOTICES)


def test_date_window_and_type_filter(mirror):
    url = f"{mirror.base_url}/bxsearch?page_index=1&bidType=7&start_time=2026:11:16&end_time=2026:11:22"
    page = parse_bxsearch(url, _get(url)[2])
    expected = [n for n in NOTICES if n["notice_type"] == "中标公告" and "2026-11-16" <= n["published"][:10] <= "2026-11-22"]
    assert page.total == len(expected) and len(expected) > 0
    assert {r.source_id for r in page.rows} == {str(n["id"]) for n in expected}


def test_unknown_page_is_ccgp_error_page(mirror):
    try:
        urllib.request.urlopen(f"{mirror.base_url}/cggg/dfgg/gkzb/202611/t20261101_1.htm", timeout=10)
    except urllib.error.HTTPError as exc:
        assert exc.code == 404
        assert "错误页面！中国政府采购网" in exc.read().decode("utf-8")
    else:
        raise AssertionError("expected a 404")
