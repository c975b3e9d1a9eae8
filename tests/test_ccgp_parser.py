"""Every detail page the mirror renders parses back to the data file's values (no network)."""

from datetime import datetime
from decimal import Decimal

import pytest

from parsers import parse_notice
from parsers.ccgp_list import parse_bxsearch
from tests.sites.ccgp.server import Mirror, load_notices, notice_path

MIRROR = Mirror()
NOTICES = load_notices()


def _page(n: dict) -> bytes:
    status, html = MIRROR.handle(notice_path(n), "http://127.0.0.1")
    assert status == 200
    return html.encode("utf-8")


@pytest.mark.parametrize("n", NOTICES, ids=lambda n: f"{n['id']}-{n['amount_format']}")
def test_detail_fields(n):
    url = "http://www.ccgp.gov.cn" + notice_path(n)
    f = parse_notice(url, _page(n))
    assert f["title"] == n["title"]
    assert f["buyer"] == n["buyer"]
    assert f["agency"] == n["agency"]
    assert f["buyer_region"] == n["region"]
    assert f["project_code"] == n["project_code"]
    assert f["published_at"] == datetime.strptime(n["published"], "%Y-%m-%d %H:%M")
    assert f["warnings"] == []
    if n["channel"] == "gkzb":
        assert f["notice_type"] == "招标/采购公告"
        assert f["method"] == "公开招标" and f["method_ocds"] == "open"
        assert f["budget_cny"] == Decimal(n["budget_cny"])
        assert f["deadline"] == datetime.strptime(n["open_time"], "%Y-%m-%d %H:%M")
        assert f["period_raw"] == n["period"].replace("（", "(").replace("）", ")").replace("，", ",")
    else:
        assert f["notice_type"] == "中标/成交公告"
        assert f["award_cny"] == Decimal(n["award_cny"])
        assert [(s["name"], s["award_cny"]) for s in f["suppliers"]] == [(n["supplier"], Decimal(n["award_cny"]))]


def test_body_amount_used_when_summary_table_lacks_it():
    n = next(x for x in NOTICES if x["channel"] == "gkzb" and x["amount_format"] == "daxie")
    html = _page(n).decode("utf-8").replace("预算金额</td>", "备注</td>")
    f = parse_notice("http://www.ccgp.gov.cn" + notice_path(n), html.encode("utf-8"))
    assert f["budget_cny"] == Decimal(n["budget_cny"])
    assert f["budget_raw"].startswith("人民币")


def test_gbk_page_decodes():
    n = NOTICES[0]
    html = _page(n).decode("utf-8").replace('<meta charset="utf-8">', '<meta charset="gbk">')
    f = parse_notice("http://www.ccgp.gov.cn" + notice_path(n), html.encode("gbk"))
    assert f["title"] == n["title"] and f["buyer"] == n["buyer"]


def test_error_page_is_not_a_notice():
    status, html = MIRROR.handle("/cggg/dfgg/gkzb/202611/t20261101_1.htm", "http://x")
    assert status == 404
    f = parse_notice("http://www.ccgp.gov.cn/cggg/dfgg/gkzb/202611/t20261101_1.htm", html.encode())
    assert f.get("error_page") is True


def test_hostile_page_never_raises():
    junk = b"<html><body><div class='vF_detail_content'><table><tr><td class='title'>" + b"\xff\xfe" * 1000
    f = parse_notice("http://www.ccgp.gov.cn/x.htm", junk)
    assert isinstance(f["warnings"], list) and f["warnings"]


def test_search_list_rows_and_pager():
    status, html = MIRROR.handle("/bxsearch?page_index=1&start_time=2026:10:01&end_time=2026:11:30", "http://m")
    page = parse_bxsearch("http://m/bxsearch", html)
    assert page.total == len(NOTICES)
    assert page.pages == -(-len(NOTICES) // 20)
    assert len(page.rows) == 20
    first = MIRROR.notices[0]
    row = page.rows[0]
    assert row.title == first["title"] and row.buyer == first["buyer"] and row.agency == first["agency"]
    assert row.notice_type == first["notice_type"] and row.province == first["province"]
    assert row.source_id == str(first["id"])
    assert row.url == "http://m" + notice_path(first)


def test_blocked_list_page_is_flagged():
    page = parse_bxsearch("http://m/bxsearch", "<html><body>您的访问过于频繁，请稍后再试</body></html>")
    assert page.blocked and page.rows == []
