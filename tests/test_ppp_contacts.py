import pytest

from parsers.contacts import contacts, credit_codes, phones, plan_code
from parsers.ppp import parse_ppp


@pytest.mark.parametrize("text,expected", [
    ("本项目采用政府和社会资本合作（PPP）模式，运作方式为BOT，回报机制为可行性缺口补助，合作期限15年。",
     {"return_mechanism": "可行性缺口补助", "operation_mode": "BOT", "cooperation_years": 15}),
    ("新型智慧城市PPP项目 运作方式：TOT 回报机制：使用者付费 合作期：20年",
     {"return_mechanism": "使用者付费", "operation_mode": "TOT", "cooperation_years": 20}),
    ("特许经营项目，采用BOO方式，政府付费", {"return_mechanism": "政府付费", "operation_mode": "BOO"}),
    ("湖北宜昌市养老综合服务PPP示范项目家具采购", None),  # PPP named, nothing of its terms stated
    ("智慧停车系统采购，回报机制为使用者付费", None),  # not a PPP notice
    ("", None),
])
def test_ppp(text, expected):
    assert parse_ppp(text) == expected


def test_phones_codes_contacts():
    # 91350100M000100Y43 is the standard's own example; 91430100MA4L1ABC2D has a wrong check digit
    text = "项目联系人：刘工 电话：0731-88886666\n联系人：王老师 13907310000\n统一社会信用代码：91430100MA4L1ABC2D 无效；" \
           "91350100M000100Y43\n采购计划编号：湘财采计[2026]000123号"
    assert phones(text) == ["0731-88886666", "13907310000"]
    assert credit_codes(text) == ["91350100M000100Y43"]
    assert plan_code(text) == "湘财采计[2026]000123号"
    assert contacts(text) == [{"name": "刘工", "phone": "0731-88886666"}, {"name": "王老师", "phone": "13907310000"}]
