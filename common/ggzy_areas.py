"""The area codes of 全国公共资源交易平台's list API (DEAL_PROVINCE, DEAL_CITY), from the GB/T 2260 gazetteer.

Provinces: the 31 of the page's own ``provinceJson`` (captured dealList page) plus 660000 新疆生产建设兵团 (兵团),
which the gazetteer does not carry. Cities: the gazetteer's prefecture-level divisions of a province, plus its
county-level divisions directly under the province (省直辖县级行政区划 such as 仙桃市 429004); for the
municipalities, which have no prefecture level in the gazetteer, their districts. *(assumption: the site's
``area.js``, which lists the real DEAL_CITY values, is not captured; the codes follow GB/T 2260.)*
"""

from __future__ import annotations

from functools import lru_cache

from common.regions import divisions

# the order of the page's provinceJson; 660000 last, as there
PROVINCE_CODES = ("110000", "120000", "130000", "140000", "150000", "210000", "220000", "230000", "310000",
                  "320000", "330000", "340000", "350000", "360000", "370000", "410000", "420000", "430000",
                  "440000", "450000", "460000", "500000", "510000", "520000", "530000", "540000", "610000",
                  "620000", "630000", "640000", "650000", "660000")
BINGTUAN = "660000"


def province_name(code: str) -> str:
    if code == BINGTUAN:
        return "新疆生产建设兵团"
    return divisions()[code][0]


@lru_cache(maxsize=64)
def city_codes(province: str) -> tuple[str, ...]:
    """DEAL_CITY values under ``province`` (see the module docstring); empty for 兵团."""
    d = divisions()
    head = province[:2]
    cities = sorted(c for c, (_, level) in d.items() if c[:2] == head and level == "city")
    direct = sorted(c for c, (_, level) in d.items()
                    if c[:2] == head and level == "county" and f"{c[:4]}00" not in d)
    return tuple(cities + direct)


def city_name(code: str) -> str | None:
    hit = divisions().get(code)
    return hit[0] if hit else None
