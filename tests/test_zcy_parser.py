"""政采云 bodies: the code-… classes decide; every notice of the zcy mirror parses back to its data."""

from decimal import Decimal

import pytest

from parsers import parse_notice
from mirrors.http import Request
from mirrors.zcy.server import ZcySite

SITE = ZcySite()


@pytest.mark.parametrize("n", SITE.notices, ids=lambda n: n["articleId"])
def test_zcy_notice(n):
    body = SITE.handle(Request("GET", "/portal/detail", {"articleId": n["articleId"]}, b"", {}, "http://x")).bytes()
    f = parse_notice(f"https://zfcg.czt.zj.gov.cn/portal/detail?articleId={n['articleId']}", body)
    assert (f["title"], f["buyer"], f["agency"], f["project_code"]) == (n["title"], n["buyer"], n["agency"], n["code"])
    assert f["published_at"].strftime("%Y-%m-%d %H:%M") == n["published"]
    if n["budget"]:
        assert f["budget_cny"] == Decimal(n["budget"])
    if n["award"]:
        assert f["award_cny"] == Decimal(n["award"])
        assert [(s["name"], s["lot"]) for s in f["suppliers"]] == [(n["supplier"], "1")]


def test_classes_win_over_text():
    html = ('<div><p>采购人名称：文字里写错的单位</p><span class="code-00014 bookmark-item">杭州市数据资源管理局</span>'
            '<p>预算金额：<span class="code-AM01400034">1200000</span>元</p></div>')
    f = parse_notice(None, html.encode("utf-8"))
    assert f["buyer"] == "杭州市数据资源管理局" and f["budget_cny"] == Decimal("1200000")
