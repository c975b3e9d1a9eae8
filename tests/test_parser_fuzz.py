"""Robustness: mutated pages never make the parser raise; encodings are detected."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parsers import parse_notice
from parsers.text import MAX_PAGE_BYTES, decode
from mirrors.ccgp.server import CcgpSite, load_notices

SITE = CcgpSite()
PAGES = [SITE.page(n) for n in load_notices()[:12]]


def _check(out: dict) -> None:
    assert isinstance(out, dict) and isinstance(out["warnings"], list)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(page=st.sampled_from(PAGES), cut=st.floats(0, 1), junk=st.binary(max_size=200),
       where=st.floats(0, 1), mode=st.sampled_from(["truncate", "insert", "drop_tags", "nest", "script", "recode"]))
def test_mutated_pages_never_raise(page, cut, junk, where, mode):
    i = int(len(page) * where)
    if mode == "truncate":
        body = page[: int(len(page) * cut)]
    elif mode == "insert":
        body = page[:i] + junk + page[i:]
    elif mode == "drop_tags":
        body = page.replace(b"</td>", b"").replace(b"</tr>", b"").replace(b"<table", b"<tabl")
    elif mode == "nest":
        body = page[:i] + b"<table><tr><td class='title'>" * 50 + page[i:]
    elif mode == "script":
        body = page[:i] + b"<script>document.write('<td class=title>')</script><title>&#0;</title>" + page[i:]
    else:
        body = page.decode("utf-8", "replace").encode("gb18030", "replace") if b'charset="utf-8"' in page \
            else page.decode("gb18030", "replace").encode("utf-8")
    _check(parse_notice("http://www.ccgp.gov.cn/cggg/dfgg/gkzb/202611/t20261101_1.htm", body))
    _check(parse_notice(None, body))


@settings(max_examples=100, deadline=None)
@given(text=st.text(max_size=3000))
def test_arbitrary_text_never_raises(text):
    _check(parse_notice(None, text.encode("utf-8")))
    _check(parse_notice(None, text))


def test_control_characters_inside_the_body():
    """Found by the fuzz test: lxml refuses to store text with control characters, so the body is read
    without writing to the tree."""
    page = PAGES[0]
    i = page.index("项目编号".encode("utf-8"))
    out = parse_notice("http://www.ccgp.gov.cn/cggg/dfgg/gkzb/202611/t20261101_1.htm", page[:i] + b"\x01\x02" + page[i:])
    _check(out)
    assert out["project_code"] is not None


def test_ten_megabytes_of_junk_is_cut_and_reported():
    body = b"<html><body>" + b"<div>\xe9\x87\x87\xe8\xb4\xad</div>" * (10 * 1024 * 1024 // 20) + b"</body></html>"
    assert len(body) > MAX_PAGE_BYTES
    out = parse_notice(None, body)
    assert any("cut" in w for w in out["warnings"])


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "gb18030"])
def test_encodings_are_detected_without_a_declaration(encoding):
    text = "<html><body><p>采购人：长沙县大数据中心</p><p>预算金额：壹佰贰拾万元整</p><p>项目编号：HN-2026-01 𠀀</p></body></html>"
    if encoding == "gbk":
        text = text.replace(" 𠀀", "")  # outside GBK
    body = text.encode(encoding)
    decoded, used = decode(body)
    assert "长沙县大数据中心" in decoded
    assert used == ("utf-8" if encoding == "utf-8" else "gb18030")
    out = parse_notice(None, body)
    assert out["buyer"] == "长沙县大数据中心" and str(out["budget_cny"]) == "1200000.00"
