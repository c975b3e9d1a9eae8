"""Traditional-character re-encodings read as simplified (parsers/script.py), simplified pages untouched."""

from decimal import Decimal

import pytest

from parsers import parse_notice
from parsers.script import is_traditional, simplified
from tests.test_ccgp_parser import NOTICES, _page

# the wording of the 2020 招标公告 as an aggregator re-encodes it in traditional characters
TRADITIONAL = """<html><head><title>深圳市青少年活動中心物業管理費（公開招標）</title></head><body>
<h1>深圳市青少年活動中心物業管理服務採購項目公開招標公告</h1>
<p>一、項目基本情況</p><p>項目編號：SZCG2020-0157</p><p>採購方式：公開招標</p><p>預算金額：120.5萬元</p>
<p>八、對本次招標提出詢問，請按以下方式聯繫。</p>
<p>1.採購人信息</p><p>名 稱：深圳市青少年活動中心</p><p>聯繫方式：陳先生 0755-83212345</p>
<p>2.採購代理機構信息</p><p>名 稱：深圳市國際招標有限公司</p><p>聯繫方式：林女士 0755-83567890</p>
</body></html>"""

FIELDS = [
    ("title", "深圳市青少年活动中心物业管理服务采购项目公开招标公告"),
    ("project_code", "SZCG2020-0157"),
    ("method", "公开招标"),
    ("budget_cny", Decimal("1205000.00")),
    ("buyer", "深圳市青少年活动中心"),
    ("agency", "深圳市国际招标有限公司"),
]


@pytest.mark.parametrize("field,want", FIELDS)
def test_a_traditional_page_reads_as_simplified(field, want):
    assert parse_notice(None, TRADITIONAL.encode("utf-8")).get(field) == want


@pytest.mark.parametrize("text", [
    "采购人：于都县乾元水利站；於某某（供应商联系人）",  # 乾, 於 in simplified names: no re-encoding
    "深圳市青少年活动中心物业管理服务采购项目公开招标公告",
    "\x01\x01\x01 控制字符不算繁体 \xa0•©",  # the marks the check counts, and characters outside GB2312
])
def test_simplified_text_is_returned_unchanged(text):
    assert not is_traditional(text) and simplified(text) is text


@pytest.mark.parametrize("n", NOTICES[:20], ids=lambda n: n["id"])
def test_the_mirror_pages_are_not_converted(n):
    assert not is_traditional(_page(n).decode(n["encoding"]))
