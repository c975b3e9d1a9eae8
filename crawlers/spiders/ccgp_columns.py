"""中国政府采购网 ccgp.gov.cn, through the channel lists ``/cggg/{zygg|dfgg}/{channel}/index_N.htm``."""

from __future__ import annotations

from datetime import date

from crawlers.base_spiders import ColumnListSpider
from crawlers.base_spiders.paged_search import SearchSlot, page_share
from crawlers.spiders.ccgp import SEARCH_SLOT, bxsearch_url
from parsers.ccgp_list import detail_id, parse_bxsearch, parse_channel_list

# the 12 channels of each scope (SOURCES.md §4.2 and §7.2: yqzbgg 邀请招标) → the bxsearch bidType of the same
# notices (§4.1), for the days a channel list no longer reaches
CHANNELS = {"gkzb": "1", "xjgg": "2", "jzxtpgg": "3", "dylygg": "4", "zgysgg": "5", "yqzbgg": "6", "zbgg": "7",
            "gzgg": "8", "qtgg": "9", "jzxcs": "10", "cjgg": "11", "fblbgg": "12"}
SCOPES = {"zygg": "1", "dfgg": "2"}  # bidSort: 1 中央公告, 2 地方公告
# www.ccgp.gov.cn answers 403 to declared crawlers; clients read the lists with a browser's User-Agent (§7.2)
BROWSER_UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36"


class CcgpColumnsSpider(SearchSlot, ColumnListSpider):
    """中国政府采购网 ccgp.gov.cn, through the channel lists ``/cggg/{zygg|dfgg}/{channel}/index_N.htm``.

    Domain
      中国政府采购网: www.ccgp.gov.cn/cggg/zygg/ (中央公告) and /cggg/dfgg/ (地方公告), newest first; bxsearch on
      search.ccgp.gov.cn for the days a list no longer reaches.
    Region
      National.
    Caveats
      Evidenced (SOURCES.md §7.2): 12 channels under each scope (the 11 of §4.2 plus 邀请招标 ``yqzbgg``), 20 rows a
      page; www answers 403 to declared crawlers, so this spider sends a desktop browser's User-Agent (the only
      spider of the project that does, and only because of that 403); http, not https. Every channel's pager shows
      ``size:25``: a list reaches back about 500 rows only, while busy channels publish more than 100 a day. When a
      channel's last reachable page is still not older than ``--since``, the spider logs a warning naming the
      channel and the uncovered days and searches bxsearch for that channel's notices of those days (bidSort =
      scope, bidType = channel; one query at a time in bxsearch's own slot, as in ``ccgp``). Page 2 of a channel is
      ``index_1.htm`` (TRS convention); the title comes from ``a[title]`` (the text is cut with "…"). The rows a
      channel shows in the window, and bxsearch's ``共找到 N 条``, are what the run expects to archive. Assumptions:
      the channel → bidType mapping of the fallback (§4.1 lists types, not channels); that the 25-page cap applies
      to every channel. 采购意向 (cgyx, captcha-fronted) is not crawled. Shares the source key ``ccgp`` with the
      search spider, so a notice found by both is stored once.

    How to use
      1. ``tenders crawl ccgp_columns --since 2026-11-20`` walks every channel back to ``since``.
      2. ``-a columns=/cggg/dfgg/zbgg/,/cggg/zygg/zbgg/`` limits the walk to some channels.
      3. ``-a search_base_url=…`` points the fallback search elsewhere (default: search.ccgp.gov.cn, or the
         ``base_url`` of a copy of the site); ``-a capped_pages=N`` for a copy whose lists stop at N pages, not 25.
    """

    name = "ccgp_columns"
    source = "ccgp"
    default_base_url = "http://www.ccgp.gov.cn"  # https://www. answered 403 even to a browser UA (SOURCES.md §7.2)
    default_search_url = "http://search.ccgp.gov.cn"
    columns = tuple(f"/cggg/{scope}/{channel}/" for scope in SCOPES for channel in CHANNELS)
    capped_pages = 25
    search_slot = SEARCH_SLOT
    custom_settings = {"USER_AGENT": BROWSER_UA}

    def __init__(self, columns: str | None = None, search_base_url: str | None = None,
                 capped_pages: str | int | None = None, **kwargs):
        super().__init__(**kwargs)
        if capped_pages:
            self.capped_pages = int(capped_pages)  # a copy of the site with another cap (tests: a small one)
        if columns:
            self.columns = tuple(c.strip() for c in columns.split(",") if c.strip())
        own_site = self.base_url == self.default_base_url.rstrip("/")
        self.search_base_url = (search_base_url or (self.default_search_url if own_site else self.base_url)).rstrip("/")

    def parse_listing(self, response):  # noqa: ANN001, ANN201
        return parse_channel_list(response.url, response.text)

    def detail_id(self, url: str) -> str | None:
        return detail_id(url)

    def beyond_list(self, response, column: str, oldest: date, pages: int):  # noqa: ANN001, ANN201
        parts = column.strip("/").split("/")
        scope, channel = (parts[1], parts[2]) if len(parts) == 3 else (None, None)
        if scope not in SCOPES or channel not in CHANNELS:
            return super().beyond_list(response, column, oldest, pages)
        start, end = self.uncovered(oldest)
        self.logger.warning("%s: the list ends at page %d with rows of %s; %s..%s are not reachable there: "
                            "searching bxsearch (bidSort=%s, bidType=%s) for them", column, pages, oldest, start, end,
                            SCOPES[scope], CHANNELS[channel])
        self.crawler.stats.inc_value("tenderwatch/ccgp/list_fallbacks")
        query = {"bid_type": CHANNELS[channel], "bid_sort": SCOPES[scope], "start": start, "end": end}
        return iter([self.search_request(self._search_url(1, query), self.parse_search, page=1, query=query)])

    def _search_url(self, page: int, q: dict) -> str:
        return bxsearch_url(self.search_base_url, page, q["start"], q["end"], q["bid_type"], q["bid_sort"])

    def parse_search(self, response, page: int, query: dict, total: int | None = None,  # noqa: ANN001
                     size: int | None = None):
        """A fallback bxsearch page: rows followed, 共找到 N expected (shared out over the pages, see
        paged_search.page_share), pages one after another."""
        listing = parse_bxsearch(response.url, response.text)
        if listing.blocked or (not listing.rows and listing.total is None):
            self.crawler.stats.inc_value("tenderwatch/unreadable_list_pages")
            self.logger.error("list page %s is not a result list (blocked or changed markup)", response.url)
            return
        self.crawler.stats.inc_value("tenderwatch/listed", len(listing.rows))
        key = f"bxsearch {query['start']}..{query['end']} bidSort={query['bid_sort']} bidType={query['bid_type']}"
        if page == 1:
            total, size = listing.total, len(listing.rows)
        if total is not None:
            self.expect(key, page_share(page, total, size, listing.pages))
        yield from self.follow_listed(response, listing.rows, key)
        if page < listing.pages:
            yield self.search_request(self._search_url(page + 1, query), self.parse_search, page=page + 1, query=query,
                                      total=total, size=size)
