"""One parametrised test over every spider: documented (Domain, Region, Caveats), sourced, pointed at its site."""

import re

import pytest

from crawlers.base_spiders import TenderSpider
from crawlers.runner import spider_class, spider_names

NAMES = spider_names()


def test_spiders_are_found():
    assert {"ccgp", "ccgp_columns", "ggzy"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_spider_is_documented_and_configured(name):
    cls = spider_class(name)
    assert issubclass(cls, TenderSpider)
    doc = cls.__doc__ or ""
    for section in ("Domain", "Region", "Caveats"):
        assert re.search(rf"^\s*{section}\s*$", doc, re.M), f"{name}: docstring lacks a {section} section"
    assert cls.source, f"{name}: no source key"
    assert cls.default_base_url.startswith("https://") or cls.default_base_url.startswith("http://")


def test_a_spider_without_docstring_sections_fails():
    """The check above can fail: a bare spider does not pass it."""
    class Bare(TenderSpider):
        """Crawls something."""
        name = "bare"

    doc = Bare.__doc__
    assert not all(re.search(rf"^\s*{s}\s*$", doc, re.M) for s in ("Domain", "Region", "Caveats"))


@pytest.mark.parametrize("module", ["paged_search", "column_list", "json_api", "tender"])
def test_base_spiders_have_numbered_how_to(module):
    import importlib

    doc = importlib.import_module(f"crawlers.base_spiders.{module}").__doc__
    assert "How to use" in doc and re.search(r"^\s*1\. ", doc, re.M) and re.search(r"^\s*2\. ", doc, re.M)
