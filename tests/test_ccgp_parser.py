"""Every detail page the mirror renders parses back to the data file's values (no network)."""

import unicodedata
from datetime import datetime
from decimal import Decimal

import pytest

from parsers import parse_notice
from parsers.ccgp_list import parse_bxsearch, parse_channel_list
from common.regions import resolve
from mirrors.ccgp.server import CcgpSite, list_href, load_notices, notice_path
from mirrors.http import Request

SITE = CcgpSite()
NOTICES = load_notices()
TYPES = {"tender": "招标/采购公告", "award": "中标/成交公告", "correction": "更正公告", "termination": "终止/废标公告",
         "contract": "合同公告"}


BROWSER = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"}


def get(path: str, query: dict | None = None, base: str = "http://127.0.0.1"):
    return SITE.handle(Request("GET", path, query or {}, b"", BROWSER, base))


def _page(n: dict) -> bytes:
    reply = get(notice_path(n))
    assert reply.status == 200
    return reply.bytes()


def _norm(s: str) -> str:
    return s.replace("（", "(").replace("）", ")").replace("，", ",")


@pytest.mark.parametrize("n", NOTICES, ids=lambda n: f"{n['id']}-{n['kind']}-{n['amount_format']}")
def test_detail_fields(n):
    url = "http://www.ccgp.gov.cn" + notice_path(n)
    f = parse_notice(url, _page(n))
    assert f["title"] == n["title"]
    assert f["notice_type"] == TYPES[n["kind"]]
    assert f["buyer"] == n["buyer"]
    assert f["agency"] == n["agency"]
    assert f["buyer_region"] == n["region"]
    # the code as the page prints it (full-width read as half-width); None where the page leaves it out
    assert f["project_code"] == (unicodedata.normalize("NFKC", n.get("code_shown", n["project_code"])) or None)
    assert f["published_at"] == datetime.strptime(n["published"], "%Y-%m-%d %H:%M")
    assert f["warnings"] == []
    assert f["buyer_address"] == n["buyer_address"]
    region = resolve(n["region"], n["buyer"])
    assert f["buyer_region_code"] == (region.code if region else None)
    if n["buyer"] == "长沙县大数据中心":
        assert f["buyer_region_code"] == "430121"
    if n["truth"]["delivery_model"] == "PPP" and n["kind"] in ("tender", "award"):
        assert f["ppp"] == {"return_mechanism": "可行性缺口补助", "operation_mode": "BOT", "cooperation_years": 15}
    else:
        assert "ppp" not in f
    if n["kind"] == "tender":
        assert f["method"] == n["method"]
        assert f["budget_cny"] == Decimal(n["budget_cny"])
        assert f["deadline"] == datetime.strptime(n["open_time"], "%Y-%m-%d %H:%M")
        assert f["period_raw"] == _norm(n["period"])
        # both forms of SOURCES.md §7.2, by id: ul.fjxx links to a provincial OSS host (?accessCode=…, no extension)
        # and a.bizDownload id=<uuid> without a usable href → download.ccgp.gov.cn (mirror markup: an assumption)
        assert sorted(a["name"] for a in f["attachments"]) == sorted(n["attachments"])
        oss = [a for a in f["attachments"] if ".gov.cn/" in a["url"] and "?accessCode=" in a["url"]]
        biz = [a for a in f["attachments"] if a["url"].startswith("https://download.ccgp.gov.cn/oss/download?uuid=")]
        assert len(oss) + len(biz) == len(n["attachments"])
        assert {0: (len(n["attachments"]), 0), 1: (0, len(n["attachments"])), 2: (1, 1)}[n["id"] % 3] == (len(oss), len(biz))
        assert all(not a["url"].split("?")[0].rsplit("/", 1)[-1].count(".") for a in oss)  # no extension
        assert all(len(a["url"].rsplit("=", 1)[1]) == 36 for a in biz)  # a uuid
    elif n["kind"] == "award":
        assert f["award_cny"] == Decimal(n["award_cny"])
        shown = n.get("supplier_shown", n["supplier"])
        assert [(s["name"], s["award_cny"]) for s in f["suppliers"]] == [(shown, Decimal(n["award_cny"]))]
        assert f["suppliers"][0]["address"] == f"{n['region']}高新技术产业园"
        if n["province"] == "山东":  # the vertical template (标包：/供应商名称：/中标（成交）金额：…万元) prints no credit code
            assert f["suppliers"][0]["lot"] == "A" and "credit_code" not in f["suppliers"][0]
        else:
            assert f["suppliers"][0]["credit_code"] == n["supplier_credit_code"]
    elif n["kind"] == "contract":
        assert f["award_cny"] == Decimal(n["award_cny"]) and "budget_cny" not in f  # the contract's value
    else:
        assert "budget_cny" not in f and "award_cny" not in f  # no amount is invented for these types


def test_gbk_pages_are_served_and_decoded():
    n = next(x for x in NOTICES if x["encoding"] == "gbk")
    reply = get(notice_path(n))
    assert "GBK" in reply.content_type
    body = reply.bytes()
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")
    assert parse_notice(None, body)["title"] == n["title"]


def test_body_amount_used_when_summary_table_lacks_it():
    n = next(x for x in NOTICES if x["kind"] == "tender" and x["amount_format"] == "daxie" and x["encoding"] == "utf-8")
    html = _page(n).decode("utf-8").replace("预算金额</td>", "备注</td>")
    f = parse_notice("http://www.ccgp.gov.cn" + notice_path(n), html.encode("utf-8"))
    assert f["budget_cny"] == Decimal(n["budget_cny"])
    assert f["budget_raw"].startswith("人民币")


@pytest.mark.parametrize("n", [x for x in NOTICES if x.get("agency")][:12], ids=lambda n: n["id"])
def test_buyer_and_agency_from_the_contact_blocks_when_the_summary_table_lacks_them(n):
    html = _page(n).decode(n["encoding"])
    html = html.replace("采购单位</td>", "备注一</td>").replace("代理机构名称</td>", "备注二</td>")
    f = parse_notice("http://www.ccgp.gov.cn" + notice_path(n), html.encode(n["encoding"]))
    assert (f["buyer"], f["agency"]) == (n["buyer"], n["agency"])


def test_error_page_is_not_a_notice():
    reply = get("/cggg/dfgg/gkzb/202611/t20261101_1.htm")
    assert reply.status == 404
    f = parse_notice("http://www.ccgp.gov.cn/cggg/dfgg/gkzb/202611/t20261101_1.htm", reply.bytes())
    assert f.get("error_page") is True


def test_hostile_page_never_raises():
    junk = b"<html><body><div class='vF_detail_content'><table><tr><td class='title'>" + b"\xff\xfe" * 1000
    f = parse_notice("http://www.ccgp.gov.cn/x.htm", junk)
    assert isinstance(f["warnings"], list) and f["warnings"]


def test_search_list_rows_and_pager():
    html = get("/bxsearch", {"page_index": "1", "start_time": "2026:10:01", "end_time": "2026:11:30"},
               base="http://m").body
    page = parse_bxsearch("http://m/bxsearch", html)
    assert page.total == len(NOTICES)
    assert page.pages == -(-len(NOTICES) // 20)
    assert len(page.rows) == 20
    first = SITE.notices[0]
    row = page.rows[0]
    assert row.title == first["title"] and row.buyer == first["buyer"] and row.agency == first["agency"]
    assert row.notice_type == first["notice_type"] and row.province == first["province"]
    assert row.source_id == str(first["id"])
    assert row.url == "http://m" + list_href(first)


def test_channel_list_rows_and_pager():
    scope, channel = "dfgg", "zbgg"
    expected = [n for n in SITE.notices if n["scope"] == scope and n["channel"] == channel]
    page = parse_channel_list(f"http://m/cggg/{scope}/{channel}/index.htm", get(f"/cggg/{scope}/{channel}/index.htm").body)
    assert page.pages == -(-len(expected) // 20)
    assert [r.source_id for r in page.rows] == [str(n["id"]) for n in expected[:20]]
    assert page.rows[0].title == expected[0]["title"]  # full title from a[title], not the cut text
    assert page.rows[0].published_raw == expected[0]["published"]
    assert page.rows[0].province == expected[0]["province"] and page.rows[0].buyer == expected[0]["buyer"]


def test_blocked_list_page_is_flagged():
    page = parse_bxsearch("http://m/bxsearch", "<html><body>您的访问过于频繁，请稍后再试</body></html>")
    assert page.blocked and page.rows == []
