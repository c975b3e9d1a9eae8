"""Parsers: one notice (HTML, JSON or text) → typed fields. Pure functions, no network.

``parse_notice(url, body, content_type)`` picks the layout from the URL (else guesses) and returns a dict
whose amounts are Decimal yuan and dates naive Beijing-time datetimes; ``warnings`` lists what was missing.
"""

from parsers.dispatch import PARSER_VERSION, parse_notice
