"""The 政采云 spider as it was before issue 15 (commit 0f03f24: crawlers/base_spiders/js_list.py, zcy.py and
crawlers/spiders/zhejiang.py, condensed), kept to show that the mirror refuses its shape: it waits in Chromium for
``#app[data-loaded]`` and reads ``ul#list``, neither of which the page has, and asks ``/portal/detail`` unsigned.

``python -m tests.zcy_old_shape BASE_URL SINCE UNTIL`` runs it through the real crawl runner (crawlers.runner) and
prints the run's status.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from urllib.parse import parse_qs, urlencode, urlsplit

import scrapy
from bs4 import BeautifulSoup

from crawlers.base_spiders.js_list import CHROMIUM_ARGS, abort_private
from crawlers.base_spiders.tender import TenderSpider
from parsers.ccgp_list import ListPage, ListRow
from parsers.text import clean


def old_playwright_settings() -> dict:
    import os

    return {
        "DOWNLOAD_HANDLERS": {"http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
                              "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler"},
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {"executable_path": os.environ.get("TENDERWATCH_CHROMIUM", "/usr/bin/chromium"),
                                      "headless": True, "args": CHROMIUM_ARGS},
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 2,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": 60_000,
        "PLAYWRIGHT_ABORT_REQUEST": abort_private,
    }


class OldZhejiangSpider(TenderSpider):
    """Domain
      the old shape (tests only).
    Region
      浙江省.
    Caveats
      none: it is the shape the mirror must refuse.
    """

    name = "zhejiang"
    source = "zhejiang"
    default_base_url = "https://zfcg.czt.zj.gov.cn"
    custom_settings = old_playwright_settings()
    default_category = "ZcyAnnouncement"
    list_path = "/site/category"
    detail_path = "/portal/detail"
    wait_for = "#app[data-loaded]"
    max_pages = 500

    def __init__(self, category: str | None = None, **kwargs):
        super().__init__(**kwargs)
        self.category = category or self.default_category

    def list_url(self, page: int) -> str:
        q = {"categoryCode": self.category, "pageNo": page, "publishDateBegin": self.since.isoformat(),
             "publishDateEnd": self.until.isoformat()}
        return f"{self.base_url}{self.list_path}?{urlencode(q)}"

    def list_request(self, page: int) -> scrapy.Request:
        from scrapy_playwright.page import PageMethod

        return scrapy.Request(self.list_url(page), callback=self.parse_list, cb_kwargs={"page": page},
                              meta={"playwright": True,
                                    "playwright_page_methods": [PageMethod("wait_for_selector", self.wait_for)]})

    async def start(self):
        yield self.list_request(1)

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
            row = ListRow(url=response.urljoin(a["href"]), title=clean(a.get("title") or a.get_text()))
            row.sid = parse_qs(urlsplit(a["href"]).query).get("articleId", [None])[0]
            page.rows.append(row)
        total = soup.select_one(".total-pages")
        m = re.search(r"\d+", total.get_text()) if total else None
        page.pages = int(m.group(0)) if m else 1
        return page

    def parse_list(self, response, page: int):  # noqa: ANN001
        listing = self.parse_rendered(response)
        if listing.blocked:
            self.crawler.stats.inc_value("tenderwatch/unreadable_list_pages")
            self.logger.error("rendered list %s holds no list (blocked or changed markup)", response.url)
            return
        for row in listing.rows:
            if row.source_id and not self.is_known(row.source_id):
                yield scrapy.Request(f"{self.base_url}{self.detail_path}?articleId={row.sid}",
                                     callback=self.parse_detail, cb_kwargs={"sid": row.sid, "meta": row.as_meta()})
        if page == 1:
            for p in range(2, min(listing.pages, self.max_pages) + 1):
                yield self.list_request(p)


def main(argv: list[str]) -> int:
    import crawlers.runner as runner

    base_url, since, until = argv[0], date.fromisoformat(argv[1]), date.fromisoformat(argv[2])
    runner.spider_class = lambda name: OldZhejiangSpider
    outcome = runner.run_crawl("zhejiang", base_url, since, until)
    print(f"status={outcome.status} new_pages={outcome.new_pages}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
