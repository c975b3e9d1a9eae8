from decimal import Decimal

import pytest

from parsers.amounts import daxie_to_decimal, parse_amount
from tests.sites.ccgp.make_data import daxie

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
