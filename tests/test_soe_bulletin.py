"""The 招标投标法-style SOE bulletin (parsers/soe_bulletin.py): one case per (bulletin, field), on excerpts of
development bulletins of 宁波市阳光采购服务平台 (realdata/nbygcg, ids named; none is held out)."""

from datetime import datetime
from decimal import Decimal

import pytest

from parsers import parse_notice
from parsers.soe_bulletin import contacts, deadline_opening, is_soe_bulletin, soe_fields

# 1797e087: 招标人为 / 最高限价(人民币) / 投标截止时间（即开标时间，下同）/ 十、联系方式 with 监管单位 after the agency
NB_1797 = """公告发布时间:2025年9月19日
招标编号:NBITC-202530752
一、招标条件
宁波江北丽悦酒店有限公司员工制服采购项目采购资金已落实,招标人为宁波江北丽悦酒店有限公司。项目已具备招标条件,现进行公开招标,本项目为非依法必招项目。
二、项目概况
最高限价(人民币):684313.00元(含税价)
交货期:收到招标人通知后30日历天内完成供货交付。
投标保证金的到账截止时间:2025年10月11日15时整。
六、投标文件的递交
6.1投标截止时间(即开标时间,下同):2025年10月13日14时30分。
十、联系方式
招 标 人:宁波江北丽悦酒店有限公司
联 系 人:洪老师
电    话:0574-89289648
招标代理机构:宁波市国际招标有限公司
地    址:宁波市江北区环城北路西段207弄19号世茂茂悦商业中心1号楼八楼
联 系 人:王旭睿、姚露泽、夏伟立、曹晓琪、张敏恒
电    话:0574-87128864
监管单位:宁波市江北开发投资集团有限公司
联系人:罗老师
电  话:0574-89289620"""

# db6a3f97: 招标代理人为 / 招标控制价（含税）in 万元, a yearly 控制价 after it / 响应文件递交的截止时间为 (no 开标 time)
NB_DB6A = """一、招标条件
本招标项目宁波国际会展中心2026年-2028年安保服务采购项目(项目名称)已批准采购,招标人为宁波国际会议展览中心有限公司,招标代理人为宁波高正工程管理有限公司。项目已具备招标条件,现对该项目进行公开招标。
2.3招标控制价(含税):104.52万元;其中年度招标控制价为34.84万元/年。
保证金的到账截止时间:2025年12月9日15时整。
六、投标(响应)文件的递交
1.本次采购采用远程不见面开标,响应文件应为加密的电子文件。响应文件递交的截止时间为2025年 12 月 10 日14时00分,响应人应在响应截止时间前将响应文件上传。"""

# 1710d05d: 受…委托 / 预算金额（最高投标限价） = both amounts / 截止时间和开标时间为
NB_1710 = """宁波市镇海国泰工程建设投资管理咨询有限公司受宁波市镇海区澥浦镇残友家园委托,就本项目编号下的货物项目进行国内公开采购,项目已具备采购条件,现对该项目进行公开采购。本项目为非依法必招项目。
预算金额(最高投标限价):人民币148869元。
4、投标保证金的到账截止时间:2025年9月23日15时整;
1、投标文件递交的截止时间和开标时间为2025年9月24日9时30分(北京时间)。"""

# 01247e3e: 询比采购, 招标控制价 in a table (not read here), 公告邀请
NB_0124 = """宁波万里工程项目管理有限公司受宁波高新区产业园管理有限公司的委托,对研发园C区8号楼维修项目进行询比采购,现公告邀请合格供应商参加采购活动,本项目为非依法必招项目。
一、项目编号:以阳光系统编号为准
三、采购方式:询比采购"""

# 36dc43b7: a 控制价 per service period with the total in brackets; 63870edf-style 投资估算 is no amount of the call
NB_36DC = """一、招标条件
招标人为宁波市某某有限公司。
招标控制价:500000.00元/服务期(共3个服务期,合计1500000.00元)。"""
NB_INVEST = """一、招标条件
招标人为宁波市轨道交通集团有限公司。
2.1 项目概况:本项目投资估算5977万元,工程费用约1800万元。"""

# 46b4c040: 应于…前将响应文件密封送交
NB_46B4 = """招标人为宁波市某某有限公司。
(3)响应(投标)保证金的到账截止时间:2025年09月24日15时整。
八、响应文件提交的截止时间及地点:
供应商应于2025年09月25日09:30时前将响应文件密封送交到宁波市阳光采购服务平台农商分平台开标室"""

# 06d1b66b: an 异议受理 line "联系方式:…" after the block must not hide the block
NB_06D1 = """10.联系方式
招 标 人:宁波市水务环境集团股份有限公司
地  址:宁波市鄞州区新河路
联 系 人:宓老师
电  话:0574-87851003
招标代理机构:宁波欣达建设项目管理有限公司
联 系 人:王宇、屠世侠
电  话:13738464665
异议受理联系人(招标代理机构):王宇
联系方式:0574-88353561"""

FIELD_CASES = [
    ("1797e087", NB_1797, "buyer", "宁波江北丽悦酒店有限公司"),
    ("1797e087", NB_1797, "agency", "宁波市国际招标有限公司"),
    ("1797e087", NB_1797, "method", "公开招标"),
    ("1797e087", NB_1797, "max_price_cny", Decimal("684313.00")),
    ("1797e087", NB_1797, "budget_cny", None),
    ("1797e087", NB_1797, "deadline", datetime(2025, 10, 13, 14, 30)),
    ("1797e087", NB_1797, "opening", datetime(2025, 10, 13, 14, 30)),
    ("1797e087", NB_1797, "period_days", 30),
    ("db6a3f97", NB_DB6A, "buyer", "宁波国际会议展览中心有限公司"),
    ("db6a3f97", NB_DB6A, "agency", "宁波高正工程管理有限公司"),
    ("db6a3f97", NB_DB6A, "max_price_cny", Decimal("1045200")),
    ("db6a3f97", NB_DB6A, "deadline", datetime(2025, 12, 10, 14, 0)),
    ("db6a3f97", NB_DB6A, "opening", None),
    ("1710d05d", NB_1710, "buyer", "宁波市镇海区澥浦镇残友家园"),
    ("1710d05d", NB_1710, "agency", "宁波市镇海国泰工程建设投资管理咨询有限公司"),
    ("1710d05d", NB_1710, "budget_cny", Decimal("148869")),
    ("1710d05d", NB_1710, "max_price_cny", Decimal("148869")),
    ("1710d05d", NB_1710, "deadline", datetime(2025, 9, 24, 9, 30)),
    ("1710d05d", NB_1710, "opening", datetime(2025, 9, 24, 9, 30)),
    ("01247e3e", NB_0124, "buyer", "宁波高新区产业园管理有限公司"),
    ("01247e3e", NB_0124, "agency", "宁波万里工程项目管理有限公司"),
    ("01247e3e", NB_0124, "method", "询价"),
    ("36dc43b7", NB_36DC, "max_price_cny", Decimal("1500000.00")),
    ("investment", NB_INVEST, "budget_cny", None),
    ("investment", NB_INVEST, "max_price_cny", None),
    ("46b4c040", NB_46B4, "deadline", datetime(2025, 9, 25, 9, 30)),
]


@pytest.mark.parametrize("bulletin,text,field,expected", FIELD_CASES, ids=[f"{c[0]}-{c[2]}" for c in FIELD_CASES])
def test_field(bulletin, text, field, expected):
    assert soe_fields(text).get(field) == expected


CONTACT_CASES = [
    ("1797e087", NB_1797, "buyer", {"name": "洪老师", "phone": "0574-89289648"}),
    ("1797e087", NB_1797, "agency", {"name": "王旭睿、姚露泽、夏伟立、曹晓琪、张敏恒", "phone": "0574-87128864"}),
    ("1797e087", NB_1797, "supervisor", None),  # 监管单位 is not a contact of the call
    ("06d1b66b", NB_06D1, "buyer", {"name": "宓老师", "phone": "0574-87851003"}),
    ("06d1b66b", NB_06D1, "agency", {"name": "王宇、屠世侠", "phone": "13738464665"}),
]


@pytest.mark.parametrize("bulletin,text,role,expected", CONTACT_CASES, ids=[f"{c[0]}-{c[2]}" for c in CONTACT_CASES])
def test_contacts(bulletin, text, role, expected):
    assert contacts(text).get(role) == expected


RECOGNISE_CASES = [
    ("1797e087 招标人为", NB_1797, True),
    ("01247e3e 受…委托 on 阳光采购 wording", NB_0124 + "\n宁波市阳光采购服务平台", True),
    ("national 政府采购 template", "一、项目基本情况\n项目编号:ZJ-1\n七、对本次招标提出询问,请按以下方式联系。\n"
                                 "1.采购人信息\n名 称:某市某局\n2.采购代理机构信息\n名 称:某代理公司\n3.项目联系方式\n"
                                 "投标人资格要求见招标文件", False),
    ("plain text", "某某公司关于办公用品的通知", False),
]


@pytest.mark.parametrize("case,text,expected", RECOGNISE_CASES, ids=[c[0] for c in RECOGNISE_CASES])
def test_recognised_by_wording(case, text, expected):
    assert is_soe_bulletin(text) is expected


def test_signature_line_is_no_buyer():  # 江西 工程 (realdata notices/025): "招标人：（单位章）" closes the page
    assert "buyer" not in soe_fields("一、招标条件\n招标人:(单位章)\n招标代理机构:(单位章)")


def test_parse_notice_hook():
    """Through parse_notice: the template's reading wins; the 开标 time is a notice field since 0012 (it was left out
    while the contract had no `opening`)."""
    out = parse_notice("https://ygcg.nbcqjy.org/detail?bulletinId=1797e087",
                       "<div>" + NB_1797.replace("\n", "<br/>") + "</div>")
    assert out["buyer"] == "宁波江北丽悦酒店有限公司"
    assert out["max_price_cny"] == Decimal("684313.00") and out.get("budget_cny") is None
    assert out["deadline"] == datetime(2025, 10, 13, 14, 30)
    assert out["notice_type"] == "招标/采购公告"
    assert out["contacts"]["agency"] == {"name": "王旭睿、姚露泽、夏伟立、曹晓琪、张敏恒", "phone": "0574-87128864"}
    assert out["opening"] == datetime(2025, 10, 13, 14, 30)  # 投标截止时间（即开标时间，下同）
    from common.contract import contract_errors

    assert contract_errors(out) == []


def test_deadline_opening_same():
    got = deadline_opening("七、开标时间和地点\n9.1开标时间:同投标截止时间。\n投标截止时间:2025年11月3日9时30分")
    assert got["opening"] == got["deadline"] == datetime(2025, 11, 3, 9, 30)
