"""The ccgp parsers on the captured pages themselves (../shared/realdata/sites/ccgp), and the mirror's pages keep
the captured structure. Skips when ../shared is absent."""

from __future__ import annotations

from decimal import Decimal

import pytest
from bs4 import BeautifulSoup

from mirrors.ccgp.server import CcgpSite, notice_path
from mirrors.http import Request
from parsers import parse_notice
from parsers.ccgp_list import parse_bxsearch
from tests.test_realdata import SHARED

CAPTURES = SHARED / "realdata" / "sites" / "ccgp"
RAW = CAPTURES / "detail-dfgg-zbgg-2025-07-14-jinan-daxue-gongyu-raw-http.html"
RENDERED = CAPTURES / "detail-dfgg-zbgg-2025-05-27-shenzhen-longhua-kongtiao-rendered-dom.html"
SEARCH = CAPTURES / "search-dataB-jsp-pre2013-db-2003-03-17-results-captured-by-2018-06-07.html"
pytestmark = pytest.mark.skipif(not CAPTURES.is_dir(), reason=f"ccgp captures not present at {CAPTURES}")
SITE = CcgpSite()
SITE.mode = "clean"


def test_the_captured_result_list_parses():
    page = parse_bxsearch("http://search.ccgp.gov.cn/dataB.jsp", SEARCH.read_text(encoding="utf-8"))
    assert (page.total, page.pages, page.blocked, len(page.rows)) == (3, 1, False, 3)  # size:0 with 3 results
    first = page.rows[0]
    assert first.title == "宁夏自治区政府采购草原防火及公路动物检查站仪器设备中标公告"
    assert first.published_raw == "2003.03.17 00:00:00" and first.notice_type == "中标公告"  # bxlx007
    assert first.source_id == "567378" and first.province is None and first.buyer is None


def test_the_captured_detail_pages_parse():
    raw = parse_notice(None, RAW.read_bytes())
    assert raw["title"] == "济南大学中心校区学生公寓改造提升项目施工中标（成交）公告"
    assert raw["published_raw"] == "2025-07-14 01:59" and raw["notice_type_raw"] == "中标公告"
    # the vertical Shandong template: 标包：/供应商名称：/中标（成交）金额：…万元, four lots
    assert [(s["lot"], s["name"]) for s in raw["suppliers"]] == [
        ("A", "中建八局第二建设有限公司"), ("B", "中建八局东南建设有限公司"), ("C", "济南一建集团有限公司"),
        ("D", "中铁十局集团有限公司")]
    assert raw["award_cny"] == Decimal("106185203.89")  # their sum = 总中标金额 ￥10618.520389 万元
    assert raw["attachments"] == []  # an empty 十一、附件：, no attachment markup on any captured page
    rendered = parse_notice(None, RENDERED.read_bytes())
    assert rendered["title"] == "深圳市龙华科技实验高级中学空调采购中标（成交）结果公告"
    # the winner's own 6687920.0元, not the 公告概要's total ￥668.790000 万元, which rounds to 0.01 万元
    assert rendered["award_cny"] == Decimal("6687920.00") and rendered["attachments"] == []


def _structure(html: str) -> dict:
    soup = BeautifulSoup(html, "lxml")
    return {
        "metas": sorted(m["name"] for m in soup.select("meta[name]") if m["name"] in
                        ("SiteName", "SiteDomain", "SiteIDCode", "ArticleTitle", "PubDate", "ContentSource")),
        "bot": [s.get("src") for s in soup.select("script#keyparam, script#keyt")] + [
            "HOY_TR" in html and "HBB_HC" in html, "/_ws_sbu/sbu_hc.js" in html],
        "crumbs": len(soup.select("div.vF_deail_currentloc a.CurrChnlCls")),
        "header": bool(soup.select_one("div.vF_detail_header h2.tc")) and bool(soup.select_one("span#pubTime")),
        "table": bool(soup.select("div.table td.title")) and "<!--contentTable-->" in html,
        "body": bool(soup.select_one("div.vF_detail_content_container > div.vF_detail_content")),
    }


def test_mirror_detail_pages_keep_the_captured_structure():
    captured = _structure(RAW.read_text(encoding="utf-8"))
    vertical = next(n for n in SITE.notices if n["kind"] == "award" and n["province"] == "山东")
    for n in (SITE.notices[0], vertical):
        assert _structure(SITE.page(n).decode(("gbk" if n["encoding"] == "gbk" else "utf-8"))) == captured
    page = SITE.page(vertical).decode("utf-8")
    assert "id='NoticeDetail'" in page and "供应商名称：<u>" in page and "中标（成交）金额：" in page
    assert "id='NoticeDetail'" in RAW.read_text(encoding="utf-8")


def test_mirror_result_list_keeps_the_captured_structure():
    def shape(html: str) -> tuple:
        soup = BeautifulSoup(html, "lxml")
        li = soup.select_one("div.vT-srch-result-list-con2 > div.vT-srch-result-list > ul.vT-srch-result-list-bid > li")
        return ([c.name for c in li.find_all(recursive=False)], "共找到 <span style=" in html,
                len(soup.select("p.pager script")))

    q = {"page_index": "1", "start_time": "2026:10:01", "end_time": "2026:11:30"}
    mirror = SITE.handle(Request("GET", "/bxsearch", q, b"", {}, "http://m")).bytes().decode("utf-8")
    assert shape(mirror) == shape(SEARCH.read_text(encoding="utf-8"))
