"""广东省政府采购网 (gpcms family)."""

from crawlers.base_spiders.gpcms import GpcmsSpider


class GuangdongSpider(GpcmsSpider):
    """Domain
      广东省政府采购网 gdgpo.czt.gd.gov.cn (gpcms JSON REST).
    Region
      广东省: province, cities and counties.
    Caveats
      Channel ids and request fields are the mirror's reading of the family (not established from stored pages).
    """

    name = "guangdong"
    source = "guangdong"
    default_base_url = "https://gdgpo.czt.gd.gov.cn"
    channels = ("fca71be5-fc0c-45db-96af-f513e9abda9d", "3b49b9ba-48b6-4220-9e8b-eb89f41e9d66")
