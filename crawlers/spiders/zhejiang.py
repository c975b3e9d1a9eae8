"""浙江政府采购网 (政采云 platform)."""

from crawlers.base_spiders.zcy import ZcySpider


class ZhejiangSpider(ZcySpider):
    """Domain
      浙江政府采购网 zfcg.czt.zj.gov.cn, on the 政采云 (zcygov) platform.
    Region
      浙江省: province, cities and counties.
    Caveats
      evidenced (SOURCES.md §7.5, several clients): the list page ``/site/category?parentId=600007&childrenCode=…``
      renders from ``POST /portal/category`` (``pageNo, pageSize, categoryCode, isGov, excludeDistrictPrefix,
      _t``); the codes 110-600268 采购意向公开, 110-684034 招标公告, 110-900461 采购结果公告; a notice is
      ``/portal/detail?articleId=<URL-encoded>&timestamp=<s>`` (articleIds carry ``+ / =``); in 2026 an Aliyun WAF
      JavaScript challenge (HTTP 200) stands before non-browser clients and the front end signs its calls
      (X-Timestamp, X-Nonce, X-Sign, X-Sign-Version; two clients, 2026-06/08). So the crawl runs in Chromium: the
      page passes the challenge and signs its own calls; the spider only reads the answers and clicks the pager,
      and never re-implements the signature.
      assumption: the rendered DOM is undocumented, so the spider depends on it as little as possible: only the
      pager's ``button.btn-next`` / ``button.btn-prev`` (element-ui's names) are clicked, rows are read from the
      JSON; the page sends no ``publishDateBegin``, so the window is honoured by paging newest first and stopping
      at the first page that ends before ``--since`` (a window far back pages through everything since, at most
      300 pages per category, then the run is ``incomplete``); ``result.data.total`` counts the whole category, so
      the accounting is per category over the in-window rows the list showed; the error answer is
      ``{"success":false,…}`` with HTTP 200 (treated like a block: retried, then the run is ``blocked``); the
      browser sends Chromium's own headers (a desktop-browser session is what the WAF lets through).
      The notice is the raw ``/portal/detail`` JSON; 采购意向公开 is stored as its own notice type, ahead of the
      project's 招标公告.

    How to use
      1. ``tenders crawl zhejiang --since 2026-11-01`` (needs ``apt-get install chromium``; one page at a time).
      2. ``-a category=110-600268`` crawls one category (comma-separated: several).
    """

    name = "zhejiang"
    source = "zhejiang"
    default_base_url = "https://zfcg.czt.zj.gov.cn"
    categories = {"110-600268": "采购意向公开", "110-684034": "招标公告", "110-900461": "采购结果公告"}
