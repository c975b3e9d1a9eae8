"""政采云 bodies: the code-… classes decide; the /portal/detail record's own keys (publishDate in epoch ms,
projectCode, categoryNames) fill the rest; every notice of the zcy mirror parses back to its data."""

import json
from decimal import Decimal
from urllib.parse import quote

import pytest

from common.notice_types import AWARD, INTENT, TENDER
from mirrors.zcy.data import INTENT as INTENT_CODE, RESULT, build_notices, detail_record
from parsers import parse_notice
from parsers.zcy_detail import is_zcy_record, zcy_record_fields

NOTICES = build_notices()
TYPE = {INTENT_CODE: INTENT, RESULT: AWARD}


def body(n: dict) -> bytes:
    """The /portal/detail answer as the mirror wraps the record."""
    return json.dumps({"success": True, "result": {"data": detail_record(n)}, "error": None},
                      ensure_ascii=False, separators=(",", ":")).encode("utf-8")


@pytest.mark.parametrize("n", NOTICES, ids=lambda n: n["articleId"])
def test_zcy_notice(n):
    f = parse_notice(f"https://zfcg.czt.zj.gov.cn/portal/detail?articleId={quote(n['articleId'], safe='')}", body(n))
    assert (f["title"], f["buyer"]) == (n["title"], n["buyer"])
    assert f["published_at"].strftime("%Y-%m-%d %H:%M") == n["published"]  # from epoch ms, Beijing time
    assert f["notice_type"] == TYPE.get(n["category"], TENDER)
    assert f["buyer_region"] == n["districtName"] and f["buyer_region_code"] == n["districtCode"]
    assert f["project_code"] == n["code"]  # None for an intent: it has no 项目编号 yet
    if n["category"] != INTENT_CODE:
        assert f["agency"] == n["agency"]
    if n.get("award"):
        assert f["award_cny"] == Decimal(n["award"])
        assert [(s["name"], s["lot"]) for s in f["suppliers"]] == [(n["supplier"], "1")]
    elif n["category"] != INTENT_CODE:
        assert f["budget_cny"] == Decimal(n["budget"]) and f["deadline"] is not None
    assert "no publication date found" not in f["warnings"]


def test_the_record_keys():
    record = {"title": "杭州市城市大脑应用场景建设项目采购意向公开", "publishDate": 1795232040000, "content": "<p>x</p>",
              "projectName": "杭州市城市大脑应用场景建设项目", "projectCode": "", "districtName": "浙江省杭州市",
              "announcementType": 10016, "categoryNames": ["采购意向公开"], "expiredAt": "2026-11-30T15:59:59.000+0000"}
    assert is_zcy_record(record) and not is_zcy_record({"publishDate": "2026-11-21", "title": "x"})
    f = zcy_record_fields(record)
    assert f["published_at"].isoformat() == "2026-11-21T11:34:00"  # 1795232040000 ms = 03:34 UTC
    assert f["notice_type"] == INTENT and f["project_name"] == "杭州市城市大脑应用场景建设项目"
    assert "project_code" not in f  # an empty code is no code
    # the category label wins over the title's ending
    assert zcy_record_fields(record | {"categoryNames": ["采购结果公告"]})["notice_type"] == AWARD


def test_classes_win_over_text():
    html = ('<div><p>采购人名称：文字里写错的单位</p><span class="code-00014 bookmark-item">杭州市数据资源管理局</span>'
            '<p>预算金额：<span class="code-AM01400034">1200000</span>元</p></div>')
    f = parse_notice(None, html.encode("utf-8"))
    assert f["buyer"] == "杭州市数据资源管理局" and f["budget_cny"] == Decimal("1200000")
