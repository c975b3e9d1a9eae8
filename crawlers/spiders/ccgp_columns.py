"""中国政府采购网 ccgp.gov.cn, through the channel lists ``/cggg/{zygg|dfgg}/{channel}/index_N.htm``."""

from __future__ import annotations

from crawlers.base_spiders import ColumnListSpider
from parsers.ccgp_list import detail_id, parse_channel_list

CHANNELS = ("gkzb", "xjgg", "jzxtpgg", "jzxcs", "dylygg", "zgysgg", "zbgg", "cjgg", "gzgg", "fblbgg", "qtgg")


class CcgpColumnsSpider(ColumnListSpider):
    """中国政府采购网 ccgp.gov.cn, through the channel lists ``/cggg/{zygg|dfgg}/{channel}/index_N.htm``.

    Domain
      中国政府采购网: www.ccgp.gov.cn/cggg/zygg/ (中央公告) and /cggg/dfgg/ (地方公告), newest first.
    Region
      National.
    Caveats
      Page 2 of a channel is ``index_1.htm`` (TRS convention); ``Pager({size:N})`` gives the page count. The link
      text is cut with "…": the title comes from ``a[title]``. Channel codes are the confirmed ones of
      SOURCES.md §4.2 (the 邀请招标 and 采购意向 channel codes were not established and are not listed). Shares
      the source key ``ccgp`` with the search spider, so a notice found by both is stored once.

    How to use
      1. ``tenders crawl ccgp_columns --since 2026-11-20`` walks every channel back to ``since``.
      2. ``-a columns=/cggg/dfgg/zbgg/,/cggg/zygg/zbgg/`` limits the walk to some channels.
    """

    name = "ccgp_columns"
    source = "ccgp"
    default_base_url = "http://www.ccgp.gov.cn"  # https://www. answered 403 to declared clients (SOURCES.md §7.2)
    columns = tuple(f"/cggg/{scope}/{channel}/" for scope in ("zygg", "dfgg") for channel in CHANNELS)

    def __init__(self, columns: str | None = None, **kwargs):
        super().__init__(**kwargs)
        if columns:
            self.columns = tuple(c.strip() for c in columns.split(",") if c.strip())

    def parse_listing(self, response):  # noqa: ANN001, ANN201
        return parse_channel_list(response.url, response.text)

    def detail_id(self, url: str) -> str | None:
        return detail_id(url)
