"""浙江政府采购网 (政采云 platform): a list built by JavaScript, rendered in Chromium."""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import scrapy
from bs4 import BeautifulSoup

from crawlers.base_spiders.js_list import JsRenderedListSpider
from parsers.ccgp_list import ListPage, ListRow
from parsers.text import clean


class ZhejiangSpider(JsRenderedListSpider):
    """Domain
      浙江政府采购网 zfcg.czt.zj.gov.cn, on the 政采云 (zcygov) platform.
    Region
      浙江省: province, cities and counties.
    Caveats
      The list is a JavaScript application over ``POST /portal/category`` and its front door sits behind a WAF
      that wants a real browser session, so list pages are rendered in Chromium; notices come from the JSON
      ``/portal/detail?articleId=…`` without a browser. ``articleId`` (base64-like) is the dedup key. Category
      codes differ per province (``ZcyAnnouncement`` here).

    How to use
      1. ``tenders crawl zhejiang --since 2026-11-01`` (needs ``apt-get install chromium``).
      2. ``-a category=ZcyAnnouncement3004`` lists one category.
    """

    name = "zhejiang"
    source = "zhejiang"
    default_base_url = "https://zfcg.czt.zj.gov.cn"
    wait_for = "#app[data-loaded]"

    def __init__(self, category: str = "ZcyAnnouncement", **kwargs):
        super().__init__(**kwargs)
        self.category = category

    def list_url(self, page: int) -> str:
        q = {"categoryCode": self.category, "pageNo": page, "publishDateBegin": self.since.isoformat(),
             "publishDateEnd": self.until.isoformat()}
        return f"{self.base_url}/site/category?{urlencode(q)}"

    def parse_rendered(self, response) -> ListPage:  # noqa: ANN001
        soup = BeautifulSoup(response.text, "lxml")
        page = ListPage()
        ul = soup.select_one("ul#list")
        if ul is None:
            page.blocked = True
            return page
        for li in ul.select("li.list-item"):
            a = li.find("a", href=True)
            if a is None:
                continue
            article = parse_qs(urlsplit(a["href"]).query).get("articleId", [None])[0]
            row = ListRow(url=response.urljoin(a["href"]), title=clean(a.get("title") or a.get_text()))
            date_tag, district = li.select_one("span.date"), li.select_one("span.district")
            row.published_raw = clean(date_tag.get_text()) if date_tag else None
            row.province = clean(district.get_text()) if district else None
            row.sid = article
            page.rows.append(row)
        total = soup.select_one(".total-pages")
        m = re.search(r"\d+", total.get_text()) if total else None
        page.pages = int(m.group(0)) if m else 1
        return page

    def detail_request(self, row) -> scrapy.Request:  # noqa: ANN001
        return scrapy.Request(f"{self.base_url}/portal/detail?articleId={row.sid}", callback=self.parse_detail,
                              cb_kwargs={"sid": row.sid, "meta": row.as_meta()})
