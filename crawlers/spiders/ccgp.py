"""中国政府采购网 ccgp.gov.cn, through the ``bxsearch`` search over a publication-date window."""

from __future__ import annotations

from urllib.parse import urlencode

from crawlers.base_spiders import PagedSearchSpider
from parsers.ccgp_list import detail_id, parse_bxsearch


class CcgpSpider(PagedSearchSpider):
    """中国政府采购网 ccgp.gov.cn, through the ``bxsearch`` search over a publication-date window.

    Domain
      中国政府采购网 (China Government Procurement): search.ccgp.gov.cn/bxsearch, detail pages on www.ccgp.gov.cn.
    Region
      National: 中央公告 and 地方公告 of every province.
    Caveats
      The site answers bursts with a "访问过于频繁" page (status 200) and sets bot-check cookies; such a page is
      recognised, backed off and retried, never counted as "0 notices". Search dates are ``YYYY:MM:DD``. The
      number in ``Pager({size:N})`` is the number of result pages. Detail links are
      ``/cggg/{zygg|dfgg}/{channel}/YYYYMM/tYYYYMMDD_{id}.htm`` or the archive form
      ``/oldsearch/detail?docId={id}``; the id is the dedup key shared with ``ccgp_columns``. Attachments
      (.pdf/.doc) are listed by the parser, not downloaded. Evidenced (SOURCES.md §7.2): bxsearch over http (https
      answered 500/502 in 2026), throttling from the second query of a burst (met by back-off; one page at a time,
      ``sequential_pages``, starves a second shared-frontier worker and is off for now), links that may be empty or obfuscated with the real ones in ``var ohtmlurls`` (read in list
      order). Not yet done: the ``a.bizDownload`` attachment form.

    How to use
      1. ``tenders crawl ccgp --since 2026-11-01 --until 2026-11-29`` (``scrapy crawl ccgp -a since=… -a until=…``).
      2. ``-a bid_type=7`` restricts to one 公告类型 (bidType of SOURCES.md §4.1; 0 = all types).
      3. ``--base-url http://127.0.0.1:8123`` crawls the mirror (mirrors/ccgp).
    """

    name = "ccgp"
    source = "ccgp"
    default_base_url = "http://search.ccgp.gov.cn"  # https answered 500/502 in 2026 (SOURCES.md §7.2)
    # bxsearch throttles from the second query of a burst (§7.2), but chained pages starve a second worker on a
    # shared frontier (it goes idle before work arrives): sequential_pages stays off until that is solved
    sequential_pages = False

    def __init__(self, bid_type: str = "0", **kwargs):
        super().__init__(**kwargs)
        self.bid_type = str(bid_type)

    def search_url(self, page: int) -> str:
        params = {
            "searchtype": "1", "page_index": str(page), "bidSort": "0", "buyerName": "", "projectId": "",
            "pinMu": "0", "bidType": self.bid_type, "dbselect": "bidx", "kw": "",
            "start_time": self.since.strftime("%Y:%m:%d"), "end_time": self.until.strftime("%Y:%m:%d"),
            "timeType": "6", "displayZone": "", "zoneId": "", "pppStatus": "0", "agentName": "",
        }
        return f"{self.base_url}/bxsearch?{urlencode(params)}"

    def parse_listing(self, response):  # noqa: ANN001, ANN201
        return parse_bxsearch(response.url, response.text)

    def detail_id(self, url: str) -> str | None:
        return detail_id(url)
