"""BrowserSpider: a site whose own page must make the calls (a WAF's JavaScript challenge, front-end signing), driven
in Debian's Chromium through scrapy-playwright; the spider reads the answers the page itself gets.

How to use
  1. Subclass (see crawlers/base_spiders/zcy.py). ``start()`` yields ``self.warmup_request(url, callback)``: the
     page is loaded in the browser context ``browser_context`` (a JavaScript challenge sets its cookie there) and
     the rendered page passes crawlers.middlewares.BlockPageMiddleware: a challenge still there is retried, then
     dropped (run ``blocked``).
  2. Its callback yields ``self.drive_request(url, callback)``: the same context, the page handed to the callback
     (``response.meta["playwright_page"]``), every answer of a path in ``capture_paths`` collected as it arrives.
  3. In the callback, ``await self.answer(page, match, action)`` performs ``action`` (a click, ``page.goto``…) and
     returns the next captured answer that ``match`` accepts, as a Scrapy ``TextResponse``; ``self.trouble(resp)``
     names what is wrong with it (crawlers.blocks.problem: challenge, empty, json-error, captcha …) or None;
     ``self.gave_up(kind, url)`` counts an answer that stayed bad (``tenderwatch/blocked/<kind>``: run ``blocked``;
     a captcha stops the run ``captcha``). Close the page in a ``finally``.
  4. The browser is Debian's Chromium (TENDERWATCH_CHROMIUM, default /usr/bin/chromium), never a downloaded one,
     with its own headers (no declared crawler User-Agent: the page's calls must look like the page's); requests
     the page makes to private addresses are aborted, as the downloader middleware does for Scrapy's own.
     One page at a time, generous timeouts (a loaded 2-core machine renders slowly), DOWNLOAD_DELAY between
     the page's actions (clicks, navigations) as between Scrapy's own requests.
"""

from __future__ import annotations

import asyncio
import os
from urllib.parse import urlsplit

import scrapy
from scrapy.http import TextResponse

from crawlers.base_spiders.tender import TenderSpider

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


def abort_private(request) -> bool:  # noqa: ANN001 - a playwright.async_api.Request
    """PLAYWRIGHT_ABORT_REQUEST: abort what the page asks of a private address (the mirror is allowed)."""
    from crawlers.middlewares import _is_private, host_port, resolve

    allowed = set(filter(None, os.environ.get("TENDERWATCH_ALLOWED_HOSTS", "").split(",")))
    if host_port(request.url) in allowed:
        return False
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
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": 1,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": 90_000,
        "PLAYWRIGHT_ABORT_REQUEST": abort_private,
        # the browser's own headers: Scrapy's (its declared User-Agent, its cookie jar) would replace the cookie the
        # challenge script set in the browser
        "PLAYWRIGHT_PROCESS_REQUEST_HEADERS": None,
        "CONCURRENT_REQUESTS": 1,
        "DOWNLOAD_TIMEOUT": 180,
    }


class BrowserSpider(TenderSpider):
    custom_settings = playwright_settings()
    browser_context = "site"
    capture_paths: tuple[str, ...] = ()
    answer_timeout_ms = 90_000

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._answers: asyncio.Queue | None = None
        self.stopped = False  # a captcha closed the run: stop driving the page

    @classmethod
    def from_crawler(cls, crawler, *args, **kwargs):  # noqa: ANN001, ANN206
        """``-s TENDERWATCH_ALLOWED_HOSTS=host:port`` (plain ``scrapy crawl``) also allows the browser's own requests
        to that copy of the site (abort_private reads the environment; ``tenders crawl`` sets both)."""
        allowed = crawler.settings.getlist("TENDERWATCH_ALLOWED_HOSTS")
        if allowed and not os.environ.get("TENDERWATCH_ALLOWED_HOSTS"):
            os.environ["TENDERWATCH_ALLOWED_HOSTS"] = ",".join(allowed)
        return super().from_crawler(crawler, *args, **kwargs)

    # -- requests ----------------------------------------------------------------------------------------
    def warmup_request(self, url: str, callback) -> scrapy.Request:  # noqa: ANN001
        return scrapy.Request(url, callback=callback, dont_filter=True,
                              meta={"playwright": True, "playwright_context": self.browser_context})

    def drive_request(self, url: str, callback, **cb_kwargs) -> scrapy.Request:  # noqa: ANN001
        return scrapy.Request(url, callback=callback, errback=self._close_failed, dont_filter=True, cb_kwargs=cb_kwargs,
                              meta={"playwright": True, "playwright_context": self.browser_context,
                                    "playwright_include_page": True,
                                    "playwright_page_event_handlers": {"response": self._on_response}})

    async def _close_failed(self, failure) -> None:  # noqa: ANN001
        page = failure.request.meta.get("playwright_page")
        if page is not None and not page.is_closed():
            await page.close()
        self.logger.error("the browser page %s failed: %s", failure.request.url, failure.value)

    # -- answers the page gets ---------------------------------------------------------------------------
    def queue(self) -> asyncio.Queue:
        if self._answers is None:
            self._answers = asyncio.Queue()
        return self._answers

    async def _on_response(self, response) -> None:  # noqa: ANN001 - a playwright Response
        if urlsplit(response.url).path not in self.capture_paths:
            return
        try:
            body = await response.body()
            headers = await response.all_headers()
        except Exception as exc:  # noqa: BLE001 - the page navigated away: the answer is lost, say so
            self.logger.warning("answer %s unreadable: %s", response.url, exc)
            return
        req = response.request
        self.queue().put_nowait(TextResponse(
            url=response.url, status=response.status, body=body, encoding="utf-8",
            headers={"Content-Type": headers.get("content-type", "")},
            request=scrapy.Request(response.url, method=req.method, body=req.post_data_buffer or b"")))

    def drain(self) -> None:
        q = self.queue()
        while not q.empty():
            q.get_nowait()

    async def answer(self, match, action=None, timeout_ms: int | None = None) -> TextResponse | None:  # noqa: ANN001
        """Run ``action()`` (a coroutine function) and wait for the next captured answer that ``match(resp)``
        accepts; None when none comes in time. Answers already queued before ``action`` count too."""
        if action is not None:
            pause = self.settings.getfloat("DOWNLOAD_DELAY", 0)  # as polite as Scrapy's own requests (0 on a mirror)
            if pause:
                await asyncio.sleep(pause)
            try:
                await action()
            except Exception as exc:  # noqa: BLE001 - a timed-out click or navigation: no answer, reported by caller
                self.logger.warning("browser action failed: %s", exc)
        loop = asyncio.get_running_loop()
        deadline = loop.time() + (timeout_ms or self.answer_timeout_ms) / 1000
        while True:
            left = deadline - loop.time()
            if left <= 0:
                return None
            try:
                resp = await asyncio.wait_for(self.queue().get(), left)
            except asyncio.TimeoutError:
                return None
            if match(resp):
                return resp

    def trouble(self, response: TextResponse) -> str | None:
        from crawlers.blocks import problem

        return problem(response, self)

    def gave_up(self, kind: str, url: str) -> None:
        """An answer that stayed ``kind`` after the retries: loud, never archived."""
        stats = self.crawler.stats
        stats.inc_value("tenderwatch/blocked")
        if kind == "captcha":
            stats.inc_value("tenderwatch/captcha")
            stats.set_value("tenderwatch/stopped_by", "captcha")
            self.logger.error("captcha at %s: stopping this source", url)
            self.stopped = True
            self.crawler.engine.close_spider(self, "captcha")
            return
        stats.inc_value("tenderwatch/throttled" if kind == "throttle" else f"tenderwatch/blocked/{kind}")
        self.logger.error("still %s after retries: %s (not archived)", kind, url)
