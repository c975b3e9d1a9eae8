"""四川政府采购网 www.ccgp-sichuan.gov.cn (gpcms family): its list wants an image captcha, so a run stops there."""

from crawlers.base_spiders.gpcms import AWARD, INTENT, TENDER, GpcmsSpider


class SichuanSpider(GpcmsSpider):
    """四川政府采购网 (gpcms): the list asks for a one-time image verify code, which is never solved.

    Domain
      四川政府采购网 www.ccgp-sichuan.gov.cn: GET /gpcms/rest/web/v2/info/selectInfoMoreChannel (list) and
      /gpcms/rest/web/v2/info/getInfoById (detail JSON).
    Region
      四川省: province, cities and counties (no regionCode is sent).
    Caveats
      Evidenced (SOURCES.md §7.4, several clients): siteId 94c965cc-… (it "changes now and then"; resolvable by
      index/getDeploymentSiteId, not done here), channel c5bff13f-…; the list wants a one-time verifyCode from
      index/getVerify (an image captcha) and some clients add signature headers. The spider never solves the
      captcha nor signs requests: a list answer asking for the 验证码 ends the run with status ``captcha`` (exit
      1) and nothing is archived; the source stays uncovered until the site offers another way. Assumed: the
      shape of that answer (a JSON ``code`` other than "200" whose msg names the 验证码, HTTP 200), the error JSON
      {"code":"500","msg":"系统异常"} and the envelope; the notice types 00101/00102/59 as on 广东; that the site
      accepts the project's own User-Agent (no firewall is reported).
    """

    name = "sichuan"
    source = "sichuan"
    default_base_url = "https://www.ccgp-sichuan.gov.cn"
    site_id = "94c965cc-c55d-4f92-8469-d5875c68bd04"
    channels = ("c5bff13f-21ca-4dac-b158-cb40accd3035",)
    notice_types = (TENDER, AWARD, INTENT)
