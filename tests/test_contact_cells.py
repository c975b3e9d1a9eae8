"""Contacts of a form printed one cell a line (parsers/contact_cells.py), on excerpts of development pages."""

import pytest

from parsers import parse_notice
from parsers.contact_cells import cell_contacts

# 江西 公共资源 中标候选人公示 (realdata notices/023, browser text of the table: a cell a line, closed by |)
JIANGXI_JOINT = """异议联系方式
|
招标人联系人及电话
|
江西省妇幼保健院 0791-82723569
|
招标代理机构联系人及电话
|
江西省机电设备招标有限公司 17770865599
|
投诉联系方式
|
监管部门联系方式
|
南昌市红谷滩区城乡建设发展中心 0791-83839363
|"""
# the same platform's other form (notices/024): 名称 / 联系电话 / 地址 cells
JIANGXI_NAMED = """异议受理
|
招标人名称
|
赣州市肿瘤医院
|
联系电话
|
0797-8105690
|
招标人地址
|
|
代理机构名称
|
江西日成工程项目管理有限公司
|
联系电话
|
15083791182
|"""
# 重庆 SOE 中标候选人公示 (jlxxlj cqzb record): the party, its organisation, then its phone with or without a label
CHONGQING = """招  标  人

重庆巴源建设投资有限公司

联系电话

023-66296357

招标代理机构

重庆国际投资咨询集团有限公司

023-67769200

合同包
"""
# chinabidding 2016 result page (jlxxlj page 05): label and value on lines of their own, then one inline line
CHINABIDDING = """招标(采购)人名称:
安徽省体育局训练基地管理中心
地址:
合肥市芜湖路97号
联系人:
洪柯
联系方式:
0551-62195671
集中招标(采购)机构名称:
安徽省政府采购中心
地址:
合肥市滨湖新区南京路2588号
项目负责人:薛华峰联系电话:0551-66223650
若投标人对上述结果有异议"""

# a 2016 Guangdong result page (jlxxlj page 08): the party's words run into 联系人, the phone in the next cell
GUANGDONG = "十、联系事项:\n(一)采购单位联系人:刘医生 \t联系电话:020-34886887\t\n\n采购单位项目联系人:刘医生 \t联系电话:020-34886887"

CASES = [
    ("guangdong", GUANGDONG, "buyer", {"name": "刘医生", "phone": "020-34886887"}),
    ("jiangxi-joint", JIANGXI_JOINT, "buyer", {"name": None, "phone": "0791-82723569"}),
    ("jiangxi-joint", JIANGXI_JOINT, "agency", {"name": None, "phone": "17770865599"}),
    ("jiangxi-joint", JIANGXI_JOINT, "supervisor", None),  # the supervisor is no contact of the call
    ("jiangxi-named", JIANGXI_NAMED, "buyer", {"name": None, "phone": "0797-8105690"}),
    ("jiangxi-named", JIANGXI_NAMED, "agency", {"name": None, "phone": "15083791182"}),
    ("chongqing", CHONGQING, "buyer", {"name": None, "phone": "023-66296357"}),
    ("chongqing", CHONGQING, "agency", {"name": None, "phone": "023-67769200"}),  # the bare phone after the agency
    ("chinabidding", CHINABIDDING, "buyer", {"name": "洪柯", "phone": "0551-62195671"}),
    ("chinabidding", CHINABIDDING, "agency", {"name": "薛华峰", "phone": "0551-66223650"}),
]


@pytest.mark.parametrize("case,text,role,want", CASES, ids=[f"{c}-{r}" for c, _, r, _ in CASES])
def test_cell_contacts(case, text, role, want):
    assert cell_contacts(text).get(role) == want


@pytest.mark.parametrize("case,text,role,want", [c for c in CASES if c[3]], ids=lambda v: v if isinstance(v, str)
                         and len(v) < 20 else "")
def test_parse_notice_falls_back_to_the_cells(case, text, role, want):
    assert parse_notice(None, text)["contacts"].get(role) == want


def test_a_sentence_with_a_role_word_is_no_form():
    assert cell_contacts("本项目采购人为某市大数据局，联系电话请见招标文件。") == {}
