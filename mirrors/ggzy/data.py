"""The ggzy mirror's notices (deterministic, invented): ccgp-mirror copies, notices of every province (兵团 incl.)
in 政府采购 (02) and 工程建设 (01), and one busy day that only province → stage → city slicing can list whole.

A notice is a dict: ``id`` (36 hex digits, as the real ids), ``classify`` (01/02), ``stage`` (0201 …),
``province``/``provinceText``, ``city``/``cityText`` (GB/T 2260, see common/ggzy_areas.py), ``publishTime``
(YYYY-MM-DD) and ``time`` (HH:MM), ``title``, ``platform`` (信息来源), ``project_code``, ``project_name``,
``buyer``, ``agency``, ``method``, ``budget``/``award``/``supplier`` (yuan, strings or None), ``body`` — ``text``
(``div.detail_content``), ``table`` (``table.detail_Table``, as the captured 采购合同) or ``empty`` (an empty
``#mycontent``) — and ``ccgp_id`` for the copies of ccgp notices.
"""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta
from decimal import Decimal

from common.ggzy_areas import PROVINCE_CODES, city_codes, city_name, province_name
from common.regions import resolve

BUSY_DAY = "2026-11-18"
BUSY_PROVINCE = "430000"  # 湖南
HOT_CITY = "430100"  # 长沙: the city slice that stays saturated (GgzySite(hot=True) only)
STAGES = {"02": ("0201", "0202", "0203", "0204"), "01": ("0101", "0102", "0104", "0105")}
STAGE_TEXT = {"0201": "采购/资审公告", "0202": "中标公告", "0203": "采购合同", "0204": "更正事项",
              "0101": "招标/资审公告", "0102": "开标记录", "0104": "交易结果公示", "0105": "招标/资审文件澄清"}
BUSINESS = {"02": "政府采购", "01": "工程建设"}
_SUFFIX = {"0201": "公开招标公告", "0202": "中标（成交）结果公告", "0203": "合同公告", "0204": "更正公告",
           "0101": "招标公告", "0102": "开标记录", "0104": "中标结果公示", "0105": "招标文件澄清"}
_SUBJECTS_02 = ("政务信息化运维服务", "智慧社区管理平台", "数据中心机房改造", "视频监控设备采购", "电子政务外网升级",
                "办公设备采购", "校园网络设备", "医院信息系统", "档案数字化服务", "网络安全等级保护测评")
_SUBJECTS_01 = ("智慧城市EPC总承包", "信息化工程施工", "道路改造工程", "城市大脑新基建工程", "综合管廊智能化工程",
                "学校教学楼弱电工程", "水厂自动化改造工程", "园区智能化建设工程")


def notice_id(seed: str) -> str:
    return "00" + hashlib.sha1(seed.encode("utf-8")).hexdigest()[:34]


def _city_of(province: str, rng: random.Random) -> str | None:
    cities = city_codes(province)
    return rng.choice(cities) if cities else None


def _place(province: str, city: str | None) -> str:
    p = province_name(province)
    c = city_name(city) if city else None
    return p + (c or "") if c and not p.startswith(c) else p


def make_notice(i: int, classify: str, stage: str, province: str, city: str | None, day: str,
                rng: random.Random, body: str | None = None) -> dict:
    subject = rng.choice(_SUBJECTS_02 if classify == "02" else _SUBJECTS_01)
    place = _place(province, city)
    project_name = f"{place}第{i}号{subject}项目"
    budget = Decimal(rng.randrange(30, 9000)) * 10000
    if body is None:  # 政府采购 /b/ pages mostly have little or no body text, 工程建设 mostly do (§7.3)
        roll = rng.random()
        if classify == "02":
            body = "table" if stage in ("0202", "0203") and roll < 0.5 else "empty" if roll < 0.75 else "text"
        else:
            body = "empty" if roll < 0.3 else "text"
    award = stage in ("0202", "0203", "0104")
    return {
        "id": notice_id(f"ggzy-{i}-{classify}-{stage}-{province}-{day}"), "classify": classify, "stage": stage,
        "province": province, "provinceText": province_name(province), "city": city,
        "cityText": (city_name(city) if city and i % 3 == 0 else None),  # the API mostly leaves it null
        "publishTime": day, "time": f"{8 + i % 10:02d}:{(i * 7) % 60:02d}",
        "title": f"{project_name}{_SUFFIX[stage]}", "platform": f"{place}公共资源交易中心",
        "project_code": f"GGZY-{province[:2]}-{classify}-{i:05d}", "project_name": project_name,
        "buyer": f"{place}数据资源局" if classify == "02" else f"{place}城市建设投资有限公司",
        "agency": "某招标代理有限公司", "method": "公开招标", "budget": None if award else str(budget),
        "award": str(budget * Decimal("0.93")) if award else None,
        "supplier": "某信息技术有限公司" if award else None, "body": body,
    }


def ccgp_copies() -> list[dict]:
    """Every ccgp-mirror tender and award of 湖南 and 贵州, published here too (the same notice on two sources)."""
    from mirrors.ccgp.server import load_notices

    out = []
    for n in load_notices():
        if n["province"] not in ("湖南", "贵州") or n["kind"] not in ("tender", "award"):
            continue
        region = resolve(n["region"])
        province = region.code[:2] + "0000"
        city = region.code[:4] + "00" if region.level != "province" and region.code[:4] + "00" in city_codes(province) \
            else None
        stage = "0201" if n["kind"] == "tender" else "0202"
        place = _place(province, city)
        out.append({
            "id": notice_id(f"ccgp-{n['id']}"), "classify": "02", "stage": stage, "province": province,
            "provinceText": province_name(province), "city": city, "cityText": None,
            "publishTime": n["published"][:10], "time": n["published"][11:16], "title": n["title"],
            "platform": f"{place}公共资源交易中心", "project_code": n["project_code"],
            "project_name": n["project_name"], "buyer": n["buyer"], "agency": n["agency"], "method": n["method"],
            "budget": n["budget_cny"] if n["kind"] == "tender" else None, "award": n.get("award_cny"),
            "supplier": n.get("supplier"), "body": "text", "ccgp_id": str(n["id"]),
        })
    return out


def build_notices(hot: bool = False, busy_size: int = 1) -> list[dict]:
    """The mirror's notices. ``busy_size`` multiplies the busy day (1: enough for a lowered cap of 30; the real cap
    of 1000 needs about 40); ``hot`` adds a city slice that stays over a cap of 30 (the saturation test)."""
    rng = random.Random(4215)
    out = ccgp_copies()
    start = date(2026, 11, 2)
    i = 0
    for _ in range(170):  # the ordinary days: every province now and then, both business types, every stage
        i += 1
        province = PROVINCE_CODES[i % len(PROVINCE_CODES)]
        classify = "02" if i % 5 < 3 else "01"
        stage = STAGES[classify][rng.randrange(4)]
        day = (start + timedelta(days=rng.randrange(0, 27))).isoformat()
        if day == BUSY_DAY:
            day = "2026-11-19"
        out.append(make_notice(i, classify, stage, province, _city_of(province, rng), day, rng))
    cities = city_codes(BUSY_PROVINCE)
    busy = [("02", "0201", 72, cities[1:5]), ("02", "0202", 20, cities[1:3]), ("01", "0101", 45, cities[1:4]),
            ("01", "0104", 12, cities[2:3])]
    for classify, stage, count, where in busy:
        for k in range(count * busy_size):
            i += 1
            out.append(make_notice(i, classify, stage, BUSY_PROVINCE, where[k % len(where)], BUSY_DAY, rng))
    for k in range(14):  # the rest of the country on the busy day
        i += 1
        province = PROVINCE_CODES[(k * 5) % len(PROVINCE_CODES)]
        if province == BUSY_PROVINCE:
            continue
        classify = "02" if k % 2 else "01"
        out.append(make_notice(i, classify, STAGES[classify][k % 4], province, _city_of(province, rng), BUSY_DAY,
                               rng))
    if hot:
        for _ in range(35):
            i += 1
            out.append(make_notice(i, "02", "0201", BUSY_PROVINCE, HOT_CITY, BUSY_DAY, rng))
    return out
