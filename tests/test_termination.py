"""终止/废标公告 (parsers/termination.py): the reason, where the national template (SOURCES.md §8) puts it — the
section 项目废标、流标的原因 / 项目终止的原因, a 终止原因： line, the sentence that says it — one test item per case;
every termination of the ccgp mirror parses back to the reason its page prints."""

from __future__ import annotations

import pytest

from common.notice_types import FAILED
from parsers import parse_notice
from parsers.termination import termination_reason
from tests.test_contract_notice import mirror_pages

CASES = [  # (case, body text, reason as read (NFKC) or None)
    ("the template's section, up to the next one",
     "一、项目基本情况\n采购项目编号：JSZC-2026-55849\n采购项目名称：商用密码应用安全性评估服务项目\n"
     "二、项目废标、流标的原因\n本项目因递交投标文件的供应商不足三家，予以废标。\n三、其他补充事宜\n无",
     "本项目因递交投标文件的供应商不足三家,予以废标。"),
    ("the reason on the heading's line; the contacts are skipped to 九",
     "一、项目基本情况\n采购项目名称：某项目\n二、项目终止的原因：因采购需求发生重大变化，采购任务取消，本项目终止。\n"
     "九、凡对本次公告内容提出询问，请按以下方式联系。\n1.采购人信息\n名 称：某局",
     "因采购需求发生重大变化,采购任务取消,本项目终止。"),
    ("numbered reasons over two lines",
     "二、项目终止的原因\n1、有效供应商不足三家；\n2、采购人预算调整。\n1.采购人信息\n名 称：某局",
     "1、有效供应商不足三家; 2、采购人预算调整。"),
    ("a 终止原因： line", "采购项目名称：某项目\n终止原因：采购人取消采购计划\n采购人：某局", "采购人取消采购计划"),
    ("a 废标理由： line", "标项1 废标理由：符合专业条件的供应商或者对招标文件作实质响应的供应商不足三家",
     "符合专业条件的供应商或者对招标文件作实质响应的供应商不足三家"),
    ("the sentence that says it",
     "某某项目（编号ZJ-2026-0001）于2026年1月5日开标，因有效供应商不足三家，本项目废标。特此公告。",
     "某某项目(编号ZJ-2026-0001)于2026年1月5日开标,因有效供应商不足三家,本项目废标。"),
    ("a blank section is no reason", "二、项目终止的原因\n/\n三、其他补充事宜\n无", None),
    ("a masked reason is unknown", "二、项目终止的原因\n****\n三、其他补充事宜", None),
    ("no reason at all", "一、项目基本情况\n采购项目名称：某项目\n二、其他补充事宜\n无", None),
]


@pytest.mark.parametrize("case, text, want", CASES, ids=[c[0] for c in CASES])
def test_termination_reason(case, text, want):
    assert termination_reason(text) == want


def test_a_termination_without_reason_says_so():
    out = parse_notice(None, "某项目终止公告\n一、项目基本情况\n采购项目名称：某项目\n二、其他补充事宜\n无")
    assert out["notice_type"] == FAILED and out["termination_reason"] is None
    assert "termination without a reason found (终止/废标的原因)" in out["warnings"]


def test_other_notices_have_no_reason():
    out = parse_notice(None, "某项目公开招标公告\n一、项目基本情况\n因疫情原因，本项目开标时间另行通知，不予终止。")
    assert "termination_reason" not in out


@pytest.mark.parametrize("n, url, body", mirror_pages("termination"), ids=lambda x: str(x["id"]) if isinstance(x, dict) else "")
def test_every_mirror_termination_parses_back(n, url, body):
    from mirrors.ccgp.contracts import termination_reason_of
    from parsers.text import nfkc

    assert parse_notice(url, body)["termination_reason"] == nfkc(termination_reason_of(n))
