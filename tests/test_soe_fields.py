"""The SOE 招标投标法 bulletin's budget vs 最高限价, period, notice type, method, deadline and contacts (parsers/
soe_bulletin.py with soe_amounts.py, soe_period.py, soe_notice_type.py, column_tables.py, and the national contact
reader of parsers/sections.py). One case per (bulletin, field); the texts and tables are cut from development
bulletins of 宁波市阳光采购服务平台 (realdata/nbygcg, ids named; none is held out) and development notices (宜昌
realdata 011, jlxxlj page 04) with their real characters; a few are written in the templates' own wording."""

from datetime import datetime
from decimal import Decimal

import pytest

from parsers import parse_notice
from parsers.sections import role_contacts
from parsers.soe_bulletin import soe_fields

NB = "https://ygcg.nbcqjy.org/detail?bulletinId="
# the call's opening (1797e087): enough for the page to be read as this template
CALL = "招标人为宁波市某某有限公司。项目已具备招标条件,现进行公开招标。\n"


def page(*parts: str) -> str:
    """A bulletin body as the platform serves it: text lines as paragraphs, tables as they are."""
    return "<div>" + "".join(p if p.startswith("<table") else "".join(f"<p>{ln}</p>" for ln in p.split("\n"))
                             for p in parts) + "</div>"


# ------------------------------------------------------------------------------------------- amounts (text)

TEXT_AMOUNTS = [  # (budget_cny, max_price_cny)
    # 2fa0b69f: the ceiling right after its label, no colon
    ("2fa0b69f", CALL + "招标范围:采购防火隔断(详见招标文件第五章供货要求)。本次招标控制价975614元。", (None, Decimal("975614"))),
    # 679b2985: 工程造价 named as the ceiling in brackets
    ("679b2985", CALL + "2.4工程造价(最高投标限价): 447733元(含9%增值税);\n2.5计划工期:45日历天;", (None, Decimal("447733"))),
    # 6231ea3e: two lots' budgets one after the other
    ("6231ea3e", CALL + "1.2采购预算:标段一:约178000元;标段二:约90000元。", (Decimal("268000"), None)),
    # 5610d205: four lots numbered before the word 标段
    ("5610d205", CALL + "最高投标限价:I标段3370010元,II标段3008857元,III标段3420717元,IV标段2679881元。",
     (None, Decimal("12479465"))),
    # 6828a7d3-style: a yearly ceiling and the whole term's (written in the bulletins' wording)
    ("whole term", CALL + "采购最高限价为:人民币419.9617万元/年,1259.8851万元/三年。", (None, Decimal("12598851"))),
]


@pytest.mark.parametrize("bulletin,text,expected", TEXT_AMOUNTS, ids=[c[0] for c in TEXT_AMOUNTS])
def test_text_amount(bulletin, text, expected):
    got = soe_fields(text)
    assert (got.get("budget_cny"), got.get("max_price_cny")) == expected


CALL_AMOUNTS = [
    # 56ff95ff: the ceiling is a rate; the 22365元 named after it is the 检测、鉴定费's own ceiling
    ("56ff95ff rate", "本项目成功申报国内首台套服务采购控制折扣率为20 %,成功申报省内首台套服务采购控制折扣率为20.75%,检测、鉴定费采购"
     "控制价(含税)为人民币22365元", None),
    ("36dc43b7 total", "500000.00元/服务期(共3个服务期,合计1500000.00元)。", Decimal("1500000")),
    ("d0f83d88 lots", "标段1:人民币244748元,标段2:人民币209480元", Decimal("454228")),
    ("2e0943d3 one amount", "人民币 13.50 万元,高于预算/采购控制价的响应文件作无效处理", Decimal("135000")),
]


@pytest.mark.parametrize("case,value,expected", CALL_AMOUNTS, ids=[c[0] for c in CALL_AMOUNTS])
def test_call_amount(case, value, expected):
    from parsers.soe_amounts import call_amount

    got = call_amount(value, "采购控制价")
    assert (got.cny if got else None) == expected


# ------------------------------------------------------------------------------------------- amounts (tables)

T_01247 = ("<table><tbody><tr><td><p>序号</p></td><td><p>采购内容</p></td><td><p>招标控制价</p><p>（最高投标限价）</p></td>"
           "<td><p>工期要求</p></td><td><p>质量要求</p></td></tr><tr><td><p>1</p></td><td><p>本项目施工图范围内装修工程的施工"
           "专业承包及保修期内的保修服务，具体详见工程量清单及施工图纸。</p></td><td><p>336911元</p></td><td><p>50日历天</p>"
           "</td><td><p>按国家及行业施工验收规范一次性验收合格</p></td></tr></tbody></table>")
# 1e9ec67f: three 子包, the first spanning two item rows (its ceiling counted once), 交货期 spanning all four
T_1E9E = ("<table><tbody><tr><td><p>子包</p></td><td><p>采购内容</p></td><td><p>交货期</p></td><td><p>采购单位</p></td>"
          "<td><p>采购数量</p></td><td><p>最高限价</p><p>（含税）</p></td></tr><tr><td rowspan=\"2\"><p>一</p></td><td><p>"
          "Windows Server 2025 Standard </p></td><td rowspan=\"4\"><p>合同生效后15个工作日内</p></td><td><p>套</p></td><td>"
          "<p>11</p></td><td rowspan=\"2\"><p><u>人民币386395元</u></p></td></tr><tr><td><p>Microsoft Windows 11 Pro</p>"
          "</td><td><p>套</p></td><td><p>160</p></td></tr><tr><td><p>二</p></td><td><p>金山WPS 365协作办公高级平台V12</p>"
          "<p> （3年使用期）</p></td><td><p>套</p></td><td><p>146</p></td><td><p><u>人民币169360元</u></p></td></tr><tr><td>"
          "<p>三</p></td><td><p>中望CAD平台软件V2026</p></td><td><p>套</p></td><td><p>39</p></td><td><p><u>人民币310440元</u>"
          "</p></td></tr></tbody></table>")
T_254E = ("<table><tbody><tr><td><p>标项号</p></td><td><p>项目名称</p></td><td><p>采购预算金额</p><p>（最高投标限价）</p></td>"
          "<td><p>合同履约期限</p></td></tr><tr><td><p>一</p></td><td><p>南区生活小区基础物业服务采购项目</p></td><td><p>"
          "2239757元/年，6719271元/三年。</p></td><td><p>三年，合同一年一签；一年结束后，采购人根据上年度合同履约情况、服务情况等，"
          "并经双方协商一致，可续订下一年度的合同。</p></td></tr></tbody></table>")
# 092bc4bf: 最高限价 over 单价 | 总价
T_092B = ("<table><tbody><tr><td rowspan=\"2\"><p>子包号</p></td><td rowspan=\"2\"><p>服务内容</p></td><td rowspan=\"2\"><p>"
          "点位</p></td><td colspan=\"2\"><p>最高限价</p></td></tr><tr><td><p>单价</p></td><td><p>总价</p></td></tr><tr><td>"
          "<p>一</p></td><td><p>办公楼室内空气质量检测服务</p></td><td><p>658个</p></td><td><p>550元/点位</p></td><td><p>"
          "361900元</p></td></tr></tbody></table>")
# 6f857613: a unit price's cap (清包费用上限价) is no ceiling of the call
T_6F85 = ("<table><tbody><tr><td><p>小区名称</p></td><td><p>电梯数量（台）</p></td><td><p>清包费用上限价（元）</p></td></tr>"
          "<tr><td><p>董家桥地块安置房</p></td><td><p>102台</p></td><td><p>300元/月/台</p></td></tr></tbody></table>")
# e5bed776: the ceilings are discount rates
T_E5BE = ("<table><tbody><tr><td><p>序号</p></td><td><p>名称</p></td><td><p>采购控制价（折扣率）</p></td></tr><tr><td><p>1</p>"
          "</td><td><p>粮油类</p></td><td><p>93%</p></td></tr><tr><td><p>2</p></td><td><p>调味品类</p></td><td><p>91%</p></td>"
          "</tr></tbody></table>")

TABLE_AMOUNTS = [  # (budget_cny, max_price_cny)
    ("01247e3e", T_01247, (None, Decimal("336911"))),
    ("1e9ec67f", T_1E9E, (None, Decimal("866195"))),
    ("254e07da", T_254E, (Decimal("6719271"), Decimal("6719271"))),
    ("092bc4bf", T_092B, (None, Decimal("361900"))),
]


@pytest.mark.parametrize("bulletin,table,expected", TABLE_AMOUNTS, ids=[c[0] for c in TABLE_AMOUNTS])
def test_table_amount(bulletin, table, expected):
    out = parse_notice(NB + bulletin, page(CALL, table))
    assert (out.get("budget_cny"), out.get("max_price_cny")) == expected


def test_unit_price_cap_is_no_ceiling():  # 6f857613
    from parsers.column_tables import grids
    from parsers.soe_amounts import table_amounts

    assert table_amounts(grids(T_6F85)) == ({}, [])


def test_rates_column_warns():  # e5bed776: no ceiling read, and a warning says why
    out = parse_notice(NB + "e5bed776", page(CALL, T_E5BE))
    assert out.get("max_price_cny") is None and any("采购控制价(折扣率)" in w for w in out["warnings"])


# ------------------------------------------------------------------------------------------- period

PERIODS = [
    ("466be126", CALL + "2.3工期要求:计划工期110日历天。具体开工时间根据招标方通知确定。", {"period_days": 110}),
    ("1710d05d", CALL + "项目完成期:自收到采购人供货指令后30日历天内完成所有安装、调试并移交采购人使用。", {"period_days": 30}),
    ("08666701", CALL + "2.5服务期限:合同签订并生效之日起一年。", {"period_days": None, "period_months": 12}),
    ("18925d0d", CALL + "2.5交货期:按甲方要求按批次交货,接通知后10日内完成供货。", {"period_days": None, "period_months": None}),
    ("b76d3c7b", CALL + "计划工期:接招标人通知后20天内完成交货,3个月内完成安装调试(且必须满足招标人进度需要),具备验收条件后1个月内"
     "验收合格。", {"period_days": None, "period_months": None}),
    ("realdata-019", CALL + "履约期限(天):\n供货服务期1年内招标人发出供货通知时,在15天内送货到招标人工程项目所在地或招标人指定地点。",
     {"period_days": 365, "period_months": None}),
]


@pytest.mark.parametrize("bulletin,text,expected", PERIODS, ids=[c[0] for c in PERIODS])
def test_text_period(bulletin, text, expected):
    out = parse_notice(NB + bulletin, page(text))
    assert {k: out.get(k) for k in expected} == expected


PERIOD_READINGS = [  # parsers/soe_period.py on its own: what the rules above must not swallow, and dates
    ("fb368e5e", "1.5交货期:同批次工期120日历天(其中交货期60日历天,安装期60日历天;或接招标人书面通知分批次交货及安装)",
     {"period_days": 120}),
    ("ee2fc356", "2.4服务期限:总周期30日历天,其中10日历天内提交方案设计(含方案深化)、初步设计(含扩初、概算)成果,20日历天内提交"
     "施工图设计成果。", {"period_days": 30}),
    ("06d1b66b", "服务期限:鄞州、北仑、奉化自合同签订之日起至 2026年12月31日。", {}),
    ("8d549182", "服务期限:2026年1月1日-2026年12月31日", {"period_days": 365}),
]


@pytest.mark.parametrize("bulletin,text,expected", PERIOD_READINGS, ids=[c[0] for c in PERIOD_READINGS])
def test_period_reading(bulletin, text, expected):
    from parsers.soe_period import period

    got = period(text)
    assert {k: v for k, v in got.items() if k != "period_raw"} == expected and got["period_raw"]


T_8838 = ("<table><tbody><tr><td><p>序号</p></td><td><p>采购内容</p></td><td><p>服务 期限</p></td><td><p>最高限价</p></td></tr>"
          "<tr><td><p>1</p></td><td><p>宁波市工人文化宫展陈项目展陈工程（设计）（重发）</p></td><td><p>75日历天，包括方案设计（含深化"
          "设计）、初步设计（含扩初、设计概算），施工图设计。</p></td><td><p>440400元</p></td></tr></tbody></table>")

TABLE_PERIODS = [
    ("01247e3e", T_01247, {"period_days": 50}),
    ("8838adaf", T_8838, {"period_days": 75}),
    ("254e07da", T_254E, {"period_days": None, "period_months": 36}),
]


@pytest.mark.parametrize("bulletin,table,expected", TABLE_PERIODS, ids=[c[0] for c in TABLE_PERIODS])
def test_table_period(bulletin, table, expected):
    out = parse_notice(NB + bulletin, page(CALL, table))
    assert {k: out.get(k) for k in expected} == expected


# ------------------------------------------------------------------------------------------- notice type

NOTICE_TYPES = [
    # 2e0943d3: no title on the page, a call without 招标 wording (非招标 采购): its sections say it
    ("2e0943d3", "1.项目概况与采购范围\n1.1 采购内容:2025-2027年消防安全评估项目,详见《采购人需求书》。\n3.采购文件的获取\n"
     "3.1 凡有意参加响应者,请于2025年9月28日9时00分至2025年10月9日23时59分(北京时间,下同),登录宁波市阳光采购服务平台网上投标"
     "系统自行免费下载采购文件。", "招标/采购公告"),
    # 367a4074: a 单源采购公示 is a call (the contract's type for every method's call)
    ("367a4074", "一、采购人、采购项目名称和内容:\n采购人:宁波市北仑区现代服务业发展集团有限公司\n二、拟采购项目的说明:\n"
     "三、采用单源采购方式的原因及相关说明:\n本项目可以采用单源采购方式。\n公示期间,供应商若有异议,请与宁波市阳光采购服务平台联系。",
     "招标/采购公告"),
    # 宜昌 realdata 011: a result's labelled lines, no title
    ("realdata-011", "招标人:\n宜昌点盛投资开发有限公司\n招标机构:\n湖北浩嘉工程项目管理有限公司\n中标人:\n联通数字科技有限公司\n"
     "中标价(元):\n2392424.39", "中标/成交公告"),
    # jlxxlj page 04: "中标公示" over ranked bidders is the candidates' 公示
    ("jlxxlj-page-04", "中标公示信息(监理)\n招标人名称:\n鄯善县康鑫投资建设有限公司\n第一名\n单位名称:\n新疆东方工程管理有限公司\n"
     "第二名\n单位名称:\n新疆中厦建设工程项目管理有限公司", "中标候选人公示"),
    # written in the bulletins' wording: a correction and a termination name themselves in their opening
    ("correction", "宁波市某某有限公司某某项目更正公告\n现对该项目招标公告作如下更正:\n投标截止时间变更为2025年12月18日9时30分。\n"
     "招标人:宁波市某某有限公司", "更正公告"),
    ("termination", "宁波市某某有限公司某某项目终止公告\n因采购需求发生变化,现决定终止本项目招标。\n招标人:宁波市某某有限公司",
     "终止/废标公告"),
]


@pytest.mark.parametrize("bulletin,text,expected", NOTICE_TYPES, ids=[c[0] for c in NOTICE_TYPES])
def test_notice_type_from_wording(bulletin, text, expected):
    assert parse_notice(NB + bulletin, "<div>" + text.replace("\n", "<br/>") + "</div>")["notice_type"] == expected


def test_call_rules_naming_candidates_stay_a_call():  # 50144e16: "产生中标候选人后…" in a call's rules
    from parsers.soe_notice_type import notice_type_from_wording

    text = (CALL + "3.5投标人、法定代表人(或负责人)、项目经理不得为失信被执行人。产生中标候选人后,招标代理人将在公示前对中标候选人"
            "及其法定代表人(或负责人)、项目经理进行查询。")
    assert notice_type_from_wording(text) == "招标/采购公告"


# ------------------------------------------------------------------------------------------- method, deadline

FIELDS = [
    ("50144e16", "本项目为某某工程(EPC),招标人为中能建未来社区建设发展(宁波)有限公司。项目已具备招标条件,现进行本项目公开招标。",
     "method", "公开招标"),
    ("d52683bf", CALL.replace("现进行公开招标", "") + "4. 招标方式\n4.1公开招标。", "method", "公开招标"),
    ("367a4074", CALL.replace("现进行公开招标", "") + "三、采用单源采购方式的原因及相关说明:", "method", "单一来源"),
    ("1a887a16", CALL + "(1)本次采购采用远程不见面开标,投标(响应)文件应为加密的电子文件。投标(响应)文件递交的截止时间为 2025 年12月12日"
     " 14 时00分,供应商应在投标截止时间前将投标(响应)文件上传。", "deadline", datetime(2025, 12, 12, 14, 0)),
    ("254e07da", CALL + "6.1响应文件递交的截止时间(响应截止时间,下同)和评审时间为2025年12月26日 09时30分,本项目采用CA全流程电子招投标。",
     "deadline", datetime(2025, 12, 26, 9, 30)),
    ("f5a7bf91", CALL + "七、响应文件提交的截止时间及地点:\n1、截止时间:2025年10月22日09时30分(北京时间)", "deadline",
     datetime(2025, 10, 22, 9, 30)),
]


@pytest.mark.parametrize("bulletin,text,field,expected", FIELDS, ids=[f"{c[0]}-{c[2]}" for c in FIELDS])
def test_field(bulletin, text, field, expected):
    assert soe_fields(text).get(field) == expected


# ------------------------------------------------------------------------------------------- contacts

# bf0ac049: the two parties side by side, columns parted by spaces
S_BF0A = """10、招标(代理)人及联系方式
招标人: 宁波杭州湾天美欢乐家园置地有限公司     招标代理机构:宁波能诚工程管理有限公司
地址: 宁波杭州湾新区滨海四路北侧众创园         地址:慈溪市古塘街道大发路145号
联系人: 朱女士                                 联系人:岑工、尹工
电话:  0574-82377666                           电话:0574-58976335、13777033530"""
# 08666701: the buyer's values printed one line off (地址：俞老师 / 联系人：phone)
S_0866 = """9.联系方式
招标人:宁波市北仑区工业投资集团有限公司
地址:俞老师
联系人:0574-86784380
招标代理机构:宁波市盛达工程管理咨询有限公司
联系人:蔡青青、徐乃昕
电  话:0574-87636525"""
# 1e9ec67f: a 主管单位 with its own person and phone between the buyer and the agency
S_1E9E = """九、联系方式:
招标人:宁波城市广场开发经营有限公司
地址:宁波市海曙区碶闸街169号4F
联系人:童老师
主管单位:宁波富达股份有限公司
联系人:陈君英
联系电话:0574-83860975
招标代理人:浙江信立恒工程咨询有限公司
联系人:吴晗晔、毕健敏、吴昊、贺意波、欧李忠
电话:0574-89017252"""
# f309a365: 采购人名称 / 采购机构名称, and a phone run together with the names
S_F309 = """十一、采购项目联系人信息:
采购人名称:宁波果品批发市场有限公司
联系人:吕老师
联系电话:15858403192
采购机构名称:中冠工程管理咨询有限公司
联系人:李佩岭、李弘凯、刘霞联系电话:0574-87977488、0574-87731619         传真:0574-87355652-818"""
# 08736480: 询比代理机构信息 over 名称 / 联系人
S_0873 = """联系人:虞老师
联系电话:0574-86782933
询比代理机构信息
名称:浙江天诚工程咨询有限公司
联系人:蒋森佳、彭秀雅
联系电话:0574-87939871,13586768655"""
# 2fa0b69f: joint buyers, their people and phones joined by ";"
S_2FA0 = """9.联系方式
招标人:浙江欣捷建设有限公司;宁波市公共工程建设中心有限公司
联系人:杜工;庄老师
电话:13957478052;0574-89289969
招标代理机构:佑昌工程管理咨询有限公司
电话:0574-87072228"""
# 0f0773f3: 采购代理 as the agency's label, the people after the phone
S_0F07 = """9.联系方式
采 购 人: 宁波国际会议中心管理有限公司
联 系 人: 王明斋
电    话: 0574-88405791
采购代理: 宁波中基国际招标有限公司
电    话: 0574-87425569/18606688727
联 系 人: 张嘉城、张家辉
监督单位:宁波市会展博览集团有限公司
联系人:邬老师"""
CONTACTS = [  # the buyer's and the agency's blocks
    ("bf0ac049", S_BF0A, {"name": "朱女士", "phone": "0574-82377666"},
     {"name": "岑工、尹工", "phone": "0574-58976335、13777033530"}),
    ("08666701", S_0866, {"name": "俞老师", "phone": "0574-86784380"}, {"name": "蔡青青、徐乃昕", "phone": "0574-87636525"}),
    ("1e9ec67f", S_1E9E, {"name": "童老师", "phone": None},
     {"name": "吴晗晔、毕健敏、吴昊、贺意波、欧李忠", "phone": "0574-89017252"}),
    ("f309a365", S_F309, {"name": "吕老师", "phone": "15858403192"},
     {"name": "李佩岭、李弘凯、刘霞", "phone": "0574-87977488、0574-87731619"}),
    ("08736480", S_0873, None, {"name": "蒋森佳、彭秀雅", "phone": "0574-87939871,13586768655"}),
    ("2fa0b69f", S_2FA0, {"name": "杜工;庄老师", "phone": "13957478052;0574-89289969"}, {"name": None, "phone": "0574-87072228"}),
    ("0f0773f3", S_0F07, {"name": "王明斋", "phone": "0574-88405791"},
     {"name": "张嘉城、张家辉", "phone": "0574-87425569/18606688727"}),
]


@pytest.mark.parametrize("bulletin,text,buyer,agency", CONTACTS, ids=[c[0] for c in CONTACTS])
def test_contacts(bulletin, text, buyer, agency):
    got = role_contacts(text)
    assert (got.get("buyer"), got.get("agency")) == (buyer, agency)


# 18925d0d: the two parties side by side in a table of two columns
T_1892 = ("<table><tbody><tr><td><p>招标人：宁波建湾酒店管理有限公司</p></td><td><p>招标代理人：宁波市国际招标有限公司</p></td></tr>"
          "<tr><td><p>地  址：宁波前湾新区</p></td><td><p>地  址：宁波市江北区环城北路西段207弄19号世茂茂悦商业中心1号楼</p></td></tr>"
          "<tr><td><p>联系人：王经理</p></td><td><p>联系人：翁伟冬、陆岚彬、章海波</p></td></tr><tr><td><p>电  话：18367808225</p>"
          "</td><td><p>电  话：0574-87386413、0574-87495260</p></td></tr><tr><td></td><td><p>电子邮件：nbitc02@126.com</p></td>"
          "</tr></tbody></table>")


def test_contact_table():
    out = parse_notice(NB + "18925d0d", page(CALL, "9.招标(代理)人及联系方式", T_1892))
    assert (out["contacts"].get("buyer"), out["contacts"].get("agency")) == (
        {"name": "王经理", "phone": "18367808225"}, {"name": "翁伟冬、陆岚彬、章海波", "phone": "0574-87386413、0574-87495260"})
