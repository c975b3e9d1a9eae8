"""ZcySpider: the 政采云 (zcygov) provincial portals, through the real page in Chromium (SOURCES.md §7.5).

How to use
  1. Subclass with ``name``, ``source``, ``default_base_url``, ``categories`` (the portal's category codes → names;
     they differ per province) and the Domain/Region/Caveats docstring; ``-a category=CODE[,CODE]`` crawls some.
  2. That is all. The spider loads ``/site/category?parentId=600007&childrenCode=<code>`` in Chromium (the WAF's
     JavaScript challenge passes there, as in a browser), reads the ``POST /portal/category`` answers the page's
     own script gets (signed by the page: the spider never computes a signature), pages by clicking the page's
     pager (``button.btn-next``) until a page ends before ``since``, then opens each notice's detail view
     ``/site/detail?parentId=600007&articleId=<URL-encoded>`` and archives the ``/portal/detail`` JSON the page
     gets, raw, with ``articleId`` as the source id.
  3. Accounting: per category the in-window rows the list showed are ``expect``-ed and ``saw``-n, so a notice the
     list showed but whose detail never came makes the run ``incomplete``. ``result.data.total`` counts the
     whole category, not the window (the page sends no ``publishDateBegin``), so it cannot be expected as such.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from urllib.parse import parse_qs, quote, urlsplit

from crawlers.base_spiders.js_list import BrowserSpider

BEIJING = timezone(timedelta(hours=8))
LIST_API, DETAIL_API = "/portal/category", "/portal/detail"


def beijing_day(ms) -> "datetime.date | None":  # noqa: ANN001
    try:
        return datetime.fromtimestamp(int(ms) / 1000, BEIJING).date()
    except (TypeError, ValueError, OverflowError, OSError):
        return None


class ZcySpider(BrowserSpider):
    categories: dict[str, str] = {}
    parent_id = "600007"
    list_path = "/site/category"
    detail_path = "/site/detail"
    browser_context = "zcy"
    capture_paths = (LIST_API, DETAIL_API)
    next_button = "button.btn-next"
    prev_button = "button.btn-prev"
    answer_retries = 4
    max_pages = 300  # per category: a window reaching further back than this is reported saturated

    def __init__(self, category: str | None = None, **kwargs):
        super().__init__(**kwargs)
        codes = [c.strip() for c in (category or "").split(",") if c.strip()] or list(self.categories)
        unknown = [c for c in codes if c not in self.categories]
        if unknown:
            raise ValueError(f"unknown category {', '.join(unknown)}; one of {', '.join(self.categories)}")
        self.codes = codes

    def category_url(self, code: str) -> str:
        return f"{self.base_url}{self.list_path}?parentId={self.parent_id}&childrenCode={code}"

    def detail_url(self, article_id: str) -> str:
        return f"{self.base_url}{self.detail_path}?parentId={self.parent_id}&articleId={quote(article_id, safe='')}"

    def block_reason(self, response) -> str | None:  # noqa: ANN001
        """政采云's own error answer: ``{"success":false,"result":null,"error":"…"}`` with HTTP 200."""
        own = super().block_reason(response)
        if own or response.status != 200 or not response.body.lstrip().startswith(b"{"):
            return own
        try:
            data = json.loads(response.body)
        except ValueError:
            return None
        if isinstance(data, dict) and data.get("success") is False:
            return "json-error"
        return None

    # -- the crawl -------------------------------------------------------------------------------------
    async def start(self):
        if not self.may_seed():
            return
        yield self.warmup_request(self.category_url(self.codes[0]), self.after_warmup)

    def after_warmup(self, response):  # noqa: ANN001
        yield self.drive_request(self.category_url(self.codes[0]), self.drive)

    async def drive(self, response):  # noqa: ANN001
        page = response.meta["playwright_page"]
        try:
            rows: list[dict] = []
            for i, code in enumerate(self.codes):
                goto = None if i == 0 else (lambda c=code: page.goto(self.category_url(c)))
                listed = await self.list_category(page, code, goto)
                if listed is None:
                    continue
                rows += listed
            for row in rows:
                if self.stopped:
                    break
                item = await self.fetch_detail(page, row)
                if item is not None:
                    yield item
        finally:
            await page.close()

    def _is_list_answer(self, code: str, page_no: int):  # noqa: ANN202
        def match(resp) -> bool:  # noqa: ANN001
            if urlsplit(resp.url).path != LIST_API:
                return False
            try:
                sent = json.loads(resp.request.body or b"{}")
            except ValueError:
                return False
            return sent.get("categoryCode") == code and sent.get("pageNo") == page_no
        return match

    async def list_page(self, page, code: str, page_no: int, action):  # noqa: ANN001, ANN201
        """The list answer for ``page_no``, retried the way a user would (prev + next, or reload for page 1)."""
        for attempt in range(self.answer_retries + 1):
            resp = await self.answer(self._is_list_answer(code, page_no), action)
            if resp is None:
                kind = "no-answer"
            else:
                kind = self.trouble(resp)
                if kind is None:
                    return json.loads(resp.body)["result"]["data"]
            self.crawler.stats.inc_value(f"tenderwatch/answers/{kind}")
            self.logger.warning("%s page %d: %s answer (attempt %d)", code, page_no, kind, attempt + 1)
            if kind == "captcha":
                break
            if page_no == 1:
                action = page.reload
            else:
                async def action(page=page):  # noqa: ANN001
                    await page.click(self.prev_button, timeout=30_000)
                    await page.click(self.next_button, timeout=60_000)
        if kind == "no-answer":
            self.crawler.stats.inc_value("tenderwatch/unreadable_list_pages")
            self.logger.error("%s page %d: the page never got its list (no rows rendered)", code, page_no)
        else:
            self.gave_up(kind, f"{self.category_url(code)} page {page_no}")
        return None

    async def list_category(self, page, code: str, goto):  # noqa: ANN001, ANN201
        """Page through one category, newest first, until a page ends before ``since``; the rows in the window."""
        key = f"{code} {self.since}..{self.until}"
        since_day, in_window, seen, total, size = self.since, [], set(), None, 0
        page_no, action = 1, goto
        while True:
            data = await self.list_page(page, code, page_no, action)
            if data is None:
                return None
            records = data.get("data") or []
            if total is not None and data.get("total") != total:
                self.logger.warning("%s: total moved from %s to %s while paging", code, total, data.get("total"))
            total = data.get("total")
            self.crawler.stats.inc_value("tenderwatch/listed", len(records))
            days = [beijing_day(r.get("publishDate")) for r in records]
            for r, day in zip(records, days):
                aid = r.get("articleId")
                if not aid or aid in seen or day is None or not self.in_window(day):
                    continue
                seen.add(aid)
                in_window.append({"articleId": aid, "category": code, "title": r.get("title"),
                                  "published_raw": str(r.get("publishDate")), "province": r.get("districtName"),
                                  "notice_type": r.get("pathName") or self.categories.get(code)})
            size = size or len(records)
            oldest = min((d for d in days if d), default=None)
            if not records or (oldest and oldest < since_day) or page_no * size >= int(total or 0):
                break  # newest first: the rest is older than the window, or there is no next page
            if page_no >= self.max_pages:
                self.saturated(key, int(total or 0))
                break
            page_no += 1
            action = (lambda: page.click(self.next_button, timeout=60_000))
        self.expect(key, len(in_window))
        for row in in_window:
            self.saw(key, row["articleId"])
        self.logger.info("%s: %d notices in %s..%s over %d list pages (category total %s)", code, len(in_window),
                         self.since, self.until, page_no, total)
        return in_window

    async def fetch_detail(self, page, row: dict):  # noqa: ANN001, ANN201
        aid = row["articleId"]
        if self.is_known(aid):
            return None

        def match(resp) -> bool:  # noqa: ANN001
            parts = urlsplit(resp.url)
            return parts.path == DETAIL_API and parse_qs(parts.query).get("articleId") == [aid]

        url = self.detail_url(aid)
        self.drain()
        action = lambda: page.goto(url)  # noqa: E731
        for attempt in range(self.answer_retries + 1):
            resp = await self.answer(match, action)
            kind = "no-answer" if resp is None else self.trouble(resp)
            if kind is None:
                meta = {k: v for k, v in row.items() if v is not None and k != "articleId"}
                return self.notice_item(resp, aid, meta)
            self.crawler.stats.inc_value(f"tenderwatch/answers/{kind}")
            self.logger.warning("notice %s: %s answer (attempt %d)", aid, kind, attempt + 1)
            if kind == "captcha":
                break
            action = page.reload
        self.gave_up(kind, url)
        return None
