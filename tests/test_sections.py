"""parsers/sections.py: the 2020 national templates read by their sections (SOURCES.md §8). One case per (notice,
field); the texts are cut from development notices (realdata notices 034, 036, 040, 042, 045, 047, Ningbo
development bulletins) with their real characters, padding and full-width forms."""

from decimal import Decimal

import pytest

from parsers import parse_notice
from parsers.labels import cut_at_label, labelled
from parsers.sections import (amount, contact_blocks, project_code, read_sections, role_contacts, sections,
                              split_person_phone)

# 040 (江苏, ggzy copy): vertical award rows, a bidders' score table in 八, contacts at 九 with 3.项目联系方式
N040 = """一、项目编号：ZJZCFSDZ-(2023)公字第0090号
二、项目名称： 镇江市第一人民医院口腔3合1摄片设备采购
三、中标（成交）信息
供应商名称： 镇江京丹医疗器械有限公司
供应商地址： 镇江市京口区谷阳路199号沃得雅苑2-104
中标金额： 480000.00(元)
四、主要标的信息
货物类标的
五、评审专家（单一来源采购人员）名单： 韦孔明;秦芳;朱镇;薛国庆;张光建;
六、代理服务收费标准及金额： 2450.00
七、公告期限
自本公告发布之日起1个工作日。
八、其他补充事宜
供应商名称 | 得分 | 排名
镇江京丹医疗器械有限公司 | 92.6 | 1
镇江纬凡医疗器械有限公司 | 77.63 | 2
九、凡对本次公告内容提出询问，请按以下方式联系。
1.采购人信息
名称： 镇江市第一人民医院
地址： 镇江市润州区电力路8号
联系方式： 0511-88917939
2.采购代理机构信息
名称： 苏世建设管理集团有限公司
地址： 镇江市运河路21号1幢301室
联系方式： 0511-88833166
3.项目联系方式
项目联系人： 袁工
电　话： 13052901388
苏世建设管理集团有限公司
2023年06月20日
"""

# 034 (浙江 政采云 template as text): a pipe table, padded labels, (询问) labels, a supervisor block
N034 = """一、项目编号： CNDL2021185
二、项目名称： 苍南县沿浦湾海岸线整治修复工程涉海前期专题服务采购项目
三、中标（成交）信息
   1.中标结果：
序号 | 中标（成交）金额(元) | 中标供应商名称 | 中标供应商地址
1 | 最终报价:1248000(元) | 杭州希澳环境科技有限公司 | 中联大厦2幢1204室
   2.废标结果:
序号 | 标项名称 | 废标理由 | 其他事项
/ | / | / | /
四、主要标的信息
九、对本次公告内容提出询问、质疑、投诉，请按以下方式联系
  1.采购人信息
  名    称：苍南县自然资源和规划局
  地    址：苍南县灵溪镇工人文化宫南侧
  传    真：0577-59909673
  项目联系人（询问）：徐女士
  项目联系方式（询问）：(0577) 599-09673
  质疑联系人：徐玉宣
  质疑联系方式：15869466005
  2.采购代理机构信息
  名    称：温州超然招标代理有限公司
  地    址：苍南县灵溪镇上江小区1-7幢1单元202室
  传    真：0577-68803069
  项目联系人（询问）：陈仕盈（13587830757）
  项目联系方式（询问）：0577-68803069
  3.同级政府采购监督管理部门
  名    称：苍南县政府采购监督管理办公室
  联系人 ：陈先生
"""

# a TAB-separated award table (an HTML table seen as text) and the unit after the number in brackets
TAB = """一、项目编号：ABC123（招标文件编号：ABC123/1）
二、项目名称：某某改造项目
三、中标（成交）信息
序号\t中标（成交）金额(元)\t中标供应商名称\t中标供应商地址
1\t报价:1234567.89(元)\t某某建设有限公司\t某省某市某路1号
2\t报价:***(元)\t某某科技有限公司\t某省某市某路2号
四、主要标的信息
"""

# 042 (北京, aggregator copy flattened to one line)
N042 = ("2020-10-3013：03：16 一、项目基本情况 原公告的采购项目编号：CYCG_20_1846 原公告的采购项目名称：分局处突车防护装备更新 "
        "二、更正信息 更正事项：采购结果 三、其他补充事宜 / 四、凡对本次公告内容提出询问，请按以下方式联系。 1.采购人信息 "
        "名称：北京市公安局朝阳分局机关 地址：北京市朝阳区道家园1号 联系方式：吕德华,85953808 2.采购代理机构信息 "
        "名称：北京合信恒盛咨询有限公司 地　址：北京市朝阳区幺家店路常营公园内办公区办公用房 联系方式：李冬，65766188-8013 "
        "3.项目联系方式 项目联系人：李冬 电　话：　　65766188-8013 更多内容请 下载保标APP")

# 045 (2017 ccgp old result template): blocks numbered 二/四, labels with the role in them
N045 = """一、项目信息

项目编号：GC2017DX035

二、采购单位信息

采购单位名称：总务处

采购单位联系方式：孔繁武 0451-86417975
四、采购代理机构信息

采购代理机构全称：哈尔滨工业大学招标与采购管理中心

采购代理机构联系方式：李占奎 王 吉 电话： 0451-86417953 13936645563
"""

# 047 (黑龙江 验收公告, flattened): 采购人(甲方) run together with 地址
N047 = ("一、合同编号：ZBJ-20260706095637-27244二、合同名称：侨联宣传册采购三、项目编号：9c5c93d41db6409d8720146010e43ed5"
        "四、项目名称：400本，单价9.5元五、合同主体 采购人(甲方)：中共虎林市委统一战线工作部 地址：解放西街1号市委大楼232 "
        "联系方式：13125975585 供应商(乙方)：虎林市海信印刷厂 地址：黑龙江省鸡西市虎林市")

# Ningbo development bulletin 367a4074 (单一来源公示): spaced role labels as block heads, 采购机构名称
NB367 = """九、联系方式:
采 购 人:宁波市北仑区现代服务业发展集团有限公司
地  址:宁波市北仑区岷山路1388号凤凰金融中心7楼
联 系 人:王老师
电  话:0574-89782931
采购机构名称:宁波中基国际招标有限公司
地址:宁波市鄞州区天童南路666号中基大厦19楼
邮箱:372263232@qq.com
联系人:印莹、蒋海佳
电话:0574-87420768
"""

READ = [
    ("040", N040, "buyer", "镇江市第一人民医院"),
    ("040", N040, "agency", "苏世建设管理集团有限公司"),
    ("040", N040, "project_code", "ZJZCFSDZ-(2023)公字第0090号"),
    ("040", N040, "suppliers", [("镇江京丹医疗器械有限公司", Decimal("480000.00"))]),  # not the bidders of 八
    ("040", N040, "award_cny", Decimal("480000.00")),
    ("034", N034, "buyer", "苍南县自然资源和规划局"),
    ("034", N034, "agency", "温州超然招标代理有限公司"),
    ("034", N034, "suppliers", [("杭州希澳环境科技有限公司", Decimal("1248000.00"))]),
    ("tab", TAB, "project_code", "ABC123"),
    ("tab", TAB, "suppliers", [("某某建设有限公司", Decimal("1234567.89")), ("某某科技有限公司", None)]),
    ("tab", TAB, "award_cny", None),  # one amount masked: the total is unknown
    ("042", N042, "buyer", "北京市公安局朝阳分局机关"),
    ("042", N042, "agency", "北京合信恒盛咨询有限公司"),
    ("042", N042, "project_code", "CYCG_20_1846"),
    ("045", N045, "buyer", "总务处"),
    ("045", N045, "agency", "哈尔滨工业大学招标与采购管理中心"),
    ("047", N047, "project_code", "9c5c93d41db6409d8720146010e43ed5"),
    ("047", N047, "flat_buyer", "中共虎林市委统一战线工作部"),
    ("nb367", NB367, "buyer", "宁波市北仑区现代服务业发展集团有限公司"),
    ("nb367", NB367, "agency", "宁波中基国际招标有限公司"),
]


# the 2020 result template as 济南大学's 2025 notice prints it (ccgp capture): the agency block says "(如有)"
JINAN = """十、凡对本次公告内容提出询问，请按以下方式联系。
        1、采购人信息
        名    称：济南大学
        地    址：济南市南辛庄西路336号（济南大学）
        联系方式：0531-82765758（济南大学）
        2、采购代理机构信息（如有）
        名    称：海逸恒安项目管理有限公司
        地    址：山东省济南市历下县（区）工业南路68号华润置地广场A5-6号楼26层、27层
        联系方式：13589097123
"""
READ += [("jinan", JINAN, "buyer", "济南大学"), ("jinan", JINAN, "agency", "海逸恒安项目管理有限公司")]


@pytest.mark.parametrize("case,text,field,want", READ, ids=[f"{c}-{f}" for c, _, f, _ in READ])
def test_read_sections(case, text, field, want):
    got = read_sections(text).get(field)
    if field == "suppliers":
        got = [(s["name"], s["award_cny"]) for s in got or []]
    assert got == want


CONTACTS = [
    ("040", N040, "buyer", {"name": None, "phone": "0511-88917939"}),
    ("040", N040, "project", {"name": "袁工", "phone": "13052901388"}),
    ("034", N034, "buyer", {"name": "徐女士", "phone": "(0577) 599-09673"}),  # not the 质疑 contact
    ("034", N034, "agency", {"name": "陈仕盈", "phone": "0577-68803069"}),
    ("042", N042, "buyer", {"name": "吕德华", "phone": "85953808"}),
    ("042", N042, "project", {"name": "李冬", "phone": "65766188-8013"}),  # cut before the page's footer
    ("045", N045, "buyer", {"name": "孔繁武", "phone": "0451-86417975"}),
    ("045", N045, "agency", {"name": "李占奎 王 吉", "phone": "0451-86417953 13936645563"}),
    ("nb367", NB367, "buyer", {"name": "王老师", "phone": "0574-89782931"}),
    ("nb367", NB367, "agency", {"name": "印莹、蒋海佳", "phone": "0574-87420768"}),
    ("034", N034, "supervisor", None),  # the supervisor's office is not a contact of the notice
]


@pytest.mark.parametrize("case,text,role,want", CONTACTS, ids=[f"{c}-{r}" for c, _, r, _ in CONTACTS])
def test_role_contacts(case, text, role, want):
    assert role_contacts(text).get(role) == want


def test_sections_by_heading_words_not_number():
    kinds = [(s.number, s.kind) for s in sections(N040)]
    assert (3, "award") in kinds and (9, "contact") in kinds and (8, "other") in kinds
    # an out-of-sequence numeral inside a section is not a heading
    assert [s.kind for s in sections("一、项目基本情况\n（一）、资格\n二、中标（成交）信息\n一、其他\n")] == ["basic", "award"]


FLAT = [
    ("采购人名称:某市某中心项目地址:某省·某市", [("buyer", "采购人名称", "某市某中心"), ("address", "项目地址", "某省·某市")]),
    ("采购单位某单位 采购人（甲方）：某局地址：某路1号", [("buyer", "采购人(甲方)", "某局"), ("address", "地址", "某路1号")]),
    ("名    称：苍南县自然资源和规划局\n地 址：灵溪镇", [("name", "名称", "苍南县自然资源和规划局"), ("address", "地址", "灵溪镇")]),
]


@pytest.mark.parametrize("text,want", FLAT)
def test_labelled_splits_on_the_lexicon(text, want):
    assert labelled(text) == want


@pytest.mark.parametrize("value,want", [
    ("某市某中心项目地址:某省·某市", "某市某中心"),
    ("9c5c93d41db6409d8720146010e43ed5四、项目名称：400本", "9c5c93d41db6409d8720146010e43ed5"),
    ("1、万邦工程管理咨询有限公司", "万邦工程管理咨询有限公司"),
    ("宁波市国际招标有限公司", "宁波市国际招标有限公司"),
])
def test_cut_at_label(value, want):
    assert cut_at_label(value) == want


@pytest.mark.parametrize("text,want", [
    ("项目编号：ABC123（招标文件编号：ABC123/1）", "ABC123"),
    ("一、项目编号：ZJZCFSDZ-(2023)公字第0090号", "ZJZCFSDZ-(2023)公字第0090号"),
    ("对辽宁机电职业技术学院（项目编号：LNJC20190703002）进行了竞争性磋商", "LNJC20190703002"),
    ("项目编号：***", None),
    ("项目编号：以阳光系统编号为准", None),
])
def test_project_code(text, want):
    assert project_code(text) == want


@pytest.mark.parametrize("value,want", [
    ("123.4500000（万元）", Decimal("1234500.00")),  # the unit after the number, in brackets
    ("报价:1234567.89(元)", Decimal("1234567.89")),
    ("***(元)", None),
])
def test_amount(value, want):
    money = amount(value, "中标（成交）金额")
    assert (money.cny if money else None) == want


@pytest.mark.parametrize("value,want", [
    ("吕德华,85953808", ("吕德华", "85953808")),
    ("陈仕盈（13587830757）", ("陈仕盈", "13587830757")),
    ("0574-87031582,13157499807", (None, "0574-87031582,13157499807")),
    ("65766188-8013 更多内容请 下载保标APP 2015- 2019", (None, "65766188-8013")),
])
def test_split_person_phone(value, want):
    assert split_person_phone(value) == want


def test_printed_time_under_the_title():
    out = read_sections("某某项目中标（成交）结果公告\n2026年08月05日 12:54 来源：某市公共资源交易中心\n一、项目编号：X1234\n")
    assert out["published_raw"] == "2026年08月05日 12:54"


@pytest.mark.parametrize("field,want", [
    ("buyer", "镇江市第一人民医院"),
    ("agency", "苏世建设管理集团有限公司"),
    ("suppliers", ["镇江京丹医疗器械有限公司"]),
    ("contacts", {"buyer": {"name": None, "phone": "0511-88917939"},
                  "agency": {"name": None, "phone": "0511-88833166"},
                  "project": {"name": "袁工", "phone": "13052901388"}}),
])
def test_parse_notice_text_path(field, want):
    out = parse_notice(None, N040)
    got = [s["name"] for s in out[field]] if field == "suppliers" else out[field]
    assert got == want


def test_blocks_only_in_the_contact_section():
    # "采购人" in a sentence of 三 is not a block; the block of 九 is
    blocks = contact_blocks("三、中标（成交）信息\n采购人 对结果无异议\n九、联系方式\n1.采购人信息\n名 称：某局\n")
    assert blocks == {"buyer": {"org": "某局"}}
