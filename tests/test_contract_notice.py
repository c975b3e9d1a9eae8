"""合同公告 (parsers/contract_notice.py): 合同编号, 合同金额, 签订日期, 履约期限 where the national template (SOURCES.md
§8) and the sites that render it put them — ``label：value`` lines, the 合同主要信息 table, ggzy's cell pairs, flattened
text — one test item per case; the mirror's contract notices and their OCDS contracts."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest

from common.notice_types import CONTRACT
from parsers import parse_notice
from parsers.contract_notice import read_contract, table_values

# the 2020 template as ccgp renders it in text (财办库〔2020〕50号 合同公告)
NATIONAL = """一、合同编号：HT2021-0087
二、合同名称：成都市某区政务云服务采购合同
三、项目编号：N5101012021000456
四、项目名称：成都市某区政务云服务采购项目
五、合同主体
采购人（甲方）：成都市某区大数据中心
地    址：成都市某区行政中心
联系方式：028-86660000
供应商（乙方）：四川某某云计算有限公司
地    址：成都市高新区天府大道100号
联系方式：028-85550000
六、合同主要信息
主要标的名称：政务云服务
规格型号（或服务要求）：详见合同
主要标的数量：1
主要标的单价：1,234,500.00元
合同金额：123.45万元
履约期限、地点等简要信息：合同签订之日起12个月，成都市某区
采购方式：公开招标
七、合同签订日期：2021-06-01
八、合同公告日期：2021-06-03"""

# 合同主要信息 as the template's table, as parsers/text.py renders an HTML table (a tab after each cell)
TABLE = ("六、合同主要信息\n主要标的名称\t规格型号（或服务要求）\t主要标的数量\t主要标的单价\t合同金额（万元）\t"
         "履约期限、地点等简要信息\t采购方式\t\n视频监控设备\t详见合同\t1批\t/\t86.5\t90日历天，采购人指定地点\t竞争性磋商\t\n"
         "七、合同签订日期：2026年11月20日")

# a flattened 履约验收 copy (realdata notices/047): section numerals run into the previous value
FLAT = ("一、合同编号：ZBJ-20260706095637-27244二、合同名称：侨联宣传册采购三、项目编号：9c5c93d41db6409d8720146010e43ed5"
        "四、项目名称：400本，单价9.5元五、合同主体 采购人(甲方)：中共虎林市委统一战线工作部 地址：解放西街1号市委大楼232 "
        "联系方式：13125975585 供应商(乙方)：虎林市海信印刷厂 地址：黑龙江省鸡西市虎林市曙光街道极兴委爱民西街 233号 "
        "联系方式：04675838394 六、合同主要信息 序号 名称 数量(单位) 单价(元) 合计(元) 1 400本，单价9.5元 1(3800) 3800.00 "
        "3800.00 合同金额： 3800.00元，大写(人民币)：叁仟捌佰元整 七、本次验收内容")

# the ggzy /b/ 采购合同 summary (realdata sites/ggzy), its th/td rows one cell a line as the page is written
GGZY = ("\n\n采购人名称\t\n德清县体育中心(德清县少年儿童体育学校)\t\n\n\n中标(成交)供应商名称\t\n湖州新国旅外事旅游汽车服务有限公司\t"
        "\n\n\n合同金额\t\n0元 人民币\t\n\n\n合同期限\t\n年\t\n\n\n合同签署时间\t\n2026-03-17 00:32:09\t\n\n")

CASES = [  # (case, text, expected parts (None: not stated), a warning that must be given or None)
    ("national template lines", NATIONAL,
     {"number": "HT2021-0087", "name": "成都市某区政务云服务采购合同", "supplier": "四川某某云计算有限公司",
      "amount_cny": Decimal("1234500.00"), "signed_date": "2021-06-01", "term": "合同签订之日起12个月,成都市某区"}, None),
    ("the 合同主要信息 table, 万元 in its header", TABLE,
     {"number": None, "amount_cny": Decimal("865000.00"), "signed_date": "2026-11-20",
      "term": "90日历天,采购人指定地点"}, None),
    ("flattened text: numerals run into values", FLAT,
     {"number": "ZBJ-20260706095637-27244", "name": "侨联宣传册采购", "supplier": "虎林市海信印刷厂",
      "amount_cny": Decimal("3800.00"), "signed_date": None, "term": None}, None),
    ("ggzy cell pairs: 0元 and a bare 年 are blanks", GGZY,
     {"number": None, "supplier": "湖州新国旅外事旅游汽车服务有限公司", "amount_cny": None, "signed_date": "2026-03-17",
      "term": None}, "contract amount printed as 0元 人民币: not stated"),
    ("a masked amount is unknown", "合同编号：GZ-2025-0193\n合同金额：***元\n合同签订日期：2025年12月3日",
     {"number": "GZ-2025-0193", "amount_cny": None, "signed_date": "2025-12-03"}, "contract amount masked (***元): unknown"),
    ("pipe-separated pairs", "合同编号 | CG-2025-118 | 合同金额（元） | 45,600.00 |\n合同签订时间 | 2025年9月8日 |",
     {"number": "CG-2025-118", "amount_cny": Decimal("45600.00"), "signed_date": "2025-09-08"}, None),
    ("a date that is none", "合同编号：HT-77\n合同签订日期：详见附件",
     {"number": "HT-77", "signed_date": None}, "contract signing date not read: 详见附件"),
    ("合同履行期限 in days", "合同编号：SD-2026-3\n合同金额：560000元\n合同履行期限：365日历天",
     {"amount_cny": Decimal("560000.00"), "term": "365日历天"}, None),
]


@pytest.mark.parametrize("case, text, want, warning", CASES, ids=[c[0] for c in CASES])
def test_contract_parts(case, text, want, warning):
    contract, warnings = read_contract(text)
    assert contract is not None
    assert {k: contract[k] for k in want} == want
    assert contract["raw"]  # the lines the values were read from
    if warning:
        assert warning in warnings
    else:
        assert warnings == []


def test_no_contract_lines_no_contract():
    assert read_contract("一、项目编号：ABC-1\n二、项目名称：某项目\n三、中标（成交）信息") == (None, [])


def test_a_header_row_is_not_read_as_pairs():
    assert [(p, v) for p, _, v in table_values(TABLE)] == [("amount", "86.5"), ("term", "90日历天,采购人指定地点")]


NOTICES = [  # (case, title + body as plain text, notice_type, award_cny, suppliers)
    ("a 合同公告: the contract amount is its award, 乙方 its supplier", "某区政务云服务采购合同公告\n" + NATIONAL,
     CONTRACT, Decimal("1234500.00"), ["四川某某云计算有限公司"]),
    ("a title ending in 合同 is a contract notice", "德清县体育中心用车服务采购项目合同\n" + GGZY,
     CONTRACT, None, ["湖州新国旅外事旅游汽车服务有限公司"]),  # 0元: no amount (the ggzy layout keeps its 0)
    ("a 履约验收公告 repeats the contract: its own type (none of ours)", "侨联宣传册采购履约验收公告\n" + FLAT,
     None, Decimal("3800.00"), ["虎林市海信印刷厂"]),
]


@pytest.mark.parametrize("case, text, kind, award, suppliers", NOTICES, ids=[c[0] for c in NOTICES])
def test_contract_notices(case, text, kind, award, suppliers):
    out = parse_notice(None, text)
    assert out["notice_type"] == kind
    assert out.get("award_cny") == award
    assert [s["name"] for s in out["suppliers"]] == suppliers
    assert out["contract"]["amount_cny"] == (award or None)


def test_a_result_notice_has_no_contract():
    out = parse_notice(None, "某项目中标公告\n一、项目编号：A-1\n三、中标（成交）信息\n供应商名称：某公司\n合同金额：100万元")
    assert "contract" not in out


def mirror_pages(kind: str) -> list[tuple[dict, str, bytes]]:
    """(record, URL, page) of the ccgp mirror's notices of one kind (contract, termination …)."""
    from mirrors.ccgp.server import CcgpSite, load_notices, notice_path

    site = CcgpSite()
    return [(n, "http://www.ccgp.gov.cn" + notice_path(n), site.page(n)) for n in load_notices() if n["kind"] == kind]


@pytest.mark.parametrize("n, url, body", mirror_pages("contract"), ids=lambda x: str(x["id"]) if isinstance(x, dict) else "")
def test_every_mirror_contract_parses_back(n, url, body):
    from mirrors.ccgp.contracts import contract_of

    want = contract_of(n)
    got = parse_notice(url, body)["contract"]
    assert (got["number"], got["amount_cny"], got["signed_date"], got["term"]) == (
        want["number"], Decimal(want["amount_cny"]), want["signed_date"], want["term"])


def test_the_ocds_contract_carries_its_signing_date_and_number(tmp_path):
    from store.db import open_store
    from store.export import export
    from store.filters import NoticeFilter
    from store.notices import save_notice
    from store.ocds import validate_package

    url = f"sqlite:///{tmp_path / 's.db'}"
    engine, Session = open_store(url)
    contracts = mirror_pages("contract")
    with Session.begin() as s:
        for n, u, body in contracts:
            save_notice(s, source="ccgp", source_id=str(n["id"]), url=u, raw_page_id=None,
                        fields=parse_notice(u, body), parse_version="test")
    buf = StringIO()
    with Session() as s:
        export(s, NoticeFilter(), "ocds", None, stdout=buf)
    engine.dispose()
    package = json.loads(buf.getvalue())
    assert validate_package(package) == []
    from mirrors.ccgp.contracts import contract_of

    by_id = {f"ccgp-{n['id']}": contract_of(n) for n, _, _ in contracts}
    for rel in package["releases"]:
        (c,) = rel["contracts"]
        want = by_id[rel["id"]]
        assert c["dateSigned"] == want["signed_date"] + "T00:00:00+08:00"
        assert c["title"] == want["name"].replace("（", "(").replace("）", ")")
        assert f"合同编号：{want['number']}" in c["description"]


@pytest.mark.parametrize("label, title, want", [
    (None, "临海市第一人民医院手术行为管理系统采购的合同", CONTRACT),  # realdata titles: a title that ends with 合同
    (None, "智能手术室行为管理系统1套采购合同", CONTRACT),
    ("采购合同", "德清县体育中心用车服务采购项目", CONTRACT),  # ggzy's stage label 0203
    (None, "某市公共机构合同能源管理项目公开招标公告", "招标/采购公告"),  # 合同 inside the name is no contract
    (None, "合同变更前征求意见公示表", "更正公告"),
])
def test_contract_notice_types(label, title, want):
    from common.notice_types import normalise_notice_type

    assert normalise_notice_type(label, title) == want
