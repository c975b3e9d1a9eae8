"""Base spiders, one per access pattern (STYLE.md: Kingfisher Collect). A source is a small subclass."""

from crawlers.base_spiders.column_list import ColumnListSpider
from crawlers.base_spiders.gpcms import GpcmsSpider
from crawlers.base_spiders.json_api import JsonApiSpider
from crawlers.base_spiders.paged_search import PagedSearchSpider
from crawlers.base_spiders.tender import TenderSpider

__all__ = ["ColumnListSpider", "GpcmsSpider", "JsonApiSpider", "PagedSearchSpider", "TenderSpider"]
