import pytest

from parsers.periods import Period, parse_period

CASES = [
    ("1年", Period(365, 12)),
    ("一年", Period(365, 12)),
    ("两年", Period(730, 24)),
    ("2年", Period(730, 24)),
    ("365日历天", Period(365)),
    ("365 日历天", Period(365)),
    ("731 天", Period(731)),
    ("90天", Period(90)),
    ("90个日历天", Period(90)),
    ("合同签订后90日历天内(应含采购、运输、施工安装)", Period(90)),
    ("合同签订后45个日历天内交货、安装、调试完成并验收合格。", Period(45)),
    ("自合同签订之日起3个月", Period(90, 3)),
    ("自合同签订之日起三个月", Period(90, 3)),
    ("6个月", Period(180, 6)),
    ("十二个月", Period(360, 12)),
    ("半年", Period(182, 6)),
    ("30个工作日", Period(30)),
    ("60日", Period(60)),
    ("4周", Period(28)),
    ("建设期2年运营期13年", Period(5475, 180)),
    ("建设期1年，运营期10年", Period(4015, 132)),
    ("合作期限15年(建设期2年,运营期13年)", Period(5475, 180)),
    ("合作期限15年（建设期2年，运营期13年）", Period(5475, 180)),
    ("2027年1月1日至2027年12月31日", Period(365)),
    ("2026年11月01日至2026年11月30日", Period(30)),
    ("服务期：3年", Period(1095, 36)),
    ("1.5年", Period(548, 18)),
    ("详见招标文件", None),
    ("", None),
    (None, None),
    ("合同签订后日期内完成", None),
    ("0天", None),
    ("合同签订后20 日内完成。", Period(20)),
    ("2026年11月5日前完成", None),
    ("于2026年12月10日前交货，质保期2年", Period(730, 24)),
]


def test_label_unit_for_a_bare_number():
    assert parse_period("365", unit="天") == Period(365)
    assert parse_period("3", unit="年") == Period(1095, 36)
    assert parse_period("365") is None


@pytest.mark.parametrize("text,expected", CASES)
def test_parse_period(text, expected):
    assert parse_period(text) == expected
