"""ggzy pages: the /b/ layout parser and the /a/ shell parser on the captured pages themselves, the parser applying
to ggzy /b/ URLs only, and the mirror's envelope and markup following the captures (realdata/sites/ggzy)."""

from __future__ import annotations

import json
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest

from common.notice_types import AWARD, CONTRACT
from mirrors.ggzy.server import API, GgzySite, detail_path, shell_path
from mirrors.http import Request
from parsers import parse_notice
from parsers.ggzy_detail import is_ggzy_detail, parse_ggzy_detail
from parsers.ggzy_shell import parse_shell

SHARED = Path(os.environ.get("TENDERWATCH_SHARED") or Path(__file__).resolve().parents[2] / "shared")
SITES = SHARED / "realdata" / "sites" / "ggzy"
NOTICES = SHARED / "realdata" / "notices"
B_FILE = SITES / "html-b-content-2026-03-17-330000-0203-003346ed.html"
A_FILE = SITES / "html-a-shell-2026-03-17-330000-0203-003346ed.html"
JSON_FILE = SITES / "getTradList-2026-03-17-keyword-tiyu-page1.json"
B_URL = "https://www.ggzy.gov.cn/information/deal/html/b/330000/0203/20260317/003346ed9dd8b0494c7aa507db162810f636.html"
needs_captures = pytest.mark.skipif(not B_FILE.is_file(), reason=f"ggzy captures not present at {SITES}")


@needs_captures
def test_the_captured_contract_page_parses():
    f = parse_notice(B_URL, B_FILE.read_bytes())
    assert f["title"] == "德清县体育中心（县少年儿童体育学校）的少体校学生就学、训练、参赛等用车服务采购项目合同"
    assert f["published_at"].strftime("%Y-%m-%d %H:%M") == "2026-03-17 00:32"  # 签署时间
    assert f["notice_type"] == CONTRACT  # stage 0203 in the URL
    assert f["buyer"] == "德清县体育中心（德清县少年儿童体育学校）"
    assert [s["name"] for s in f["suppliers"]] == ["湖州新国旅外事旅游汽车服务有限公司"]
    assert f["award_cny"] == Decimal("0")  # 合同金额 0元 人民币
    assert f["platform"] == "湖州市公共资源交易网"
    assert not f.get("error_page")


@needs_captures
def test_the_parser_applies_to_ggzy_b_urls_only():
    body = B_FILE.read_text(encoding="utf-8")
    assert is_ggzy_detail(B_URL, body)
    for url in (None, "http://www.ccgp.gov.cn/cggg/dfgg/zbgg/202507/t20250714_1.htm",
                B_URL.replace("/html/b/", "/html/a/"), "https://example.com/information/deal/html/b/1.html"):
        assert not is_ggzy_detail(url, body)
        assert "platform" not in parse_notice(url, body)
    # the golden and real pages of other sources parse as before: none of them is taken for a ggzy page
    golden = Path(__file__).parent / "fixtures" / "golden"
    for page in sorted(golden.glob("*.html")) + sorted(NOTICES.glob("*.html")):
        assert not is_ggzy_detail(None, page.read_text(encoding="utf-8", errors="replace"))


@needs_captures
def test_an_empty_mycontent_is_a_notice_without_body():
    body = re.sub(r'<div id="mycontent">.*?</table>\s*</div>', '<div id="mycontent">\n    </div>',
                  B_FILE.read_text(encoding="utf-8"), flags=re.S)
    f = parse_ggzy_detail(B_URL, body)
    assert f["title"] and f["published_at"] and f["notice_type"] == CONTRACT
    assert any("#mycontent is empty" in w for w in f["warnings"]) and not f.get("error_page")


@pytest.mark.skipif(not (NOTICES / "040.html").is_file(), reason=f"real notices not present at {NOTICES}")
def test_the_second_url_form_with_a_detail_content_body():
    url = "http://www.ggzy.gov.cn/information/html/b/320000/0202/202306/20/003203378569e09d45c992b1c41ad558b612.shtml"
    f = parse_notice(url, (NOTICES / "040.html").read_bytes())
    assert f["notice_type"] == AWARD  # stage 0202
    assert f["award_cny"] == Decimal("480000.00")
    assert "镇江京丹医疗器械有限公司" in [s["name"] for s in f["suppliers"]]


@needs_captures
def test_the_captured_shell_gives_code_platform_and_the_projects_notices():
    shell = parse_shell(A_FILE.read_text(encoding="utf-8"))
    assert shell.project_code == "330521253680050000027-ZJXCXZF-2025-JC57"
    assert shell.platform == "湖州市公共资源交易网"
    assert shell.current == "/information/deal/html/b/330000/0203/20260317/003346ed9dd8b0494c7aa507db162810f636.html"
    assert [(n.stage, n.date) for n in shell.notices] == [("0201", "2026-01-16"), ("0201", "2026-01-05"),
                                                          ("0202", "2026-01-15"), ("0203", "2026-03-17")]
    assert all(n.url.startswith("/information/deal/html/b/") for n in shell.notices)
    fields = parse_notice(B_URL.replace("/html/b/", "/html/a/"), A_FILE.read_bytes())
    assert fields["error_page"] and fields["shell"]  # never a notice


def _markup(html: str) -> set[tuple[str, str]]:
    """(tag, class or id) of every element: the page's structure, not its data."""
    return {(m.group(1), m.group(3)) for m in re.finditer(r'<([a-z0-9]+)[^>]*?\b(class|id)=["\']([^"\']+)["\']', html)}


@needs_captures
def test_mirror_pages_follow_the_captured_markup():
    site = GgzySite()
    contract = next(n for n in site.notices if n["stage"] == "0203" and n["body"] == "table")
    b = site.handle(Request("GET", detail_path(contract), {}, b"", {}, "")).bytes().decode()
    a = site.handle(Request("GET", shell_path(contract), {}, b"", {}, "")).bytes().decode()
    assert _markup(B_FILE.read_text(encoding="utf-8")) <= _markup(b)
    assert _markup(A_FILE.read_text(encoding="utf-8")) <= _markup(a)
    for script in ("var firstLastUrl", "showDetail(this", "var mycl", "var myst", "dealDetailList.js"):
        assert script in a
    assert "var recordTime" in b and "dealdetail.css" in b


@needs_captures
def test_mirror_envelope_has_the_captured_keys_in_order():
    real = json.loads(JSON_FILE.read_text(encoding="utf-8"))
    site = GgzySite()
    form = {"TIMEBEGIN_SHOW": "2026-11-17", "TIMEEND_SHOW": "2026-11-17", "TIMEBEGIN": "2026-11-17",
            "TIMEEND": "2026-11-17", "SOURCE_TYPE": "1", "DEAL_TIME": "06", "DEAL_CLASSIFY": "02", "isShowAll": "1",
            "PAGENUMBER": "1", "FINDTXT": ""}
    reply = site.handle(Request("POST", API, form, b"", {"Content-Type": "application/x-www-form-urlencoded"}, ""))
    got = json.loads(reply.bytes())
    assert list(got) == list(real) and list(got["data"]) == list(real["data"])
    assert got["code"] == 200 and isinstance(got["code"], int) and got["message"] == "success"
    assert list(got["data"]["records"][0]) == list(real["data"]["records"][0])
    url_form = re.compile(r"^/information/deal/html/a/\d{6}/\d{4}/\d{8}/[0-9a-f]+\.html$")
    assert all(url_form.match(r["url"]) for r in real["data"]["records"])
    assert all(url_form.match(r["url"]) for r in got["data"]["records"])
