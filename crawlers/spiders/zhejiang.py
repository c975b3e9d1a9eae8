"""浙江政府采购网 (政采云 platform)."""

from crawlers.base_spiders.zcy import ZcySpider


class ZhejiangSpider(ZcySpider):
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
    default_category = "ZcyAnnouncement"
