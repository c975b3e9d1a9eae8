"""ZcySpider: the 政采云 (zcygov) platform of provincial portals (a list built by JavaScript, rendered in Chromium;
JSON detail).

How to use
  1. Subclass with ``name``, ``source``, ``default_base_url`` and the Domain/Region/Caveats docstring.
  2. Set ``default_category``: the portal's announcement category code (it differs per province); a crawl can list
     one category with ``-a category=…``.
  3. That is all: the rendered list (``/site/category``), its rows and pages, and the JSON detail
     (``/portal/detail?articleId=…``, ``articleId`` the dedup key) are the platform's.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qs, urlencode, urlsplit

import scrapy
from bs4 import BeautifulSoup

from crawlers.base_spiders.js_list import JsRenderedListSpider
from parsers.ccgp_list import ListPage, ListRow
from parsers.text import clean


class ZcySpider(JsRenderedListSpider):
    default_category = "ZcyAnnouncement"
    list_path = "/site/category"
    detail_path = "/portal/detail"
    wait_for = "#app[data-loaded]"

    def __init__(self, category: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.category = category or self.default_category

    def list_url(self, page: int) -> str:
        q = {"categoryCode": self.category, "pageNo": page, "publishDateBegin": self.since.isoformat(),
             "publishDateEnd": self.until.isoformat()}
        return f"{self.base_url}{self.list_path}?{urlencode(q)}"

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
        return scrapy.Request(f"{self.base_url}{self.detail_path}?articleId={row.sid}", callback=self.parse_detail,
                              cb_kwargs={"sid": row.sid, "meta": row.as_meta()})
