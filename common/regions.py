"""China's administrative divisions (GB/T 2260 codes) from a maintained package's data: cpca's adcodes.csv.

``resolve(text)`` finds the most specific division a region field or a buyer name names: a county (区/县/
县级市) when its name is there, else a city, else a province. A county name that exists in several provinces
(朝阳区) needs its city or province in the text too; otherwise the answer stays at the level that is certain.
"""

from __future__ import annotations

import csv
import importlib.util
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

SUFFIXES = ("特别行政区", "维吾尔自治区", "壮族自治区", "回族自治区", "自治区", "自治州", "地区", "省", "市", "盟")


@dataclass(frozen=True)
class Region:
    code: str  # six digits, GB/T 2260
    name: str
    level: str  # province | city | county
    province: str | None = None
    city: str | None = None

    def as_dict(self) -> dict:
        return {"code": self.code, "name": self.name, "level": self.level, "province": self.province,
                "city": self.city}


def _data_file() -> Path:
    spec = importlib.util.find_spec("cpca")  # read the data without importing the package (and its matcher)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the cpca package (GB/T 2260 data) is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "resources" / "adcodes.csv"


@lru_cache(maxsize=1)
def divisions() -> dict[str, tuple[str, str]]:
    """code → (name, level)."""
    out: dict[str, tuple[str, str]] = {}
    with open(_data_file(), encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            code, name = row["adcode"][:6], row["name"].strip()
            if not name or name in ("市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"):
                continue
            level = "province" if code.endswith("0000") else "city" if code.endswith("00") else "county"
            out[code] = (name, level)
    return out


def _short(name: str) -> str:
    for suffix in SUFFIXES:
        if name.endswith(suffix) and len(name) - len(suffix) >= 2:
            return name[: -len(suffix)]
    return name


@lru_cache(maxsize=1)
def _index() -> list[tuple[str, str, bool]]:
    """(name as it may appear, code), longest names first; provinces and cities also by their short names."""
    pairs = []
    for code, (name, level) in divisions().items():
        pairs.append((name, code, False))
        if level in ("province", "city"):
            short = _short(name)
            if short != name:
                pairs.append((short, code, True))
    return sorted(pairs, key=lambda p: -len(p[0]))


_NOT_AFTER_SHORT = set("区县镇乡街路村旗")  # 朝阳区 is not 朝阳市


@lru_cache(maxsize=1)
def _by_prefix() -> dict[str, list[tuple[str, str, bool]]]:
    """Names by their first two characters (every division name has at least two)."""
    out: dict[str, list[tuple[str, str, bool]]] = {}
    for entry in _index():
        if len(entry[0]) >= 2:
            out.setdefault(entry[0][:2], []).append(entry)
    return out


_COUNTY_SUFFIXES = ("土家族苗族自治县", "土家族自治县", "苗族自治县", "侗族自治县", "彝族自治县", "回族自治县", "藏族自治县",
                    "满族自治县", "瑶族自治县", "自治县", "县", "市")


@lru_cache(maxsize=1)
def _county_shorts() -> dict[str, list[str]]:
    """Short names of counties and county-level cities (宜都市 → 宜都, 长阳土家族自治县 → 长阳); 市辖区 have none
    (城区, 新建 … are words). Used only when a text names no division in full."""
    out: dict[str, list[str]] = {}
    city_shorts = {_short(n) for n, lv in divisions().values() if lv in ("city", "province")}
    for code, (name, level) in divisions().items():
        if level != "county" or name.endswith("区") or name[:2] in city_shorts:
            continue  # 九江县 by "九江" would steal 九江分公司 from 九江市
        for suffix in _COUNTY_SUFFIXES:
            if name.endswith(suffix) and len(name) - len(suffix) >= 2:
                out.setdefault(name[: -len(suffix)], []).append(code)
                break
    return out


def resolve_short_county(text: str | None, within: Region | None = None) -> Region | None:
    """A county named by its short name (枝江AI数智政务项目 → 枝江市), when exactly one county has that short name,
    the name is not followed by 区/县/镇… (then it is another division's name) and, when ``within`` is given (the
    notice's region), the county lies inside it: 通道工程 in a 宜昌 notice is not 通道侗族自治县."""
    if not text:
        return None
    shorts = _county_shorts()
    hits: dict[str, int] = {}
    for at in range(len(text) - 1):
        for n in (3, 2):
            name = text[at:at + n]
            codes = shorts.get(name)
            after = text[at + n: at + n + 1]
            if codes and len(codes) == 1 and (after not in _NOT_AFTER_SHORT | {"市", "省", "州"} or (
                    after == "县" and divisions()[codes[0]][0].endswith("自治县"))):  # 五峰县 = 五峰土家族自治县
                if within is None or codes[0].startswith(within.code.rstrip("0")[: 4 if within.level != "province" else 2]):
                    hits.setdefault(codes[0], at)
    if not hits:
        return None
    code = min(hits, key=hits.get)
    name, level = divisions()[code]
    province, city = _parents(code)
    return Region(code, name, level, province, city)


_NOT_AFTER_DISTRICT = _NOT_AFTER_SHORT | set("峡山湖江河路街桥港岛湾园城门")  # 西陵峡 is a gorge, not 西陵区


def resolve_district(city: Region, text: str | None) -> Region | None:
    """A district of ``city`` named by its short name in ``text`` (深圳市公安局龙岗分局 → 龙岗区, 南京市浦口人民医院
    → 浦口区). Only inside a known city, where short district names are few and distinct."""
    if not text or city.level != "city":
        return None
    prefix = city.code[:4]
    for code, (name, level) in divisions().items():
        if level != "county" or not code.startswith(prefix) or len(name) < 3:
            continue
        short = name[:-1]
        if name.endswith("市"):
            # a county-level city made a district after the gazetteer's edition (奉化市 → 奉化区, 2016): the same
            # county level under its new name
            if short + "区" in text:
                province, parent = _parents(code)
                return Region(code, short + "区", level, province, parent)
            continue
        if not name.endswith("区"):
            continue
        at = text.find(short)
        while at != -1:
            if text[at + len(short): at + len(short) + 1] not in _NOT_AFTER_DISTRICT:
                province, parent = _parents(code)
                return Region(code, name, level, province, parent)
            at = text.find(short, at + 1)
    return None


def _parents(code: str) -> tuple[str | None, str | None]:
    d = divisions()
    province = d.get(code[:2] + "0000", (None,))[0]
    city = d.get(code[:4] + "00", (None,))[0] if not code.endswith("00") else None
    return province, city


def resolve(*texts: str | None) -> Region | None:
    text = "".join(t for t in texts if t)
    if not text:
        return None
    found: dict[str, int] = {}  # code → earliest position
    by_prefix = _by_prefix()
    for at in range(len(text) - 1):
        for name, code, short in by_prefix.get(text[at:at + 2], ()):
            if text.startswith(name, at) and not (short and text[at + len(name): at + len(name) + 1]
                                                  in _NOT_AFTER_SHORT):
                found.setdefault(code, at)
    if not found:
        return None
    provinces = {c[:2] for c in found if c.endswith("0000")}
    cities = {c[:4] for c in found if c.endswith("00") and not c.endswith("0000")}

    def score(code: str) -> tuple[int, int, int]:
        level = 2 if not code.endswith("00") else 1 if not code.endswith("0000") else 0
        support = (code[:2] in provinces) + (code[:4] in cities)
        return level, support, -found[code]

    counties = [c for c in found if not c.endswith("00")]
    best_county = sorted(counties, key=score, reverse=True)
    choice = None
    if best_county:
        top = best_county[0]
        same_name = [c for c in counties if divisions()[c][0] == divisions()[top][0]]
        outside = score(top)[1] == 0 and (provinces or cities)
        # a county of another province than the one named is a coincidence of characters (宁波市慈城古县城 is no 古县)
        if (len(same_name) == 1 and not outside) or score(top)[1] > 0:
            choice = top
    if choice is None:
        city_codes = [c for c in found if c.endswith("00") and not c.endswith("0000")]
        if city_codes:
            choice = sorted(city_codes, key=lambda c: ((c[:2] in provinces), -found[c]), reverse=True)[0]
        elif provinces:
            choice = min((c for c in found if c.endswith("0000")), key=lambda c: found[c])
        else:
            return None  # only a county name that several provinces have
    name, level = divisions()[choice]
    province, city = _parents(choice)
    return Region(choice, name, level, province if level != "province" else name, city)


MUNICIPALITIES = ("11", "12", "31", "50")  # 北京 天津 上海 重庆


def prefix_name(code: str, digits: int) -> str:
    """The division a code's first ``digits`` digits name (2: the province, 4: the city): 43 → 湖南省, 4301 → 长沙市,
    1101 → 北京市 (a municipality's own city, 市辖区), 4190 → 河南省直辖县级; the padded code when none is known."""
    full = code[:digits].ljust(6, "0")
    if full in divisions():
        return divisions()[full][0]
    province = divisions().get(full[:2] + "0000", (None, ""))[0]
    if digits == 4 and province:
        return province if full[:2] in MUNICIPALITIES else f"{province}直辖县级"
    return full
