"""Generate notices.json, the data file the ccgp mirror serves (run once; the output is committed).

    python mirrors/ccgp/make_data.py > mirrors/ccgp/notices.json

Each project yields a 公开招标公告 and, when its award date has passed, a 中标公告. ``truth`` holds
the labels a careful reader gives each notice (classify/GUIDELINES.md once written); tests compute
expected report figures from this file independently of the pipeline.
"""

from __future__ import annotations

import json
import random
import re
import sys
from datetime import datetime, timedelta
from decimal import Decimal

RNG = random.Random(2026_11_29)  # build() reseeds it
LAST_DAY = datetime(2026, 11, 29, 23, 59)

# (project stem, buyer, 行政区域, province short, level, categories, delivery model, relevant, 品目, 万元 range)
PROJECTS = [
    ("城市大脑（一期）建设项目", "杭州市余杭区数据资源管理局", "浙江省杭州市余杭区", "浙江", "区县级", ["系统/场景"], "其他", True, "信息技术服务", (800, 3000)),
    ("政务云服务（2027年度）采购项目", "浙江省大数据发展管理局", "浙江省", "浙江", "省级", ["基础设施"], "政府购买服务", True, "云计算服务", (2000, 9000)),
    ("公共数据共享交换平台建设项目", "长沙市数据资源管理局", "湖南省长沙市", "湖南", "地市级", ["数据"], "其他", True, "软件开发服务", (300, 1500)),
    ("网络安全运营中心（SOC）运营服务项目", "广东省政务服务和数据管理局", "广东省", "广东", "省级", ["安全"], "政府购买服务", True, "信息系统集成实施服务", (500, 2400)),
    ("新型智慧城市一期建设项目（EPC）", "鹤壁市行政审批和政务信息管理局", "河南省鹤壁市", "河南", "地市级", ["综合"], "EPC", True, "信息系统集成实施服务", (15000, 48000)),
    ("新型智慧城市建设PPP项目", "湄潭县人民政府", "贵州省遵义市湄潭县", "贵州", "区县级", ["综合"], "PPP", True, "其他服务", (30000, 120000)),
    ("网络安全等级保护测评服务项目", "四川省公安厅", "四川省", "四川", "省级", ["安全"], "其他", True, "信息技术服务", (60, 300)),
    ("一网通办政务服务平台升级改造项目", "长沙经济技术开发区管理委员会", "湖南省长沙市长沙县", "湖南", "新区或开发区", ["系统/场景"], "其他", True, "软件开发服务", (200, 900)),
    ("雪亮工程视频监控系统建设项目", "江西省赣州市公安局", "江西省赣州市", "江西", "地市级", ["系统/场景"], "其他", True, "安全技术防范系统", (1500, 6000)),
    ("电子政务外网升级改造项目", "成都市武侯区政务服务管理和网络理政办公室", "四川省成都市武侯区", "四川", "区县级", ["基础设施"], "其他", True, "网络设备", (150, 700)),
    ("公共数据授权运营平台建设项目", "济南市大数据局", "山东省济南市", "山东", "地市级", ["数据"], "其他", True, "软件开发服务", (400, 1800)),
    ("统计数据治理服务（2027年度）项目", "国家统计局", "北京市", "北京", "中央", ["数据"], "政府购买服务", True, "数据处理服务", (200, 800)),
    ("政务数据中心机房改造项目", "海关总署", "北京市", "北京", "中央", ["基础设施"], "其他", True, "机房工程", (600, 2600)),
    ("商用密码应用安全性评估服务项目", "苏州工业园区管理委员会", "江苏省苏州市", "江苏", "新区或开发区", ["安全"], "其他", True, "信息技术服务", (40, 160)),
    ("市民云App运营服务项目", "宁波市大数据发展管理局", "浙江省宁波市", "浙江", "地市级", ["系统/场景"], "政府购买服务", True, "运营服务", (300, 1200)),
    ("智慧交通信号控制系统建设项目", "合肥高新技术产业开发区管理委员会", "安徽省合肥市", "安徽", "新区或开发区", ["系统/场景"], "其他", True, "交通管理系统", (500, 2000)),
    ("物联网感知平台建设项目", "河北雄安新区管理委员会", "河北省雄安新区", "河北", "新区或开发区", ["基础设施"], "其他", True, "物联网设备", (1000, 5000)),
    ("城市运行管理服务平台建设项目", "宜昌市城市管理执法委员会", "湖北省宜昌市", "湖北", "地市级", ["系统/场景"], "其他", True, "软件开发服务", (400, 1600)),
    ("数字乡村综合服务平台建设项目", "湄潭县农业农村局", "贵州省遵义市湄潭县", "贵州", "区县级", ["系统/场景"], "其他", True, "软件开发服务", (100, 500)),
    ("政务信息系统运维服务（2027年度）项目", "湖南省人民政府办公厅", "湖南省", "湖南", "省级", ["基础设施"], "政府购买服务", True, "运行维护服务", (300, 1100)),
    ("智慧城市时空大数据平台建设项目", "株洲市自然资源和规划局", "湖南省株洲市", "湖南", "地市级", ["数据"], "其他", True, "地理信息系统", (300, 1300)),
    ("新型智慧城市建设运营PPP项目", "长沙县大数据中心", "湖南省长沙市长沙县", "湖南", "区县级", ["综合"], "PPP", True, "其他服务", (20000, 80000)),
    ("数字政府一体化安全运营服务项目", "贵州省大数据发展管理局", "贵州省", "贵州", "省级", ["安全"], "政府购买服务", True, "信息安全服务", (800, 3000)),
    ("智慧城管系统工程总承包（EPC）项目", "赣州经济技术开发区管理委员会", "江西省赣州市", "江西", "新区或开发区", ["系统/场景"], "EPC", True, "信息系统集成实施服务", (2000, 8000)),
    ("<script>alert('xss')</script>智慧停车管理系统采购项目", "宜昌市城市管理执法委员会", "湖北省宜昌市", "湖北", "地市级", ["系统/场景"], "其他", True, "软件开发服务", (200, 900)),
    # unrelated purchases
    ("办公家具采购项目", "长沙市天心区教育局", "湖南省长沙市天心区", "湖南", "区县级", [], "其他", False, "家具", (30, 200)),
    ("彩色多普勒超声诊断仪采购项目", "四川省人民医院", "四川省成都市", "四川", "省级", [], "其他", False, "医疗设备", (200, 900)),
    ("机关食堂餐饮服务采购项目", "宜昌市机关事务服务中心", "湖北省宜昌市", "湖北", "地市级", [], "政府购买服务", False, "餐饮服务", (100, 400)),
    ("农村公路养护维修工程", "湄潭县交通运输局", "贵州省遵义市湄潭县", "贵州", "区县级", [], "其他", False, "公路工程", (300, 1500)),
    ("物业管理服务项目", "国家图书馆", "北京市", "北京", "中央", [], "政府购买服务", False, "物业管理服务", (300, 1200)),
    ("学生校服采购项目", "成都市武侯区教育局", "四川省成都市武侯区", "四川", "区县级", [], "其他", False, "服装", (50, 300)),
    ("医用耗材采购项目", "株洲市中心医院", "湖南省株洲市", "湖南", "地市级", [], "其他", False, "医用耗材", (100, 600)),
    ("园区绿化养护服务项目", "合肥高新技术产业开发区管理委员会", "安徽省合肥市", "安徽", "新区或开发区", [], "政府购买服务", False, "绿化服务", (80, 300)),
    ("执法执勤用车采购项目", "湖南省公安厅", "湖南省", "湖南", "省级", [], "其他", False, "乘用车", (200, 800)),
    ("智慧物流园10KV配电工程", "赣州经济技术开发区管理委员会", "江西省赣州市", "江西", "新区或开发区", [], "其他", False, "电力工程", (300, 1000)),
    ("档案密集架采购项目", "济南市大数据局", "山东省济南市", "山东", "地市级", [], "其他", False, "家具", (20, 90)),
]

AGENCIES = [
    ("浙江省成套招标代理有限公司", "杭州市西湖区文三路90号"),
    ("湖南省招标有限责任公司", "长沙市芙蓉区五一大道351号"),
    ("广东省机电设备招标中心有限公司", "广州市越秀区东风中路437号"),
    ("中化商务有限公司", "北京市西城区复兴门内大街28号"),
    ("江西省机电设备招标有限公司", "南昌市东湖区北京西路88号"),
    ("四川省国际招标有限责任公司", "成都市青羊区人民南路一段86号"),
    ("中国远东国际招标有限公司", "北京市海淀区西直门北大街32号"),
]
SUPPLIERS = [
    "华信智城科技有限公司", "星城数字技术股份有限公司", "中科云图信息技术有限公司", "江南数据服务有限公司",
    "天衡网络安全技术有限公司", "西部数智集团有限公司", "楚天城市运营管理有限公司", "博远家具制造有限公司",
    "康宁医疗器械有限公司", "众安物业服务集团有限公司", "长江建设工程有限公司", "北辰汽车销售服务有限公司",
]
CODE_PREFIX = {"浙江": "ZJCT", "湖南": "HNZB", "广东": "GDJD", "北京": "ZHSW", "江西": "JXJD", "四川": "SCGJ",
               "河南": "HNYZ", "贵州": "GZZC", "江苏": "JSZC", "安徽": "AHZC", "河北": "HBZC", "山东": "SDZC",
               "湖北": "HBYC"}
CN_DIGITS = "零壹贰叁肆伍陆柒捌玖"


def daxie(amount: Decimal) -> str:
    """Capital numerals for an amount in yuan (used in a share of the bodies, as real notices do)."""
    units = ["", "拾", "佰", "仟"]
    big = ["", "万", "亿"]
    yuan = int(amount)
    jiao_fen = int((amount - yuan) * 100)
    out = ""
    groups = []
    while yuan:
        groups.append(yuan % 10000)
        yuan //= 10000
    for gi in range(len(groups) - 1, -1, -1):
        g = groups[gi]
        if g == 0:
            if out and not out.endswith("零"):
                out += "零"
            continue
        s = ""
        zero = False
        for pos in range(3, -1, -1):
            d = g // (10 ** pos) % 10
            if d == 0:
                zero = bool(s)
            else:
                if zero:
                    s += "零"
                    zero = False
                s += CN_DIGITS[d] + units[pos]
        if out and g < 1000 and not out.endswith("零"):
            out += "零"
        out += s + big[gi]
    out = out.rstrip("零") + "元"
    if jiao_fen == 0:
        return out + "整"
    jiao, fen = divmod(jiao_fen, 10)
    if jiao:
        out += CN_DIGITS[jiao] + "角"
    if fen:
        out += CN_DIGITS[fen] + "分"
    return out


# method → (tender channel, its 公告类型 label, award channel, its label)
METHOD_CHANNELS = {
    "公开招标": ("gkzb", "公开招标公告", "zbgg", "中标公告"),
    "竞争性磋商": ("jzxcs", "竞争性磋商公告", "cjgg", "成交公告"),
    "单一来源": ("dylygg", "单一来源公示", "cjgg", "成交公告"),
    "竞争性谈判": ("jzxtpgg", "竞争性谈判公告", "cjgg", "成交公告"),
    "询价": ("xjgg", "询价公告", "cjgg", "成交公告"),
    "邀请招标": ("yqzbgg", "邀请招标公告", "zbgg", "中标公告"),  # the 12th channel (SOURCES.md §7.2)
}
OTHER_CHANNELS = {"correction": ("gzgg", "更正公告"), "termination": ("fblbgg", "终止公告"),
                  "contract": ("qtgg", "合同公告")}


CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def credit_code(name: str) -> str:
    """A valid 统一社会信用代码 (GB 32100-2015 check digit) made from the name, the same for every notice."""
    import hashlib

    digest = hashlib.sha1(name.encode("utf-8")).digest()
    body = "9143" + "".join(str(b % 10) for b in digest[:4]) + "".join(CODE_CHARS[b % 31] for b in digest[4:13])
    weights = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
    total = sum(CODE_CHARS.index(c) * w for c, w in zip(body, weights))
    return body + CODE_CHARS[(31 - total % 31) % 31]


FULL_WIDTH = str.maketrans({c: chr(ord(c) + 0xFEE0) for c in "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-"})


def shown_variants(n: dict, i: int) -> None:
    """How a notice shows its project code and supplier when it does not repeat them exactly, as real notices
    do: codes in full-width or without separators, codes left out (a 合同公告, 更正 or 终止 that names the project
    only), suppliers by a short name, a branch or a stray space. ``project_code`` and ``supplier`` stay the truth:
    the project and the organisation; ``code_shown`` / ``supplier_shown`` are what the page prints."""
    kind, code = n["kind"], n["project_code"]
    if kind == "award" and i % 6 == 1:
        n["code_shown"] = code.translate(FULL_WIDTH)
    elif kind == "award" and i % 6 == 4:
        n["code_shown"] = code.replace("-", "")
    elif kind == "contract" and i % 8 == 0 or kind == "termination" and i % 2 == 1 \
            or kind == "correction" and i % 10 == 6 or kind == "award" and i % 10 == 7:
        n["code_shown"] = ""
    if kind in ("award", "contract"):
        name = n["supplier"]
        if i % 4 == 1:  # 简称: the legal form left out; the credit code tells who it is
            n["supplier_shown"] = re.sub(r"(集团)?(股份)?有限公司$", "", name)
        elif i % 4 == 2:  # a branch signs
            n["supplier_shown"] = name + (n["region"][len(n["province"]) + 1:][:3].rstrip("市") or n["province"]) + "分公司"
        elif i % 4 == 3:  # a stray space inside the name
            n["supplier_shown"] = name[:4] + " " + name[4:]


SEED = 2026_11_29


def build(seed: int = SEED) -> list[dict]:
    """The notices of the data file; another seed gives another set of the same shape (a held-out set for
    evaluations tuned on the committed one)."""
    global RNG
    RNG = random.Random(seed)
    notices = []
    next_id = 27_180_000
    start = datetime(2026, 10, 19, 9, 0)
    events = []
    for i, p in enumerate(PROJECTS * 2):
        stem, buyer, region, prov, level, cats, model, relevant, pinmu, (lo, hi) = p
        round_no = i // len(PROJECTS)
        if round_no == 1 and not relevant and i % 3:
            continue
        method = "竞争性磋商" if i % 7 == 3 else "单一来源" if i % 11 == 6 else "竞争性谈判" if i % 13 == 9 \
            else "询价" if i % 17 == 12 else "邀请招标" if i % 19 == 14 else "公开招标"
        day = start + timedelta(days=RNG.randrange(0, 41), hours=RNG.randrange(0, 8), minutes=RNG.choice([0, 15, 30, 45]))
        title_stem = stem if round_no == 0 else stem.replace("项目", "（2026年第二批）项目", 1) if "项目" in stem else stem + "（二期）"
        budget = Decimal(RNG.randrange(lo * 100, hi * 100)) * 100  # whole hundreds of yuan
        agency, agency_addr = AGENCIES[i % len(AGENCIES)]
        code = f"{CODE_PREFIX[prov]}-2026-{RNG.randrange(100, 999)}{i:02d}"
        common = dict(i=i, stem=title_stem, p=p, budget=budget, agency=agency, agency_addr=agency_addr, code=code,
                      fmt=i % 4, method=method, tender_day=day, gbk=i % 6 == 0)
        events.append(dict(common, kind="tender", day=day))
        if i % 5 == 1:
            events.append(dict(common, kind="correction", day=day + timedelta(days=3, hours=2)))
        end_day = day + timedelta(days=RNG.randrange(15, 26), hours=1)
        if i % 9 == 4:
            events.append(dict(common, kind="termination", day=end_day))
            continue
        ratio = Decimal(RNG.randrange(8500, 9900)) / 10000
        award = (budget * ratio).quantize(Decimal("0.01"))
        supplier = SUPPLIERS[i % len(SUPPLIERS)] if relevant else SUPPLIERS[7 + i % 5]
        events.append(dict(common, kind="award", day=end_day, award=award, supplier=supplier))
        if i % 4 == 0:
            events.append(dict(common, kind="contract", day=end_day + timedelta(days=5), award=award, supplier=supplier))
    events = [e for e in events if e["day"] <= LAST_DAY]
    events.sort(key=lambda e: e["day"])
    for e in events:
        stem, buyer, region, prov, level, cats, model, relevant, pinmu, _ = e["p"]
        next_id += RNG.randrange(30, 400)
        kind = e["kind"]
        t_channel, t_label, a_channel, a_label = METHOD_CHANNELS[e["method"]]
        channel, label = {"tender": (t_channel, t_label), "award": (a_channel, a_label)}.get(kind) \
            or OTHER_CHANNELS[kind]
        title_suffix = {"单一来源公示": "单一来源采购公示"}.get(label, label)
        n = {
            "id": next_id,
            "kind": kind,
            "scope": "zygg" if level == "中央" else "dfgg",
            "channel": channel,
            "notice_type": label,
            "title": f"{buyer}{stem}{title_suffix}",
            "project_name": stem,
            "published": e["day"].strftime("%Y-%m-%d %H:%M"),
            "buyer": buyer,
            "buyer_address": f"{region}行政中心",
            "region": region,
            "province": prov,
            "pinmu": pinmu,
            "agency": e["agency"],
            "agency_address": e["agency_addr"],
            "project_code": e["code"],
            "method": e["method"],
            "budget_cny": str(e["budget"]),
            "amount_format": ["wan", "yuan_commas", "daxie", "wan_decimal"][e["fmt"]],
            "period": ["1年", "365日历天", "自合同签订之日起3个月", "2年"][e["fmt"]] if model != "PPP" else "合作期限15年（建设期2年，运营期13年）",
            "encoding": "gbk" if e["gbk"] else "utf-8",
            "truth": {"relevant": relevant, "level": level, "categories": cats, "delivery_model": model},
        }
        if kind in ("tender", "correction"):
            n["open_time"] = (e["tender_day"] + timedelta(days=21 if kind == "tender" else 28)) \
                .replace(hour=9, minute=30).strftime("%Y-%m-%d %H:%M")
            n["tender_published"] = e["tender_day"].strftime("%Y-%m-%d %H:%M")
        if kind == "tender":
            n["attachments"] = ["招标文件.pdf", "采购需求.doc"]
            terms(n, e)
        if kind in ("award", "contract"):
            n["award_cny"] = str(e["award"])
            n["supplier"] = e["supplier"]
            n["supplier_credit_code"] = credit_code(e["supplier"])
        shown_variants(n, e["i"])
        notices.append(n)
    return notices


def terms(n: dict, e: dict) -> None:
    """A call's terms as its page prints them (invented, from the project's number): the 开标 place, the 获取招标文件
    window (the publication day and a week on), 联合体 and 中小企业 (专门面向, 无, or a 预留 share)."""
    n["open_place"] = f"{n['region']}公共资源交易中心开标室"
    n["documents"] = {"from": e["day"].date().isoformat(), "to": (e["day"] + timedelta(days=7)).date().isoformat(),
                      "place": "政府采购云平台", "price_cny": "0"}
    sme = e["i"] % 3
    n["qualification"] = {"consortium": e["i"] % 4 == 1, "sme_only": {0: True, 1: False}.get(sme),
                          "sme_reserved": "本项目预留40%的采购份额专门面向中小企业采购" if sme == 2 else None}


RESPONSE_METHODS = ("竞争性磋商", "竞争性谈判", "询价")  # their notices say 响应文件 / 采购文件 (SOURCES.md §8)


def call_lines(n: dict) -> dict:
    """What the tender page prints of its terms (the template's strings; mirrors/ccgp/server.py view)."""
    if "documents" not in n:
        return {}
    q, d = n["qualification"], n["documents"]
    day = "{0[0]}年{0[1]}月{0[2]}日".format
    return {"response": n["method"] in RESPONSE_METHODS,
            "doc_from_cn": day(d["from"].split("-")), "doc_to_cn": day(d["to"].split("-")),
            "consortium_line": "本项目接受联合体投标。" if q["consortium"] else
            "本项目（否）接受联合体投标。" if n["id"] % 2 else "本项目不接受联合体投标。",
            "sme_line": q["sme_reserved"] + "。" if q["sme_reserved"] else
            "本项目专门面向中小企业采购。" if q["sme_only"] else "无"}


def main() -> None:
    notices = build()
    json.dump({"generated_by": "mirrors/ccgp/make_data.py", "notices": notices}, sys.stdout,
              ensure_ascii=False, indent=1)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
