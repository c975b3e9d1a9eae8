"""广东省政府采购网 gdgpo.czt.gd.gov.cn (gpcms family): 采购公告, 结果公告 and 采购意向 of the whole province."""

from crawlers.base_spiders.gpcms import AWARD, BROWSER_UA, INTENT, TENDER, GpcmsSpider


class GuangdongSpider(GpcmsSpider):
    """广东省政府采购网 (gpcms): 采购公告, 结果公告 and 采购意向 of the whole province, by week and notice type.

    Domain
      广东省政府采购网 gdgpo.czt.gd.gov.cn: GET /gpcms/rest/web/v2/info/selectInfoMoreChannel (list) and
      /gpcms/rest/web/v2/info/getInfoById (detail JSON, content HTML and attchList).
    Region
      广东省: province-level buyers (regionCode 440001) and every city and county (no regionCode is sent).
    Caveats
      Evidenced (SOURCES.md §7.4, several clients 2026-07/08): the list is a GET with query parameters (siteId
      cd64e06a-…, the three channel ids comma-separated, noticeType 00101 采购公告 / 00102 结果公告 / 59 采购意向,
      currPage, pageSize, operationStartTime/operationEndTime, selectTimeName=noticeTime, _t); ``code`` is the
      string "200"; the cookie regionCode=440001; no signature or captcha; structured award fields are empty
      (winners only in the content's table); the firewall answers 403 to User-Agents that declare a crawler,
      robots.txt included, so this spider alone sends a current desktop-browser User-Agent (custom_settings).
      Assumed (no gpcms answer was ever captured): the response envelope and the error JSON
      ({"code":"500","msg":"系统异常"} with HTTP 200, as §7.1 saw on gpcms) and which answers get it; the Referer
      (the site root); how deep a query pages (result_cap 5000, then split by day and channel); that an intent
      names one project (title, buyer, budget in its table) so it links to the tender that follows. 采购意向 are
      stored as 采购意向公开.
    """

    name = "guangdong"
    source = "guangdong"
    default_base_url = "https://gdgpo.czt.gd.gov.cn"
    site_id = "cd64e06a-21a7-4620-aebc-0576bab7e07a"
    channels = ("fca71be5-fc0c-45db-96af-f513e9abda9d", "95ff31f3-a1af-4bc4-b1a2-54c894476193",
                "3b49b9ba-48b6-4220-9e8b-eb89f41e9d66")
    notice_types = (TENDER, AWARD, INTENT)
    cookies = {"regionCode": "440001"}
    custom_settings = {"USER_AGENT": BROWSER_UA}  # the firewall 403s declared crawlers (SOURCES.md §7.1, §7.4)
