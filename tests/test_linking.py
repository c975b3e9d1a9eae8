"""Project linking and organisation names: pure rules, and links measured on the mirrors' truth."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, select

from store.db import open_store
from evals.link import evaluate_mirror, score
from store.link_rules import Past, unfit
from store.linking import code_key, likeness, link_pending, lot_id, marks, relink_all, title_lots, title_stem
from store.models import Notice, Organization, OrganizationAlias, Project, ProjectLink
from store.notices import save_notice
from store.orgs import branch_of, clean_name, is_short_name, name_key, resolve


@pytest.mark.parametrize("a, b", [
    ("ZJCT-2026-12301", "ＺＪＣＴ－２０２６－１２３０１"),
    ("ZJCT-2026-12301", "ZJCT202612301"),
    ("hnzb-2026-001", "HNZB 2026 001"),
    ("JSZC〔2026〕12号", "JSZC(2026)12号"),
])
def test_code_written_two_ways_is_one_code(a, b):
    assert code_key(a) == code_key(b) is not None


@pytest.mark.parametrize("placeholder", [None, "", "/", "无", " - "])
def test_placeholders_are_no_code(placeholder):
    assert code_key(placeholder) is None


@pytest.mark.parametrize("title, buyer, stem", [
    ("长沙市数据资源管理局公共数据共享交换平台建设项目公开招标公告", "长沙市数据资源管理局", "公共数据共享交换平台建设项目"),
    ("四川省公安厅网络安全等级保护测评服务项目单一来源采购公示", "四川省公安厅", "网络安全等级保护测评服务项目"),
    ("【湖南】宜昌市城市运行管理服务平台建设项目中标结果及合同公告", "", "宜昌市城市运行管理服务平台建设项目"),
    ("杭州市余杭区数据资源管理局城市大脑（一期）建设项目更正公告", "杭州市余杭区数据资源管理局", "城市大脑(一期)建设项目"),
    ("招标代理服务项目招标公告", "", "招标代理服务项目"),  # a notice-type word inside the name stays
])
def test_title_stem(title, buyer, stem):
    assert title_stem(title, (buyer,)) == stem


def test_rounds_and_lots_are_kept_apart():
    assert marks("城市大脑(一期)建设项目") != marks("城市大脑(二期)建设项目")
    assert likeness("智慧停车(2026年第二批)项目", "智慧停车项目") == 0.0
    assert likeness("湖南某县第4号政务信息化运维服务项目", "湖南某县第40号政务信息化运维服务项目") == 0.0
    assert likeness("雪亮工程视频监控系统建设项目", "雪亮工程视频监控系统建设项目") == 1.0
    assert 0.8 <= likeness("雪亮工程视频监控系统建设项目", "雪亮工程视频监控系统建设") < 1.0


def test_lifecycle_rules():
    t = lambda d: datetime(2026, 11, d, 10)  # noqa: E731
    tender, award = Past("招标/采购公告", t(2), t(23), Decimal(100)), Past("中标/成交公告", t(24), award=Decimal(95))
    assert unfit("更正公告", t(10), [tender]) is None
    assert "中标" in unfit("更正公告", t(26), [tender, award])  # no correction after the award
    assert "合同" in unfit("合同公告", t(26), [tender, award, Past("合同公告", t(25), award=Decimal(95))])
    assert unfit("合同公告", t(10), [tender]) == "该项目尚无中标公告"
    assert unfit("中标/成交公告", t(1), [tender]) == "该项目的采购公告在其后"
    # lots: lot 1's award does not end lot 2
    lot1 = Past("中标/成交公告", t(24), award=Decimal(40), lots=frozenset({"1"}))
    assert unfit("中标/成交公告", t(26), [tender, lot1], frozenset({"2"})) is None
    assert "同一标包" in unfit("中标/成交公告", t(26), [tender, lot1], frozenset({"1"}))


@pytest.mark.parametrize("title, lots", [
    ("某项目（包2）中标公告", {"2"}), ("某项目第二包成交公告", {"2"}), ("某项目3标段中标公告", {"3"}),
    ("某项目标段四中标", {"4"}), ("某项目采购包1、采购包2结果公告", {"1", "2"}), ("某包装材料采购项目公告", set()),
    ("湖南某县第4号政务项目招标公告", set()),
])
def test_lots_named_by_titles(title, lots):
    assert title_lots(title) == lots
    assert not ({"包", "标段"} & set(title_stem(title)) - set("某包装材料采购项目"))


def test_lot_ids():
    assert [lot_id(x) for x in ("包3", "第二包", "02", "十二", "二十", "二十一", "标段")] == \
        ["3", "2", "2", "12", "20", "21", None]


def test_organisation_names():
    assert clean_name(" 华信智城 科技有限公司 ") == "华信智城科技有限公司"
    assert name_key("华信（湖南）科技有限责任公司") == name_key("华信(湖南)科技有限公司")
    assert name_key("中华人民共和国海关总署") == "海关总署"
    assert name_key("星城数字技术股份有限公司（联合体牵头人）") == "星城数字技术股份有限公司"
    assert branch_of("长江建设工程有限公司济南分公司") == "长江建设工程有限公司"
    assert branch_of("长沙市数据资源管理局") is None
    assert is_short_name("西部数智") and not is_short_name("西部数智集团有限公司")
    assert clean_name("China  Mobile Ltd") == "China Mobile Ltd"  # spaces between Latin words stay


def test_organisations_merge_and_credit_code_wins(db_url):
    engine, Session = open_store(db_url)
    code = "91436533NMN5BD72RD"
    with Session.begin() as s:
        full = resolve(s, "西部数智集团有限公司")
        assert resolve(s, "西部数智集团有限公司 ") == full  # trailing space
        assert resolve(s, "西部数智") == full  # short name, one organisation starts with it
        assert resolve(s, "西部数智集团有限公司遵义分公司") == full  # a branch
        other = resolve(s, "星城数字技术股份有限公司", code)
        assert resolve(s, "星城数字", code) == other  # the credit code wins over a name never seen
        assert resolve(s, "完全不同的名字有限公司", code) == other
        # one name, two credit codes: two organisations, and the alias says so
        a = resolve(s, "同名科技有限公司", "91430023BL6RUUMQGN")
        b = resolve(s, "同名科技有限公司", "91433991H05T0G4WYF")
        assert a != b
        alias = s.execute(select(OrganizationAlias).where(OrganizationAlias.name == "同名科技有限公司")).scalar_one()
        assert "91433991H05T0G4WYF" in alias.evidence
        assert s.get(Organization, full).name == "西部数智集团有限公司"
    engine.dispose()


def test_mirror_links_meet_the_aim_in_any_order(tmp_path):
    """The pipeline's linking pass over the ccgp + ggzy mirrors (284 notices, 25 % of the ccgp pages print their
    code differently or not at all) against the data files' truth: precision and recall ≥ 0.95, whatever the
    order the pages arrive in; code-only linking (the baseline) misses a quarter of the pairs."""
    for order in ("published", "reverse", "shuffled"):
        linked, baseline = evaluate_mirror(f"sqlite:///{tmp_path}/{order}.db", order)
        assert linked.true_pairs == 137
        assert linked.precision >= 0.95 and linked.recall >= 0.95, (order, linked.wrong, linked.missed)
        assert baseline.recall < 0.8  # the variants are there: the test can tell linking from code matching


def test_link_score_counts_pairs():
    s = score({"a": 1, "b": 1, "c": 2, "d": None}, {"a": "x", "b": "x", "c": "x", "d": "y"})
    assert (s.true_pairs, s.linked_pairs, s.correct_pairs) == (3, 1, 1)
    assert s.precision == 1.0 and s.recall == pytest.approx(1 / 3)


def _fields(title, code, published, kind="招标/采购公告", **extra):
    return {"title": title, "notice_type": kind, "project_code": code, "published_at": published,
            "buyer": "湄潭县农业农村局", "agency": "贵州省政府采购中心"} | extra


def test_conflicts_are_kept_visible_and_relinking_is_idempotent(db_url):
    engine, Session = open_store(db_url)
    stem = "湄潭县农业农村局数字乡村综合服务平台建设项目"
    rows = [
        ("1", _fields(stem + "公开招标公告", "GZZC-1", datetime(2026, 11, 2, 9), deadline=datetime(2026, 11, 23, 9))),
        ("2", _fields(stem + "公开招标公告", "GZZC-2", datetime(2026, 11, 3, 9), deadline=datetime(2026, 11, 24, 9))),
        ("3", _fields(stem + "更正公告", None, datetime(2026, 11, 5, 9), kind="更正公告")),  # fits both: conflict
        ("4", _fields(stem + "更正公告", None, datetime(2026, 11, 6, 9), kind="更正公告",
                      text="首次公告日期：2026年11月02日")),  # cites the first call: project GZZC-1
    ]
    with Session.begin() as s:
        for sid, f in rows:
            save_notice(s, source="test", source_id=sid, url=f"http://example.com/{sid}", raw_page_id=None,
                        fields=f, parse_version="t", link=False)
        link_pending(s)

    def state():
        with Session() as s:
            got = {sid: (pid, code, link.method, bool(link.conflicts)) for sid, pid, code, link in s.execute(
                select(Notice.source_id, Notice.project_id, Project.project_code, ProjectLink)
                .join(Project, Project.id == Notice.project_id).join(ProjectLink, ProjectLink.notice_id == Notice.id))}
            return got, s.execute(select(func.count()).select_from(Project)).scalar_one()

    got, projects = state()
    assert got["3"][2] == "new" and got["3"][3]  # its own project, the two candidates listed
    assert got["4"][0] == got["1"][0] and got["4"][2] == "buyer+title"
    assert got["1"][0] != got["2"][0] and projects == 3
    with Session.begin() as s:
        relink_all(s)
    again, projects_again = state()
    assert {k: v[1:] for k, v in again.items()} == {k: v[1:] for k, v in got.items()} and projects_again == 3
    engine.dispose()


def test_a_lot_award_links_to_its_project_and_counts_per_lot(db_url):
    """A two-lot call (budgets per lot); lot 1's award carries the code; lot 2's does not, names 包2 in its title,
    and arrives when lot 1 is already awarded; an alike project of the same buyer was called later. Lot 2's award
    belongs to the two-lot project (per lot, it has no result yet; the award fits lot 2's budget)."""
    from store.projects import project_figures

    engine, Session = open_store(db_url)
    stem = "湄潭县农业农村局智慧农业物联网平台建设项目"
    rows = [
        ("t", _fields(stem + "公开招标公告", "GZZC-L1", datetime(2026, 11, 2, 9), budget_cny=Decimal("3000000"),
                      deadline=datetime(2026, 11, 23, 9),
                      lots=[{"lot": "1", "budget_cny": "1000000"}, {"lot": "2", "budget_cny": "2000000"}])),
        ("twin", _fields(stem + "公开招标公告", "GZZC-L9", datetime(2026, 11, 16, 9), budget_cny=Decimal("5000000"),
                         deadline=datetime(2026, 12, 7, 9))),
        ("a1", _fields(stem + "（包1）中标公告", "GZZC-L1", datetime(2026, 11, 25, 9), kind="中标/成交公告",
                       award_cny=Decimal("930000"),
                       suppliers=[{"name": "星城数字技术股份有限公司", "lot": "1", "award_cny": Decimal("930000")}])),
        ("a2", _fields(stem + "（包2）中标公告", None, datetime(2026, 11, 26, 9), kind="中标/成交公告",
                       award_cny=Decimal("1850000"),
                       suppliers=[{"name": "华信智城科技有限公司", "lot": "2", "award_cny": Decimal("1850000")}])),
    ]
    with Session.begin() as s:
        for sid, f in rows:
            save_notice(s, source="test", source_id=sid, url=f"http://example.com/{sid}", raw_page_id=None,
                        fields=f, parse_version="t", link=False)
        link_pending(s)
    with Session() as s:
        got = {sid: (pid, link) for sid, pid, link in s.execute(
            select(Notice.source_id, Notice.project_id, ProjectLink).join(ProjectLink, ProjectLink.notice_id == Notice.id))}
        assert got["a2"][0] == got["a1"][0] == got["t"][0] != got["twin"][0]
        assert got["a2"][1].method == "buyer+title" and got["a2"][1].lot == "2" and got["a1"][1].lot == "1"
        notices = s.execute(select(Notice).where(Notice.project_id == got["t"][0])).scalars().all()
        fig = project_figures(notices)
    assert [(x["lot"], x["outcome"], x["ratio"]) for x in fig["lots"]] == [("1", "awarded", 0.93),
                                                                             ("2", "awarded", 0.925)]
    assert fig["outcome"] == "awarded" and fig["ratio"] == pytest.approx(2780000 / 3000000)
    engine.dispose()


def test_mirror_data_sets_never_tuned_on_meet_the_aim(tmp_path):
    """Mirror data sets made the same way with other seeds (7–11: never looked at while the rules were written),
    pooled: precision and recall ≥ 0.95."""
    made = right = true = 0
    for seed in range(7, 12):
        linked, _ = evaluate_mirror(f"sqlite:///{tmp_path}/seed{seed}.db", "shuffled", data_seed=seed)
        made, right, true = made + linked.linked_pairs, right + linked.correct_pairs, true + linked.true_pairs
    assert right / made >= 0.95 and right / true >= 0.95, (right / made, right / true)
