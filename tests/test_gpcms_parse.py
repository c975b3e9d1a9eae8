"""gpcms answers without a network: the getInfoById record parsed from its own fields, and the list answers that
are not results (string ``code`` other than "200") recognised as JSON errors, throttles or captchas."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from scrapy.http import Request, TextResponse

from common.notice_types import AWARD, INTENT, TENDER
from crawlers.blocks import problem
from crawlers.spiders.guangdong import GuangdongSpider
from crawlers.spiders.sichuan import SichuanSpider
from mirrors.gpcms.server import GpcmsSite
from mirrors.http import Request as MirrorRequest
from parsers import parse_notice

URL = "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=8a7e1c"


def _record(**fields) -> bytes:
    data = {"id": "8a7e1c", "title": "韶关市<font color=\"red\">曲江区</font>人民医院移动护理系统采购项目采购意向公开",
            "noticeTime": "2026-11-12 10:20:31", "regionName": "韶关市曲江区", "purchaser": "韶关市曲江区人民医院",
            "openTenderCode": "", "noticeType": "59", "noticeTypeName": "采购意向",
            "noticeContent": "<table><tr><td>采购项目名称</td><td>预算金额（万元）</td><td>预计采购时间</td></tr>"
                             "<tr><td>移动护理系统采购项目</td><td>86.5</td><td>2027年1月</td></tr></table>",
            "attchList": [{"fileUrl": "/gpcms/rest/file/download?fileId=77ab", "fileName": "采购需求.docx"}]}
    return json.dumps({"code": "200", "msg": "操作成功", "data": data | fields}, ensure_ascii=False).encode("utf-8")


def test_an_intent_record_is_read_from_its_own_fields():
    out = parse_notice(URL, _record())
    assert out["title"] == "韶关市曲江区人民医院移动护理系统采购项目采购意向公开"  # <font> highlight stripped
    assert out["notice_type"] == INTENT and out["buyer"] == "韶关市曲江区人民医院"
    assert out["budget_cny"] == Decimal("865000")  # 86.5 under 预算金额（万元）
    assert out["published_at"].isoformat() == "2026-11-12T10:20:31"
    assert out["attachments"] == [{"name": "采购需求.docx",
                                   "url": "https://gdgpo.czt.gd.gov.cn/gpcms/rest/file/download?fileId=77ab"}]
    assert "no buyer found" not in out["warnings"]


@pytest.mark.parametrize("code, name, want", [("00101", "采购公告", TENDER), ("00102", "结果公告", AWARD),
                                              ("", "结果公告", AWARD)])
def test_the_notice_type_comes_from_the_record(code, name, want):
    # a title that says nothing of the type: the record's noticeType (or noticeTypeName) decides
    assert parse_notice(URL, _record(noticeType=code, noticeTypeName=name, title="曲江区人民医院移动护理系统"))[
        "notice_type"] == want


def test_the_mirror_details_parse_with_the_national_party_lines():
    site = GpcmsSite("guangdong")
    n = next(n for n in site.notices if n["noticeType"] == "00101")
    body = site.handle(MirrorRequest("GET", "/gpcms/rest/web/v2/info/getInfoById", {"id": n["id"]}, b"",
                                     {"User-Agent": "Mozilla/5.0 (Windows NT 10.0) Chrome/142.0"}, "http://x")).bytes()
    out = parse_notice(URL, body)
    assert (out["buyer"], out["agency"], out["project_code"]) == (n["buyer"], n["agency"], n["code"])


def test_a_json_notice_of_another_portal_is_not_read_as_gpcms():
    body = json.dumps({"success": True, "data": {"title": "某某项目公开招标公告", "noticeTime": "2026-11-02 09:00:00",
                                                 "content": "<p>采购人名称：某某局</p>"}}, ensure_ascii=False)
    out = parse_notice("https://example.org/detail?id=1", body.encode("utf-8"))
    assert "attachments" not in out  # the gpcms reading did not run
    assert out["buyer"] == "某某局" and out["notice_type"] == TENDER


def _answer(obj, status: int = 200) -> TextResponse:  # noqa: ANN001
    url = "https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/selectInfoMoreChannel?siteId=x"
    return TextResponse(url, status=status, body=json.dumps(obj, ensure_ascii=False).encode("utf-8"),
                        headers={"Content-Type": "application/json;charset=UTF-8"}, request=Request(url))


@pytest.mark.parametrize("obj, want", [
    ({"code": "500", "msg": "系统异常"}, "json-error"),
    ({"code": "404", "msg": "数据不存在", "data": {"rows": []}}, "json-error"),  # blocks.py alone would pass it
    ({"code": "1001", "msg": "验证码错误，请重新输入", "data": None}, "captcha"),
    ({"code": "429", "msg": "访问过于频繁，请稍后再试"}, "throttle"),
    ({"code": "200", "msg": "操作成功", "data": {"total": 0, "rows": []}}, None),
    ({"code": 200, "msg": "操作成功", "data": {"total": 0, "rows": []}}, None),
    # a result whose text mentions 安全验证 is still a result
    ({"code": "200", "msg": "操作成功", "data": {"content": "<p>网站安全验证服务采购，请输入验证码功能改造</p>"}}, None),
])
def test_gpcms_answers_that_are_not_results_are_named(obj, want):
    for spider in (GuangdongSpider(), SichuanSpider()):
        assert problem(_answer(obj), spider) == want


def test_a_firewall_403_and_an_empty_200_are_problems_too():
    spider = GuangdongSpider()
    assert problem(TextResponse("https://x/", status=403, body=b"<html>403</html>"), spider) == "forbidden"
    assert problem(TextResponse("https://x/", status=200, body=b""), spider) == "empty"
