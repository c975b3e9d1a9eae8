"""采购意向公开 (parsers/intents.py): one row per planned purchase — 项目名称, 需求概况, 预算金额, 预计采购时间 — from the
template's table (SOURCES.md §8) as HTML, as tab-separated text, as pipe text with cells broken over lines (the
江西 招标计划, realdata notices/027); 万元 in the header or a 单位 note scales every row; a masked budget is unknown.
One test item per case; every intent of the gpcms and 政采云 mirrors parses back to its data."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from common.notice_types import INTENT
from parsers import parse_notice
from parsers.intents import planned_month, read_intents

HEAD = "为便于供应商及时了解政府采购信息，根据《财政部关于开展政府采购意向公开工作的通知》（财库〔2020〕10号）等有关规定，现将采购意向公开如下：\n"
NATIONAL_HTML = (
    "<html><head><title>广州市番禺区卫生健康局2026年12月政府采购意向</title></head><body><h1>广州市番禺区卫生健康局"
    "2026年12月政府采购意向</h1><p>" + HEAD + "</p><table border='1'><tr><th>序号</th><th>采购项目名称</th>"
    "<th>采购需求概况</th><th>预算金额（万元）</th><th>预计采购时间（填写到月）</th><th>备注</th></tr>"
    "<tr><td>1</td><td>区域全民健康信息平台升级项目</td><td><p>平台升级改造，</p><p>含数据治理服务</p></td><td>380.5</td>"
    "<td>2027年3月</td><td></td></tr>"
    "<tr><td>2</td><td>医疗机构网络安全等级保护测评服务</td><td>三级系统等保测评</td><td>45</td><td>2027年01月</td>"
    "<td>专门面向中小企业</td></tr></table><p>本次公开的采购意向是本单位政府采购工作的初步安排，具体采购项目情况以相关采购公告和"
    "采购文件为准。</p></body></html>")
PRETTY_HTML = """<html><head><title>某市教育局采购意向公开</title></head><body>
<p>金额单位：万元</p>
<table>
  <tr>
    <td>项目名称</td>
    <td>采购内容</td>
    <td>采购预算</td>
    <td>预计采购月份</td>
  </tr>
  <tr>
    <td>智慧校园网络升级改造</td>
    <td>核心交换机、无线AP</td>
    <td>120</td>
    <td>2026-11</td>
  </tr>
</table>
</body></html>"""
# realdata notices/027 (江西 招标计划, pipe text, one cell a line broken where the page wrapped)
JIANGXI = ("乐安县智慧停车场项目医疗应急中心地块1#立体车库采购意向 |\n序号 | 项目名称 | 建设单位（或招标人） | 项目概况 | 招标\n"
           "方式 | 投资额或估算价（万元） | 资金来源 | 预计招标时间 |\n1 | 乐安县智慧停车场项目医疗应急中心地块1#立体车库采购 | "
           "乐安县城市管理局 | 升降横移类机械式停车库设备等。\n注：招标项目实际情况以招标公告及招标文件为准 | 公开\n招标 | 450 | "
           "专项债资金 | 2026年5月 |\n注：招标项目实际情况以招标公告及招标文件为准 |\n")
TABS_YUAN = (HEAD + "序号\t采购项目名称\t采购需求概况\t预算金额（元）\t预计采购时间\t\n1\t档案数字化加工服务\t纸质档案扫描\t"
             "1,200,000.00\t2026年第四季度\t\n2\t办公设备采购\t台式计算机50台\t**\t2026年10月份\t\n")

CASES = [  # (case, page, rows as (name, summary, budget_cny, planned), a warning or None)
    ("national table: 万元 header scales every row", NATIONAL_HTML,
     [("区域全民健康信息平台升级项目", "平台升级改造,含数据治理服务", Decimal("3805000.00"), "2027-03"),
      ("医疗机构网络安全等级保护测评服务", "三级系统等保测评", Decimal("450000.00"), "2027-01")], None),
    ("one tag a line, a 金额单位 note above the table", PRETTY_HTML,
     [("智慧校园网络升级改造", "核心交换机、无线AP", Decimal("1200000.00"), "2026-11")], None),
    ("pipe text broken over lines; an 估算价 is not a budget", JIANGXI,
     [("乐安县智慧停车场项目医疗应急中心地块1#立体车库采购", "升降横移类机械式停车库设备等。注:招标项目实际情况以招标公告及招标文件为准",
       None, "2026-05")], None),
    ("a plan that gives only an estimate: the rows, no budget",
     "序号 | 项目名称 | 投资额或估算价（万元） |\n1 | 南城县老城区雨污分流改造工程 | 800 |\n",
     [("南城县老城区雨污分流改造工程", None, None, None)], None),
    ("yuan header, a quarter and a masked budget", TABS_YUAN,
     [("档案数字化加工服务", "纸质档案扫描", Decimal("1200000.00"), None),
      ("办公设备采购", "台式计算机50台", None, "2026-10")], "intent budget masked (**): unknown"),
]


@pytest.mark.parametrize("case, page, rows, warning", CASES, ids=[c[0] for c in CASES])
def test_intent_rows(case, page, rows, warning):
    out = parse_notice(None, page if page.startswith("<") else "某单位采购意向公开\n" + page)
    assert out["notice_type"] == INTENT
    assert [(r["name"], r["summary"], r["budget_cny"], r["planned"]) for r in out["intents"]] == rows
    assert all(r["raw"] for r in out["intents"])
    if warning:
        assert warning in out["warnings"]


def test_the_table_names_the_buyer_and_method_when_the_page_does_not():
    rows, whole, _ = read_intents(JIANGXI)
    assert len(rows) == 1 and whole["buyer"] == "乐安县城市管理局" and whole["method"] == "公开招标"


def test_a_single_row_gives_the_notice_its_budget():
    out = parse_notice(None, PRETTY_HTML)
    assert out["budget_cny"] == Decimal("1200000.00") and out["budget_raw"] == "120"


def test_an_intent_without_its_table_says_so():
    out = parse_notice(None, "某单位采购意向公开\n详见附件。")
    assert out["intents"] == [] and "intent notice without its table of planned purchases" in out["warnings"]


@pytest.mark.parametrize("value, want", [
    ("2026年5月", "2026-05"), ("2026-05", "2026-05"), ("2026年05月份", "2026-05"), ("2026.11", "2026-11"),
    ("2026年5-6月", "2026-05"), ("2026/12", "2026-12"), ("2026年第二季度", None), ("2026年", None), ("", None),
    ("2026年13月", None)])
def test_planned_month(value, want):
    assert planned_month(value) == want


def _gpcms_intents():
    from mirrors.gpcms.server import GpcmsSite
    from mirrors.http import Request

    site = GpcmsSite("guangdong")
    out = []
    for n in site.notices:
        if n["noticeType"] == "59":
            body = site.handle(Request("GET", "/gpcms/rest/web/v2/info/getInfoById", {"id": n["id"]}, b"",
                                       {"User-Agent": "Mozilla/5.0 (Windows NT 10.0) Chrome/142.0"}, "http://x")).bytes()
            out.append((n["project"], n["need"], Decimal(n["budget"]), n["month"], body))
    return out


def _zcy_intents():
    from mirrors.zcy.data import INTENT as INTENT_CODE, build_notices, detail_record

    return [(n["project"], n["need"], Decimal(n["budget"]), n["month"],
             json.dumps({"success": True, "result": {"data": detail_record(n)}}, ensure_ascii=False).encode("utf-8"))
            for n in build_notices() if n["category"] == INTENT_CODE]


@pytest.mark.parametrize("name, need, budget, month, body", _gpcms_intents() + _zcy_intents(),
                         ids=lambda x: x if isinstance(x, str) and x.endswith("项目") else "")
def test_every_mirror_intent_parses_back(name, need, budget, month, body):
    from parsers.intents import planned_month as month_of
    from parsers.text import nfkc

    out = parse_notice("https://example.invalid/detail", body)
    assert [(r["name"], r["summary"], r["budget_cny"], r["planned"]) for r in out["intents"]] == [
        (name, nfkc(need), budget, month_of(month))]
