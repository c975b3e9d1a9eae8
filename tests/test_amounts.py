from decimal import Decimal

import pytest

from parsers.amounts import daxie_to_decimal, parse_amount
from mirrors.ccgp.make_data import daxie

CASES = [
    # text, label, expected yuan (None = not an amount)
    ("￥300万元（人民币）", "预算金额", "3000000.00"),
    ("¥1234.000000万元(人民币)", "预算金额", "12340000.00"),
    ("￥12.340000 万元（人民币）", "总中标金额", "123400.00"),
    ("3,005,000.00", "预算金额（元）", "3005000.00"),
    ("３，００５，０００．００元", "", "3005000.00"),
    ("120", "预算金额（万元）", "1200000.00"),
    ("1.5亿元", "", "150000000.00"),
    ("2亿", "", "200000000.00"),
    ("报价:456000(元)", "中标（成交）金额", "456000.00"),
    ("总价形式报价:123400.00(元)", "", "123400.00"),
    ("壹佰贰拾万元整", "", "1200000.00"),
    ("人民币叁佰万零伍仟元整", "预算金额", "3005000.00"),
    ("壹拾万零叁佰元伍角陆分", "", "100300.56"),
    ("贰亿叁仟万元整", "", "230000000.00"),
    ("不超过50万元", "最高限价", "500000.00"),
    ("下浮率 5%", "", None),
    ("5", "下浮率", None),
    ("3.5%", "费率", None),
    ("详见招标文件", "预算金额", None),
    ("", "预算金额", None),
    ("****万元", "预算金额", None),
    ("12*****元", "预算金额", None),
    ("人民币壹佰万元整（¥1,000,000.00）", "预算金额", "1000000.00"),
    ("¥1,000,000.00（壹佰万元整）", "预算金额", "1000000.00"),
    ("壹仟零伍拾万元整", "", "10500000.00"),
    ("玖拾玖万玖仟玖佰玖拾玖元玖角玖分", "", "999999.99"),
    ("伍角", "", None),
    ("叁拾元整", "", "30.00"),
    ("零元", "", "0.00"),
    ("0.5亿元", "", "50000000.00"),
    ("12.5万", "", "125000.00"),
    ("1,234.56万元", "", "12345600.00"),
    ("约300万元", "预算金额", "3000000.00"),
    ("300万元/年", "预算金额", "3000000.00"),
    ("最高限价：299.8万元", "", "2998000.00"),
    ("２５万元", "", "250000.00"),
    ("25 万元", "", "250000.00"),
    ("￥　25.00万元", "", "250000.00"),
    ("2392424.39", "中标价(元)", "2392424.39"),
    ("534000.00", "中标金额（元）", "534000.00"),
    ("1238", "中标金额(万元)", "12380000.00"),
    ("2.5", "预算金额（亿元）", "250000000.00"),
    ("下浮率4.50%", "中标价(报价承诺)", None),
    ("按收费标准的59.33%计取", "中标价", None),
    ("优惠率 3%", "", None),
    ("折扣率：95折", "", None),
    ("元", "招标控制价", None),
    ("/", "中标金额", None),
    ("详见附件", "成交金额", None),
    ("投标报价 27499999.87 元", "", "27499999.87"),
    ("29341456.64元", "最高投标限价", "29341456.64"),
    ("总价形式报价:11321752.69(元)", "", "11321752.69"),
    ("5%以内的上浮，合计100万元", "", "1000000.00"),
    ("100-200万元", "预算金额", "2000000.00"),
    ("100万元至200万元", "预算金额", "2000000.00"),
    ("50～80万", "", "800000.00"),
]


@pytest.mark.parametrize("text,label,expected", CASES)
def test_parse_amount(text, label, expected):
    money = parse_amount(text, label=label)
    if expected is None:
        assert money is None
    else:
        assert money is not None and money.cny == Decimal(expected)
        assert money.raw == text.strip()


@pytest.mark.parametrize("value", ["1", "10", "10010", "1200000", "30005000.50", "100000000", "12345678.91",
                                   "1000000001", "3811000", "3329670.70"])
def test_daxie_round_trip(value):
    """The mirror's capital-numeral writer and the parser agree on every shape of number."""
    assert daxie_to_decimal(daxie(Decimal(value))) == Decimal(value)


from hypothesis import given, settings
from hypothesis import strategies as st

AMOUNTS = st.decimals(min_value=1, max_value=Decimal("99999999999.99"), places=2)


@settings(max_examples=300, deadline=None)
@given(value=AMOUNTS)
def test_every_written_form_parses_back(value):
    """Hundreds of generated amounts, each written the ways notices write them."""
    wan = value / Decimal(10000)
    forms = [
        (f"{value:.2f}元", ""),
        (f"{value:,.2f}", "预算金额（元）"),
        (f"￥{wan:.6f}万元（人民币）", ""),
        (daxie(value), ""),
        (f"人民币{daxie(value)}（¥{value:,.2f}）", ""),
        ("".join(chr(ord(c) + 0xFEE0) if c.isdigit() else c for c in f"{value:.2f}") + "元", ""),
    ]
    for text, label in forms:
        money = parse_amount(text, label=label)
        assert money is not None and money.cny == value, (text, money)
