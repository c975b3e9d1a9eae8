"""更正公告 (parsers/corrections.py): a correction's changes as (what, old, new) and the new deadline / budget set on
its own fields. One case per (notice, field): the bundled ccgp mirror's corrections, a real ccgp-beijing correction
(realdata notices/042, when ../shared is present), and the national template's phrasings (SOURCES.md §8)."""

from __future__ import annotations

import os
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from parsers import parse_notice
from parsers.corrections import apply_changes, correction_section, looks_like_correction, parse_changes
from mirrors.ccgp.server import CcgpSite, load_notices, notice_path

SHARED = Path(os.environ.get("TENDERWATCH_SHARED") or Path(__file__).resolve().parents[2] / "shared")
REAL_042 = SHARED / "realdata" / "notices" / "042.txt"

CORRECTIONS = [n for n in load_notices() if n["kind"] == "correction"]


@pytest.fixture(scope="module")
def mirror_parsed():
    site = CcgpSite()
    return {n["id"]: parse_notice("http://www.ccgp.gov.cn" + notice_path(n), site.page(n)) for n in CORRECTIONS}


def test_the_mirror_has_its_twelve_corrections():
    assert len(CORRECTIONS) == 12


@pytest.mark.parametrize("n", CORRECTIONS, ids=lambda n: f"{n['id']}-deadline")
def test_mirror_correction_deadline_is_the_new_one(n, mirror_parsed):
    out = mirror_parsed[n["id"]]
    assert out["deadline"] == datetime.strptime(n["open_time"], "%Y-%m-%d %H:%M")
    assert out["deadline_raw"].startswith(datetime.strptime(n["open_time"], "%Y-%m-%d %H:%M").strftime("%Y年%m月%d日"))


@pytest.mark.parametrize("n", CORRECTIONS, ids=lambda n: f"{n['id']}-changes")
def test_mirror_correction_changes(n, mirror_parsed):
    changes = mirror_parsed[n["id"]]["changes"]
    assert [(c["what"], c["old"], c["field"]) for c in changes] == [("提交投标文件截止时间及开标时间", None, "deadline")]
    assert changes[0]["new"].endswith("(北京时间)")


# (case, body text as a layout extracts it, field, expected)
TEXT_CASES = [
    # SOURCES.md §8: the template's 更正内容
    ("template-deadline", "二、更正信息\n更正事项:采购公告\n更正内容:投标截止时间和开标时间变更为2026年12月08日 09:30\n"
     "更正日期:2026年11月28日", "deadline", datetime(2026, 12, 8, 9, 30)),
    ("template-changes", "二、更正信息\n更正事项:采购公告\n更正内容:投标截止时间和开标时间变更为2026年12月08日 09:30\n"
     "更正日期:2026年11月28日", "changes",
     [{"what": "投标截止时间和开标时间", "old": None, "new": "2026年12月08日 09:30", "field": "deadline"}]),
    # 原X为A，现变更为B: the old value is kept
    ("original-was", "二、更正信息\n更正内容:原投标截止时间为2026年5月6日9:30,现变更为2026年5月13日9:30。\n更正日期:2026年4月28日",
     "changes", [{"what": "投标截止时间", "old": "2026年5月6日9:30", "new": "2026年5月13日9:30", "field": "deadline"}]),
    ("original-was-deadline", "二、更正信息\n更正内容:原投标截止时间为2026年5月6日9:30,现变更为2026年5月13日9:30。",
     "deadline", datetime(2026, 5, 13, 9, 30)),
    # numbered changes; 由A调整为B; 推迟至
    ("numbered-budget", "二、更正信息\n更正内容:1、预算金额由120万元调整为150万元;2、投标截止时间推迟至2026年12月08日 09:30(北京时间)。\n"
     "三、其他补充事宜", "budget_cny", Decimal("1500000")),
    ("numbered-deadline", "二、更正信息\n更正内容:1、预算金额由120万元调整为150万元;2、投标截止时间推迟至2026年12月08日 09:30(北京时间)。\n"
     "三、其他补充事宜", "deadline", datetime(2026, 12, 8, 9, 30)),
    ("numbered-old-budget", "二、更正信息\n更正内容:1、预算金额由120万元调整为150万元;2、投标截止时间推迟至2026年12月08日 09:30(北京时间)。",
     "changes", [{"what": "预算金额", "old": "120万元", "new": "150万元", "field": "budget_cny"},
                 {"what": "投标截止时间", "old": None, "new": "2026年12月08日 09:30(北京时间)", "field": "deadline"}]),
    # a 更正项 | 更正前 | 更正后 table (cells end in a tab, as the ccgp layout writes them)
    ("table-max-price", "二、更正信息\n更正内容:\n序号\t更正项\t更正前内容\t更正后内容\t\n1\t最高限价\t980000元\t1200000元\t\n"
     "更正日期:2026年11月3日", "max_price_cny", Decimal("1200000")),
    # a change of the 开标 time only still moves the deadline; one of the 截止 time wins over it
    ("opening-only", "二、更正信息\n更正内容:开标时间变更为2026年12月10日14:00。", "deadline", datetime(2026, 12, 10, 14, 0)),
    ("cutoff-wins", "二、更正信息\n更正内容:1、开标时间变更为2026年12月10日14:00;2、响应文件提交截止时间变更为2026年12月10日09:30。",
     "deadline", datetime(2026, 12, 10, 9, 30)),
    # other dates are not the deadline
    ("documents-period", "二、更正信息\n更正内容:获取招标文件截止时间延长至2026年12月01日17:00。", "deadline", None),
    # a correction that changes nothing the notice has a field for
    ("quantity", "二、更正信息\n更正内容:主要标的信息中防弹防刺服数量1更正为195", "changes",
     [{"what": "主要标的信息中防弹防刺服数量", "old": "1", "new": "195", "field": None}]),
    # without the 更正信息 section only a field's change counts (a licence 变更为 is not a change of the notice)
    ("no-section", "一、项目基本情况\n投标人须具备承装(修、试)电力设施许可证五级(7月1日起变更为承装(修、试)三级)。"
     "投标截止时间和开标时间变更为2026年12月08日 09:30", "changes",
     [{"what": "投标截止时间和开标时间", "old": None, "new": "2026年12月08日 09:30", "field": "deadline"}]),
]


@pytest.mark.parametrize("case,text,field,expected", TEXT_CASES, ids=[c[0] for c in TEXT_CASES])
def test_correction_text(case, text, field, expected):
    out = apply_changes({"notice_type": "更正公告", "text": text, "warnings": []})
    assert out.get(field) == expected


def test_other_notices_are_left_alone():
    text = "投标人须具备承装(修、试)电力设施许可证五级(7月1日起变更为承装(修、试)三级)。"
    out = apply_changes({"notice_type": "招标/采购公告", "text": text, "deadline": None})
    assert "changes" not in out and out["deadline"] is None


def test_a_correction_without_a_change_says_so():
    out = apply_changes({"notice_type": "更正公告", "text": "二、更正信息\n更正事项:采购文件\n更正日期:2026年10月23日",
                         "warnings": []})
    assert out["changes"] == [] and out["warnings"] == ["correction without a change found (更正内容)"]


def test_section_ends_at_the_next_heading():
    text = "二、更正信息 更正事项:采购结果 更正内容: 1、数量1更正为195 更正日期:2020-10-30 三、其他补充事宜 变更为X"
    assert correction_section(text) == "更正信息 更正事项:采购结果 更正内容: 1、数量1更正为195 "


@pytest.mark.skipif(not REAL_042.exists(), reason=f"real notices not present at {REAL_042.parent}")
@pytest.mark.parametrize("field,expected", [
    ("notice_type", "更正公告"),  # the flattened title does not say it; the template's labels do
    ("changes", [{"what": "主要标的信息中防弹防刺服数量", "old": "1", "new": "195", "field": None}]),
    ("deadline", None),
], ids=lambda v: v if isinstance(v, str) else None)
def test_real_ccgp_beijing_correction(field, expected):
    out = parse_notice(None, REAL_042.read_bytes())
    assert out.get(field) == expected


def test_template_labels_mark_a_correction():
    assert looks_like_correction("一、项目基本情况 原公告的采购项目编号:CYCG_20_1846")
    assert not looks_like_correction("一、项目基本情况 项目编号:CYCG_20_1846 采购方式:公开招标")
