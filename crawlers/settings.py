"""Scrapy settings. Only what differs from Scrapy's defaults, with the reason.

Polite by default for the real sites; ``tenders crawl`` relaxes the delays for a mirror on 127.0.0.1.
"""

BOT_NAME = "tenderwatch"
SPIDER_MODULES = ["crawlers.spiders"]
NEWSPIDER_MODULE = "crawlers.spiders"

# Identify ourselves honestly; the government sites are public but not ours to hammer.
USER_AGENT = "tenderwatch/0.1 (+https://github.com/tenderwatch/tenderwatch; procurement market research)"
ROBOTSTXT_OBEY = True

# One request at a time per site, a few seconds apart, adapting to the server's latency.
CONCURRENT_REQUESTS_PER_DOMAIN = 1
DOWNLOAD_DELAY = 3
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 3
AUTOTHROTTLE_MAX_DELAY = 60
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0

# Items (notices) per response are few (≤ 20 list rows); Scrapy's default of 100 parallel item workers per
# response only costs asyncio tasks.
CONCURRENT_ITEMS = 16

# Government sites answer slowly and flake; retry, including on throttling.
RETRY_ENABLED = True
RETRY_TIMES = 3
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DOWNLOAD_TIMEOUT = 60

# A notice page is tens of KB; refuse absurd bodies (and decompression bombs) early.
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024

COOKIES_ENABLED = True  # ccgp sets bot-check cookies (HOY_TR, HBB_HC)
TELNETCONSOLE_ENABLED = False

DOWNLOADER_MIDDLEWARES = {
    # before everything that sends a request (and after RedirectMiddleware builds the next hop)
    "crawlers.middlewares.PrivateAddressMiddleware": 50,
    # sees responses before RetryMiddleware (550): backs off the slot, then retry happens
    "crawlers.middlewares.BlockPageMiddleware": 560,
}
# Back-off on throttling: the slot's delay doubles from START up to MAX seconds.
TENDERWATCH_BACKOFF_START = 10.0
TENDERWATCH_BACKOFF_MAX = 300.0
TENDERWATCH_BLOCK_RETRIES = 5
TENDERWATCH_ALLOWED_HOSTS: list[str] = []  # host:port allowed although private (a local mirror)

ITEM_PIPELINES = {
    "crawlers.pipelines.ArchivePipeline": 100,
}

LOG_LEVEL = "WARNING"
FEED_EXPORT_ENCODING = "utf-8"
