"""中国政府采购网 ccgp.gov.cn, through the ``bxsearch`` search over a publication-date window."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from crawlers.base_spiders import PagedSearchSpider
from parsers.ccgp_list import detail_id, parse_bxsearch

SEARCH_SLOT = "ccgp-bxsearch"  # one download slot for every bxsearch query of a process (SOURCES.md §7.2)


def bxsearch_url(base_url: str, page: int, since: date, until: date, bid_type: str = "0", bid_sort: str = "0") -> str:
    """A bxsearch result page over http (SOURCES.md §4.1, §7.2): title search, custom window ``YYYY:MM:DD``."""
    params = {
        "searchtype": "1", "page_index": str(page), "bidSort": bid_sort, "buyerName": "", "projectId": "",
        "pinMu": "0", "bidType": bid_type, "dbselect": "bidx", "kw": "",
        "start_time": since.strftime("%Y:%m:%d"), "end_time": until.strftime("%Y:%m:%d"),
        "timeType": "6", "displayZone": "", "zoneId": "", "pppStatus": "0", "agentName": "",
    }
    return f"{base_url}/bxsearch?{urlencode(params)}"


class CcgpSpider(PagedSearchSpider):
    """中国政府采购网 ccgp.gov.cn, through the ``bxsearch`` search over a publication-date window.

    Domain
      中国政府采购网 (China Government Procurement): search.ccgp.gov.cn/bxsearch, detail pages on www.ccgp.gov.cn.
    Region
      National: 中央公告 and 地方公告 of every province.
    Caveats
      Evidenced (SOURCES.md §7.2): bxsearch answers over http (https answered 500/502 in 2026); it throttles from
      the second query of a burst with "频繁访问!中国政府采购网" (HTTP 200, about 1.4 kB), so result pages are asked
      for one after another (``sequential_pages``), in a download slot of their own (one query at a time,
      ``TENDERWATCH_SEARCH_DELAY`` seconds apart, default 5) while detail pages keep the site's usual slot; a
      throttle page is recognised, backed off and retried, never counted as "0 notices". Result links may be
      empty or obfuscated, the real ones in ``var ohtmlurls`` (read in list order). The ``共找到 N 条`` count is
      what the run expects to archive (``incomplete`` otherwise). Search dates are ``YYYY:MM:DD``; the number in
      ``Pager({size:N})`` is the number of result pages (0 with results: one page). Detail links are
      ``/cggg/{zygg|dfgg}/{channel}/YYYYMM/tYYYYMMDD_{id}.htm`` or the archive form ``/oldsearch/detail?docId={id}``;
      the id is the dedup key shared with ``ccgp_columns``. Attachments are listed by the parser in both forms
      (``ul.fjxx`` links, ``a.bizDownload`` uuids), not downloaded. Assumptions: the 1.4 kB throttle page's markup
      (only its title is evidenced); the delay that keeps bxsearch calm (clients use 2–10 s); detail pages on www
      answer the declared User-Agent (the 403s of §7.2 were seen on https://www and on channel lists); the
      attachment markup (no captured page has attachments).

    How to use
      1. ``tenders crawl ccgp --since 2026-11-01 --until 2026-11-29`` (``scrapy crawl ccgp -a since=… -a until=…``).
      2. ``-a bid_type=7`` restricts to one 公告类型 (bidType of SOURCES.md §4.1; 0 = all types).
      3. ``--base-url http://127.0.0.1:8123`` crawls the mirror (mirrors/ccgp); with plain ``scrapy crawl`` add
         ``-s TENDERWATCH_ALLOWED_HOSTS=127.0.0.1:8123 -s TENDERWATCH_SEARCH_DELAY=0.1``.
    """

    name = "ccgp"
    source = "ccgp"
    default_base_url = "http://search.ccgp.gov.cn"  # https answered 500/502 in 2026 (SOURCES.md §7.2)
    # bxsearch throttles from the second query of a burst (§7.2): one result page after another, in a slot of
    # their own; details flow through the shared frontier (tests/test_redis_workers.py)
    sequential_pages = True
    search_slot = SEARCH_SLOT

    def __init__(self, bid_type: str = "0", **kwargs):
        super().__init__(**kwargs)
        self.bid_type = str(bid_type)

    def search_key(self) -> str:
        return f"bxsearch {self.since}..{self.until} bidType={self.bid_type}"

    def search_url(self, page: int) -> str:
        return bxsearch_url(self.base_url, page, self.since, self.until, self.bid_type)

    def parse_listing(self, response):  # noqa: ANN001, ANN201
        return parse_bxsearch(response.url, response.text)

    def detail_id(self, url: str) -> str | None:
        return detail_id(url)
