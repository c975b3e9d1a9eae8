"""Scrapy project: one spider per source site. Spiders route; parsing lives in parsers/."""
