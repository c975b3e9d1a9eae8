"""ccgp on the evidenced protocol (SOURCES.md §7.2): http, result pages one after another, links read from
``var ohtmlurls`` when the list hides them."""

from __future__ import annotations

from datetime import date

from scrapy.http import HtmlResponse, Request

from crawlers.spiders.ccgp import CcgpSpider
from crawlers.spiders.ccgp_columns import CcgpColumnsSpider
from mirrors.ccgp.server import CcgpSite
from mirrors.http import Request as MirrorRequest
from parsers.ccgp_list import detail_id, parse_bxsearch
from tests.test_crawl_behaviour import SINCE, UNTIL

BASE = "http://127.0.0.1:8123"


def _page(n: int) -> str:
    q = {"searchtype": "1", "page_index": str(n), "bidType": "0", "start_time": SINCE.replace("-", ":"),
         "end_time": UNTIL.replace("-", ":")}
    return CcgpSite().handle(MirrorRequest("GET", "/bxsearch", q, b"", {}, BASE)).bytes().decode("utf-8")


def test_hidden_links_are_read_from_ohtmlurls_in_list_order():
    html = _page(2)
    assert "javascript:void(0)" in html and "var ohtmlurls=" in html  # the mirror hides this page's links
    rows = parse_bxsearch(f"{BASE}/bxsearch?page_index=2", html).rows
    assert len(rows) == 20 and all(r.url.startswith(BASE) and detail_id(r.url) for r in rows)
    shown = parse_bxsearch(f"{BASE}/bxsearch?page_index=1", _page(1)).rows
    assert not {r.url for r in rows} & {r.url for r in shown}  # the hidden links are page 2's own
    site = CcgpSite()
    for row in rows:  # in list order: each link is the notice of its own row
        assert site.by_id[detail_id(row.url)]["title"][:10] == row.title[:10]


class SequentialCcgp(CcgpSpider):
    sequential_pages = True


def test_result_pages_are_asked_for_one_after_another():
    spider = SequentialCcgp(base_url=BASE, since=SINCE, until=UNTIL)
    html = _page(1)
    response = HtmlResponse(url=spider.search_url(1), body=html.encode("utf-8"), encoding="utf-8",
                            request=Request(spider.search_url(1)))
    spider.crawler = type("C", (), {"stats": type("S", (), {"inc_value": lambda *a, **k: None})()})()
    lists = [r for r in spider.parse_list(response, page=1) if r.callback == spider.parse_list]
    assert [r.cb_kwargs["page"] for r in lists] == [2]  # only the next page, never the whole range at once


def test_the_real_sites_are_asked_over_http():
    assert CcgpSpider.default_base_url == "http://search.ccgp.gov.cn"
    assert CcgpColumnsSpider.default_base_url == "http://www.ccgp.gov.cn"
    spider = CcgpSpider(since="2026-11-01", until="2026-11-02")
    assert spider.search_url(1).startswith("http://search.ccgp.gov.cn/bxsearch?") and spider.since == date(2026, 11, 1)
