"""JsRenderedListSpider: list pages built by JavaScript, rendered in Chromium through scrapy-playwright.

How to use
  1. Implement ``list_url(page)``: the list page ``page`` (1-based) for ``self.since``..``self.until``.
  2. Set ``wait_for``: a CSS selector that exists once the script has rendered the rows (or said "no rows").
  3. Implement ``parse_rendered(response)`` → ``parsers.ccgp_list.ListPage`` from the rendered DOM (rows with
     ``source_id``; ``pages`` = page count shown by the page).
  4. Implement ``detail_request(row)``: usually the portal's JSON detail call, fetched without a browser.
  5. Only list pages use the browser (``meta["playwright"]``); the download handler is set in this spider's
     ``custom_settings``, so other spiders never start Chromium. The browser is Debian's Chromium
     (TENDERWATCH_CHROMIUM, default /usr/bin/chromium), never a downloaded one; requests the page makes to
     private addresses are aborted, as the downloader middleware does for Scrapy's own requests.
"""

from __future__ import annotations

import os

import scrapy

from crawlers.base_spiders.tender import TenderSpider

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def abort_private(request) -> bool:  # noqa: ANN001 - a playwright.async_api.Request
    """PLAYWRIGHT_ABORT_REQUEST: abort what the page asks of a private address (the mirror is allowed)."""
    from crawlers.middlewares import _is_private, host_port, resolve

    allowed = set(filter(None, os.environ.get("TENDERWATCH_ALLOWED_HOSTS", "").split(",")))
    if host_port(request.url) in allowed:
        return False
    from urllib.parse import urlsplit

    addrs = resolve(urlsplit(request.url).hostname or "")
    return any(_is_private(a) for a in addrs)


def playwright_settings() -> dict:
    return {
        "DOWNLOAD_HANDLERS": {
            "http": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
            "https": "scrapy_playwright.handler.ScrapyPlaywrightDownloadHandler",
        },
        "PLAYWRIGHT_BROWSER_TYPE": "chromium",
        "PLAYWRIGHT_LAUNCH_OPTIONS": {
            "executable_path": os.environ.get("TENDERWATCH_CHROMIUM", "/usr/bin/chromium"),
            "headless": True,
            "args": CHROMIUM_ARGS,
        },
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 2,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": 60_000,
        "PLAYWRIGHT_ABORT_REQUEST": abort_private,
    }


class JsRenderedListSpider(TenderSpider):
    custom_settings = playwright_settings()
    wait_for = "body"
    max_pages = 500

    def list_url(self, page: int) -> str:
        raise NotImplementedError

    def parse_rendered(self, response):  # noqa: ANN001, ANN201
        raise NotImplementedError

    def detail_request(self, row) -> scrapy.Request:  # noqa: ANN001
        raise NotImplementedError

    def list_request(self, page: int) -> scrapy.Request:
        from scrapy_playwright.page import PageMethod

        return scrapy.Request(self.list_url(page), callback=self.parse_list, cb_kwargs={"page": page},
                              meta={"playwright": True,
                                    "playwright_page_methods": [PageMethod("wait_for_selector", self.wait_for)]})

    async def start(self):
        if not self.may_seed():
            return
        yield self.list_request(1)

    def parse_list(self, response, page: int):  # noqa: ANN001
        listing = self.parse_rendered(response)
        if listing.blocked:
            self.crawler.stats.inc_value("tenderwatch/unreadable_list_pages")
            self.logger.error("rendered list %s holds no list (blocked or changed markup)", response.url)
            return
        self.crawler.stats.inc_value("tenderwatch/listed", len(listing.rows))
        for row in listing.rows:
            if row.source_id and not self.is_known(row.source_id):
                yield self.detail_request(row)
        if page == 1:
            for p in range(2, min(listing.pages, self.max_pages) + 1):
                yield self.list_request(p)
