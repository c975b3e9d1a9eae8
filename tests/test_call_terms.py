"""The terms of a call a vendor reads (parsers/call_terms.py): 开标 time and place, the 获取采购文件 window, the 资格要求
summary. One item per case; the cases of the tables are in tests/fixtures/call_terms.json: excerpts of development
pages (named in each case) or text written in the national templates' wording (SOURCES.md §8)."""

import json
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import pytest

from parsers import parse_notice
from parsers.call_terms import apply_call_terms, summary_terms
from parsers.dates import parse_datetime
from parsers.documents import read_documents
from parsers.opening import read_opening
from parsers.qualification import read_qualification

D = datetime
CASES = json.loads((Path(__file__).parent / "fixtures" / "call_terms.json").read_text(encoding="utf-8"))


def _time(text: str | None) -> datetime | None:
    return datetime.strptime(text, "%Y-%m-%d %H:%M") if text else None


def _ids(table: str) -> list[str]:
    return [c.get("case") or c["text"] for c in CASES[table]]


# ------------------------------------------------------------------------------------------------ times

@pytest.mark.parametrize("case", CASES["times"], ids=_ids("times"))
def test_time_forms(case):
    assert parse_datetime(case["text"]) == _time(case["expected"])


# ------------------------------------------------------------------------------------------------ opening

@pytest.mark.parametrize("case", CASES["opening"], ids=_ids("opening"))
def test_opening(case):
    found = read_opening(case["text"])
    when = _time(case["opening"])
    assert found.get("opening") == when
    assert found.get("opening_place") == case["place"]
    if when:
        assert parse_datetime(found["opening_raw"]) == when  # the raw text it was read from


@pytest.mark.parametrize("case", CASES["deadline"], ids=_ids("deadline"))
def test_deadline_beside_the_opening(case):
    assert read_opening(case["text"]).get("deadline") == _time(case["deadline"])


def test_a_date_without_a_time_is_read_with_a_warning():
    found = read_opening("开标时间:2026年11月17日")
    assert found["opening"] == D(2026, 11, 17) and found["opening_warnings"] == [
        "opening: no time of day in '2026年11月17日'"]


# ------------------------------------------------------------------------------------------------ documents

@pytest.mark.parametrize("case", CASES["documents"], ids=_ids("documents"))
def test_documents(case):
    found = read_documents(case["text"])
    docs = found["documents"]
    expected = dict(case["expected"], price_cny=Decimal(case["expected"]["price_cny"]))
    assert {k: docs.get(k) for k in expected} == expected
    assert docs["raw"] and found["warnings"] == []


def test_no_documents_part_no_documents():
    assert read_documents("一、项目编号:ABC123\n二、项目名称:某项目\n三、中标(成交)信息") == {"documents": None, "warnings": []}


def test_a_part_without_a_readable_window_warns():
    found = read_documents("三、获取招标文件\n时间：详见招标文件\n地点：某市公共资源交易网\n四、提交投标文件截止时间")
    assert found["documents"]["place"] == "某市公共资源交易网" and "to" not in found["documents"]
    assert found["warnings"] == ["documents: the 获取文件 window was not read"]


def test_the_ccgp_summary_cells():  # 公告概要 of a tender (SOURCES.md §4.4), as the mirror prints them
    got = summary_terms({"开标时间": "2026年11月09日 09:30", "开标地点": "四川省成都市武侯区公共资源交易中心开标室",
                         "获取招标文件时间": "2026年10月19日至2026年10月26日每日上午:09:00 至 12:00 下午:13:00 至 17:00（北京时间，法定节假日除外）",
                         "招标文件售价": "￥0 元（人民币）", "获取招标文件的地点": "政府采购云平台"})
    assert got["opening"] == D(2026, 11, 9, 9, 30) and got["opening_place"] == "四川省成都市武侯区公共资源交易中心开标室"
    assert {k: got["documents"][k] for k in ("from", "to", "place", "price_cny")} == {
        "from": "2026-10-19", "to": "2026-10-26", "place": "政府采购云平台", "price_cny": Decimal("0")}


# ------------------------------------------------------------------------------------------------ qualification

@pytest.mark.parametrize("case", CASES["qualification"], ids=_ids("qualification"))
def test_qualification(case):
    q = read_qualification(case["text"])["qualification"] or {}
    assert (q.get("consortium"), q.get("sme_only")) == (case["consortium"], case["sme_only"])
    if case["consortium"] is not None or case["sme_only"] is not None:
        assert q["raw"]


def test_a_reserved_share_is_kept_as_printed():
    q = read_qualification("2.落实政府采购政策需满足的资格要求：本项目预留40%的采购份额专门面向中小企业采购。")["qualification"]
    assert q["sme_reserved"] == "本项目预留40%的采购份额专门面向中小企业采购" and q["sme_only"] is None


@pytest.mark.parametrize("text,warning", [
    ("本项目（是/否）接受联合体投标。", "the 联合体 clause is the template's"),
    ("标项一\n本标项(否)接受联合体投标\n标项二\n本标项(是)接受联合体投标", "disagree on 联合体"),
])
def test_unsure_qualification_is_none_with_a_warning(text, warning):
    found = read_qualification(text)
    assert found["qualification"]["consortium"] is None
    assert any(warning in w for w in found["warnings"])


# ------------------------------------------------------------------------------------------------ merged

def test_the_layouts_reading_wins_and_the_text_fills_the_rest():
    out = {"text": "三、获取招标文件\n时间：2026年10月20日至2026年10月27日\n售价（元）：0\n四、提交投标文件截止时间、开标时间和地点\n"
                   "开标时间：2026年11月17日 09:30\n开标地点：某市公共资源交易中心\n提交投标文件截止时间：2026年11月17日 09:30",
           "opening": D(2026, 11, 18, 9, 30), "opening_raw": "2026年11月18日 09:30", "documents": {"place": "政府采购云平台"},
           "warnings": []}
    apply_call_terms(out)
    assert out["opening"] == D(2026, 11, 18, 9, 30) and out["opening_place"] == "某市公共资源交易中心"
    assert out["documents"]["place"] == "政府采购云平台" and out["documents"]["to"] == "2026-10-27"
    assert out["deadline"] == D(2026, 11, 17, 9, 30)  # the layout had none


def test_a_layouts_deadline_is_kept():
    out = apply_call_terms({"text": "截止时间:2021年05月10日 09:00", "deadline": D(2021, 5, 11, 9, 0), "warnings": []})
    assert out["deadline"] == D(2021, 5, 11, 9, 0)


def test_a_correction_moves_the_opening_too():
    text = ("一、项目基本情况\n原公告的采购项目编号：ABC-2026-1\n二、更正信息\n更正事项：采购文件\n"
            "更正内容：提交投标文件截止时间及开标时间变更为2026年11月17日 09点30分（北京时间）。\n更正日期：2026年10月23日")
    out = parse_notice(None, "更正公告\n" + text)
    assert out["notice_type"] == "更正公告" and out["opening"] == D(2026, 11, 17, 9, 30)
    assert out["deadline"] == D(2026, 11, 17, 9, 30)


def test_through_parse_notice_the_fields_keep_the_contract():
    from common.contract import contract_errors

    text = ("某单位某项目公开招标公告\n项目概况\n某项目招标项目的潜在投标人应在某市公共资源交易网获取招标文件，并于2026年11月17日 09:30（北京时间）前递交投标文件。\n"
            "一、项目基本情况\n项目编号：ABC-2026-1\n本项目（否）接受联合体投标。\n二、申请人的资格要求：\n"
            "2.落实政府采购政策需满足的资格要求：本项目专门面向中小企业采购。\n三、获取招标文件\n时间：2026年10月20日至2026年10月27日\n"
            "售价：￥0元\n四、提交投标文件截止时间、开标时间和地点\n2026年11月17日 09:30（北京时间）\n地点：某市公共资源交易中心开标室\n五、公告期限")
    out = parse_notice(None, text)
    assert out["opening"] == D(2026, 11, 17, 9, 30) and out["opening_place"] == "某市公共资源交易中心开标室"
    assert out["documents"]["to"] == "2026-10-27" and out["documents"]["place"] == "某市公共资源交易网"
    assert (out["qualification"]["consortium"], out["qualification"]["sme_only"]) == (False, True)
    assert contract_errors(out) == []


# ------------------------------------------------------------------------------------------------ mirrors, store

def test_the_zcy_mirror_tender_carries_the_window_in_its_classes():
    import json

    from mirrors.zcy.data import TENDER, build_notices, detail_record

    n = next(n for n in build_notices() if n["category"] == TENDER)
    body = json.dumps({"success": True, "result": {"data": detail_record(n)}}, ensure_ascii=False).encode("utf-8")
    out = parse_notice("https://zfcg.czt.zj.gov.cn/portal/detail?articleId=x", body)
    assert out["documents"]["from"] == parse_datetime(n["doc_from"]).date().isoformat()
    assert out["documents"]["to"] == parse_datetime(n["doc_to"]).date().isoformat()
    assert out["opening"] == parse_datetime(n["deadline"])


def test_the_gpcms_mirror_tender_states_its_terms():
    import json

    from mirrors.gpcms.data import TENDER, build_notices

    n = next(n for n in build_notices("guangdong") if n["noticeType"] == TENDER)
    record = {k: n[k] for k in ("title", "noticeTime", "content", "noticeType", "noticeTypeName")} | {
        "purchaser": n["buyer"], "attchList": []}
    out = parse_notice("https://gdgpo.czt.gd.gov.cn/gpcms/rest/web/v2/info/getInfoById?id=1",
                       json.dumps({"code": "200", "data": record}, ensure_ascii=False).encode("utf-8"))
    assert out["opening"] == parse_datetime(n["deadline"]) and out["opening_place"] == "广东政府采购网电子开标大厅"
    assert out["documents"]["price_cny"] == Decimal("0") and out["documents"]["to"] == parse_datetime(
        n["docs_until"]).date().isoformat()
    assert out["qualification"] == {"consortium": False, "sme_only": True, "sme_reserved": None,
                                    "raw": out["qualification"]["raw"]}


def test_stored_and_exported_typed(tmp_path):
    from store.db import open_store
    from store.export import rows
    from store.filters import NoticeFilter
    from store.notices import save_notice

    fields = {"title": "某项目公开招标公告", "notice_type": "招标/采购公告", "buyer": "某市数据资源局",
              "opening": D(2026, 11, 17, 9, 30), "opening_raw": "2026年11月17日 09:30", "opening_place": "某市公共资源交易中心",
              "documents": {"from": "2026-10-20", "to": "2026-10-27", "place": "某市公共资源交易网",
                            "price_cny": Decimal("0.00"), "raw": "2026年10月20日至2026年10月27日"},
              "qualification": {"consortium": False, "sme_only": True, "sme_reserved": None, "raw": "本项目（否）接受联合体投标"}}
    engine, Session = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    with Session.begin() as s:
        save_notice(s, source="ccgp", source_id="1", url="http://www.ccgp.gov.cn/t_1.htm", raw_page_id=None,
                    fields=fields, parse_version="test")
    with Session() as s:
        row = next(rows(s, NoticeFilter()))
    engine.dispose()
    assert row["opening"] == D(2026, 11, 17, 9, 30) and row["opening_place"] == "某市公共资源交易中心"
    assert (row["documents_from"], row["documents_to"], row["documents_price_cny"]) == (
        "2026-10-20", "2026-10-27", Decimal("0.00"))
    assert (row["qualification_consortium"], row["qualification_sme_only"]) == (False, True)
