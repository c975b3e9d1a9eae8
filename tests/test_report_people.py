"""The weekly report as a person reads it (issue 18, item 4): at 400 px without horizontal overflow, drill-down
headings in plain Chinese, shares beside counts, amounts beside counts in the charts, one unit per column, 未公布
for an unknown amount, 本周要点 from the week's figures, the largest open tenders with their days left, the
contracts that end in the next six months, `tenders report --all` with the index, and chart links a keyboard
reaches. The store is seeded with test_report's notices plus long real-looking titles and awarded contracts."""

from __future__ import annotations

import html as htmlmod
import os
import re
import subprocess
import sys
from datetime import timedelta
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta

from reports.drill import heading
from reports.format import in_unit, unit_for
from reports.weekly import write
from store.db import open_store
from tests.test_report import CHROMIUM, END, SEED, START, WEEK, _n, in_week, seed, values, written_on_sqlite
from tests.conftest import launch_chromium

LAST_DAY = (END - timedelta(days=1)).date()  # the week's Sunday: days left count from it

LONG = [  # this week: long titles and buyer names as the sites print them
    _n(31, 0, "tender", "关于湖南省长沙市望城区2026—2028年度新型智慧城市运营管理中心及城市信息模型（CIM）基础平台建设"
       "与运维服务项目（第二次）公开招标公告", budget="8600000.00", buyer="长沙市望城区数据资源管理局（长沙市望城区"
       "政务服务中心）", code="430112", level="区县级", deadline=END + timedelta(days=9, hours=9, minutes=30)),
    _n(32, 0, "award", "长沙市公安局交通警察支队2026年度城市道路交通信号控制系统智能化升级改造及配套设备采购项目"
       "（包1：信号机及检测器）中标结果公告", award="4380000.00", buyer="长沙市公安局交通警察支队", code="430100",
       cats=("系统/场景", "安全"), suppliers=[{"name": "湖南省交通科学研究院智能交通技术有限公司"}]),
    _n(33, 0, "tender", "株洲市天元区“一网统管”城市运行管理服务平台（智慧城管二期）建设项目竞争性磋商公告",
       buyer="株洲市天元区城市管理和综合执法局", code="430211", level="区县级", method="竞争性磋商",
       deadline=END + timedelta(days=5)),  # a tender that states no budget: 未公布, never 0
    # an earlier call still open at the week's end: the largest open tenders read earlier weeks too
    _n(34, -1, "tender", "湘潭市政务云平台扩容及数据灾备中心建设项目公开招标公告", budget="26000000.00",
       buyer="湘潭市数据资源管理局", code="430300", deadline=END + timedelta(days=12)),
    _n(35, -1, "tender", "湘潭市已截止的智慧社区项目", budget="90000000.00", buyer="湘潭市民政局", code="430300",
       deadline=START + timedelta(days=2)),  # closed before the week ended: not open
    _n(36, 0, "tender", "办公楼物业管理服务采购项目", relevant=False, budget="70000000.00", buyer="长沙市机关事务局",
       deadline=END + timedelta(days=30)),  # not relevant: not among the open relevant tenders
]


def _contract(i, published, kind, title, *, months=None, days=None, signed=None, project=None, relevant=True,
              award="1000000.00"):
    row = _n(i, 0, kind, title, award=award, project=project, relevant=relevant, buyer="长沙市数据资源管理局",
             suppliers=[{"name": "星城数字技术股份有限公司"}])
    row["published_at"] = published
    row["period_months"], row["period_days"] = months, days
    row["contract"] = {"signed_date": signed, "supplier": "星城数字技术股份有限公司"} if signed else None
    return row


CONTRACTS = [
    # award 10 months before the week, 12 months' service: ends about two months after the week
    _contract(41, START - relativedelta(months=10), "award", "长沙市政务外网运维服务（2026年度）中标公告", months=12),
    # a contract signed 200 days before, 365 days: ends within six months; its award (same project) gives way to it
    _contract(42, START - timedelta(days=190), "contract", "长沙市12345热线平台运营服务合同公告", days=365,
              signed=(START - timedelta(days=200)).date().isoformat(), project="C42"),
    _contract(43, START - timedelta(days=205), "award", "长沙市12345热线平台运营服务中标公告", days=365,
              project="C42"),
    # ends in 26 months: not yet
    _contract(44, START - relativedelta(months=10), "award", "长沙市城市大脑三年运营服务中标公告", months=36),
    # ended before the week: gone
    _contract(45, START - relativedelta(months=13), "award", "长沙市去年到期的云服务中标公告", months=12),
    # not relevant
    _contract(46, START - relativedelta(months=10), "award", "长沙市机关食堂服务中标公告", months=12, relevant=False),
]
CONTRACT_TYPES = {"award": "中标/成交公告", "contract": "合同公告"}


def seed_people(db_url: str) -> None:
    """test_report's notices, the long ones, and the awarded contracts (with their periods)."""
    from types import SimpleNamespace

    from store.notices import save_classification, save_notice

    seed(db_url, SEED + LONG)
    engine, Session = open_store(db_url)
    with Session.begin() as s:
        for r in CONTRACTS:
            fields = {"title": r["title"], "notice_type": CONTRACT_TYPES[r["kind"]], "published_at": r["published_at"],
                      "buyer": r["buyer"], "buyer_region_code": r["code"], "award_cny": Decimal(r["award"]),
                      "suppliers": r["suppliers"], "project_code": r["project"], "warnings": [],
                      "period_months": r["period_months"], "period_days": r["period_days"],
                      "contract": r["contract"]}
            nid = save_notice(s, source="ccgp", source_id=str(r["i"]), url=r["url"], raw_page_id=None,
                              fields=fields, parse_version="test")
            save_classification(s, nid, SimpleNamespace(
                model_version="test", relevant=r["relevant"], relevance_conf=0.9, level="地市级", level_conf=0.9,
                delivery_model="政府购买服务", delivery_conf=0.9, evidence={},
                categories={"系统/场景": 0.9} if r["relevant"] else {}))
    engine.dispose()


@pytest.fixture
def people(db_url, tmp_path):
    seed_people(db_url)
    engine, Session = open_store(db_url)
    with Session() as s:
        path, rep = write(s, WEEK, tmp_path / "out")
    engine.dispose()
    return path, rep, path.read_text(encoding="utf-8")


THIS_WEEK = in_week() + [r for r in LONG if START <= r["published_at"] < END and r["relevant"]]
ALL_THIS_WEEK = [r for r in SEED + LONG if START <= r["published_at"] < END]
HUNAN = [r for r in THIS_WEEK if r["code"].startswith("43")]
CHANGSHA = [r for r in THIS_WEEK if r["code"].startswith("4301")]
TENDERS = [r for r in THIS_WEEK if r["kind"] == "tender"]
CITY_SYSTEMS = [r for r in THIS_WEEK if r["level"] == "地市级" and "系统/场景" in r["cats"]]
HEADS = {f"相关招标公告（{len(TENDERS)} 条）", f"湖南省（{len(HUNAN)} 条）", f"长沙市（{len(CHANGSHA)} 条）",
         f"地市级 · 系统/场景（{len(CITY_SYSTEMS)} 条）"}


def test_units_one_per_table_and_unknown_is_未公布():
    assert unit_for([Decimal("450000000"), Decimal("100000")]) == "万元"  # 亿元 would print 0.00 for the small one
    assert unit_for([Decimal("450000000"), Decimal("20000000")]) == "亿元"
    assert unit_for([None, None]) == "万元"
    assert in_unit(Decimal("450000000"), "亿元") == "4.50" and in_unit(Decimal("100000"), "万元") == "10.00"
    assert in_unit(None, "万元") == "未公布" and in_unit(float("nan"), "亿元") == "未公布"


def test_every_amount_cell_is_a_number_of_its_tables_unit(people):
    _, rep, page = people
    tables = re.findall(r"<table.*?</table>", page, re.S)
    assert len(tables) >= 12
    for t in tables:
        body = re.search(r"<tbody>(.*?)</tbody>", t, re.S).group(1)
        cells = re.findall(r'<td class="num">(.*?)</td>', body, re.S)
        # the unit stands in the header, once per table; no cell carries its own (4.50 亿元 beside 10.00 万元)
        assert not any("万元" in c or "亿元" in c for c in cells), t[:200]
        units = set(re.findall(r"（(万元|亿元)）", re.search(r"<thead>(.*?)</thead>", t, re.S).group(1)))
        assert len(units) <= 1, units
    assert not re.search(r"(?<![\d,.])0\.00( 万元| 亿元|<)", page)  # a zero that stands for an unknown amount


def test_a_tender_without_a_budget_shows_未公布(people):
    _, rep, page = people
    row = re.search(r'<tr id="n(\d+)">(?:(?!</tr>).)*一网统管(?:(?!</tr>).)*</tr>', page, re.S).group(0)
    cells = re.findall(r'<td class="num">([^<]*)</td>', row)
    assert cells == ["未公布", ""]  # a call's budget unstated; a call has no award
    # the matrix cell of 区县级 · 系统/场景 holds 31 (8,600,000) and 33 (none): the sum of what is stated
    got = values(page)
    assert Decimal(got["matrix:区县级:系统/场景:amount"]) == Decimal("8600000")


def test_a_week_whose_calls_state_no_budget_says_未公布_not_zero(db_url, tmp_path):
    rows = [_n(51, 0, "tender", "岳阳市智慧水利监测平台建设项目竞争性磋商公告", buyer="岳阳市水利局", code="430600",
               deadline=END + timedelta(days=4)),
            _n(52, 0, "correction", "岳阳市智慧水利监测平台建设项目更正公告", buyer="岳阳市水利局", code="430600")]
    seed(db_url, rows)
    engine, Session = open_store(db_url)
    with Session() as s:
        path, rep = write(s, WEEK, tmp_path)
    engine.dispose()
    page = path.read_text(encoding="utf-8")
    card = re.search(r'data-key="relevant:budget" data-value="[^"]*">([^<]*)<', page).group(1)
    assert card == "未公布"
    level = re.search(r'data-key="level:地市级:budget" data-value="">([^<]*)<', page).group(1)
    assert level == "未公布"
    award = re.search(r'data-key="level:地市级:award" data-value="">([^<]*)<', page).group(1)
    assert award == "—"  # no award notice at all: nothing to publish, not unknown
    assert not re.search(r"(?<![\d,.])0\.00\b", page)
    text = " ".join(p["text"] for p in rep.highlights)
    assert "预算合计 未公布" in text and "中标" not in text  # no award: no sentence about awards


def test_shares_beside_counts(people):
    _, rep, page = people
    got = values(page)
    n = len(THIS_WEEK)
    assert int(got["relevant:notices"]) == n
    for level in ("地市级", "区县级", "省级"):
        mine = [r for r in THIS_WEEK if r["level"] == level]
        assert int(got[f"level:{level}:notices"]) == len(mine)
        assert float(got[f"level:{level}:share"]) == pytest.approx(len(mine) / n)
    assert float(got["city:4301:share"]) == pytest.approx(len(CHANGSHA) / n)
    assert f"{len(CHANGSHA) / n:.1%}" in page


def _amount(r):
    return Decimal(r["budget"] or 0) if r["kind"] == "tender" else Decimal(r["award"] or 0) if r["kind"] == "award" \
        else Decimal(0)


def test_charts_show_the_amount_beside_the_count(people):
    _, rep, page = people
    chart = re.search(r"<svg[^>]*aria-label=\"各省相关公告数与金额\".*?</svg>", page, re.S).group(0)
    hunan = HUNAN
    total = sum(_amount(r) for r in hunan)
    unit = re.search(r"金额（(万元|亿元)）", chart).group(1)
    label = htmlmod.unescape(re.search(r"<title>(湖南省：[^<]+)</title>", chart).group(1))  # the row's name
    assert label.startswith(f"湖南省：{len(hunan)} 条 · {len(hunan) / len(THIS_WEEK):.1%}；金额 ")
    assert label.endswith(f"{in_unit(total, unit)} {unit}")
    trend = re.search(r'<svg[^>]*aria-label="近五周相关公告数与招标预算".*?</svg>', page, re.S).group(0)
    budget = sum(Decimal(r["budget"]) for r in THIS_WEEK if r["kind"] == "tender" and r["budget"])
    unit = re.search(r"招标预算（(万元|亿元)）", trend).group(1)
    assert f"{WEEK}：{len(THIS_WEEK)} 条；招标预算 {in_unit(budget, unit)} {unit}" in htmlmod.unescape(trend)
    assert "2026-W44：1 条；招标预算 —" in trend  # an award-only week has no budget to publish: not 未公布, not 0


def test_drill_headings_are_plain_chinese(people):
    _, rep, page = people
    heads = [htmlmod.unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r'<section id="d\d+"><h3>(.*?)</h3>', page)]
    assert len(heads) == len(rep.drill) > 40
    assert not [h for h in heads if re.search(r"[a-z_]+:", h)], heads
    assert heading("relevant:tenders") == "相关招标公告" and heading("matrix:地市级:数据") == "地市级 · 数据"
    assert heading("province:43") == "湖南省" and heading("city:4301") == "长沙市"
    assert heading("city:1101") == "北京市"  # a municipality's city part is the municipality
    assert HEADS <= set(heads)


def test_highlights_are_the_weeks_figures(people):
    _, rep, page = people
    points = {p["key"]: p["text"] for p in rep.highlights}
    n, prev = len(THIS_WEEK), len(in_week(-1)) + 2  # 34 and 35 are last week's
    assert points["relevant"] == (f"本周相关公告 {n} 条，占全部公告 {len(ALL_THIS_WEEK)} 条的 "
                                  f"{n / len(ALL_THIS_WEEK):.1%}，较上周增加 {n / prev - 1:.1%}（上周 {prev} 条）")
    assert points["buyer"].startswith("金额最大的采购人是湄潭县人民政府（1 条，4.50 亿元）")
    assert points["region"].startswith(f"公告最多的省份是湖南省（{len(HUNAN)} 条，占 {len(HUNAN) / len(THIS_WEEK):.1%}）")
    assert points["largest"] == "金额最大的一条是招标/采购公告《湄潭县新型智慧城市建设PPP项目》（4.50 亿元）"
    assert points["open"].startswith("周末仍在投标期、预算最大的相关招标是《湘潭市政务云平台扩容及数据灾备中心建设项目公开")
    assert "expiring" in points and "2 个" in points["expiring"]
    shown = re.search(r'<p id="highlights">(.*?)</p>', page, re.S).group(1)
    assert htmlmod.unescape(re.sub(r"<[^>]+>", "", shown)).startswith(points["relevant"] + "。")


def test_highlights_claim_no_change_without_a_week_before(db_url, tmp_path):
    seed(db_url, [_n(61, 0, "tender", "邵阳市智慧教育云平台建设项目公开招标公告", budget="2000000.00",
                     buyer="邵阳市教育局", code="430500")])
    engine, Session = open_store(db_url)
    with Session() as s:
        _, rep = write(s, WEEK, tmp_path)
    engine.dispose()
    points = {p["key"]: p["text"] for p in rep.highlights}
    assert points["relevant"] == "本周相关公告 1 条，占全部公告 1 条的 100.0%；上周没有相关公告"
    assert points["amounts"] == "相关招标 1 条，预算合计 200.00 万元"  # no % change on a week with none
    assert "buyer" in points and "open" not in points and "expiring" not in points


def test_largest_open_tenders_with_days_left(people):
    _, rep, page = people
    open_ = rep.open_largest
    # relevant calls with a stated budget whose deadline is at or after the week's end, largest first
    expected = [LONG[3], SEED[0], LONG[0], SEED[1], SEED[7]]
    assert list(open_["title"]) == [r["title"] for r in expected]
    assert [int(d) for d in open_["days_left"]] == [(r["deadline"].date() - LAST_DAY).days for r in expected]
    assert open_["days_left"].iloc[1] == 4  # due Thursday 00:00 after the week: Sunday → Thursday
    got = values(page)
    assert got[f"open:{int(open_['id'].iloc[0])}"] == "13"
    assert "湘潭市已截止的智慧社区项目" not in set(open_["title"]) and "办公楼物业管理服务采购项目" not in set(
        open_["title"])
    assert "一网统管" not in " ".join(open_["title"])  # open but without a budget: not among the largest


def test_contracts_ending_in_the_next_six_months(people):
    _, rep, page = people
    ex = rep.expiring
    assert list(ex["title"]) == ["长沙市政务外网运维服务（2026年度）中标公告", "长沙市12345热线平台运营服务合同公告"]
    start = (START - relativedelta(months=10)).date()
    assert ex["ends"].iloc[0] == start + relativedelta(months=12) - timedelta(days=1)
    assert ex["days_left"].iloc[0] == (ex["ends"].iloc[0] - LAST_DAY).days
    signed = (START - timedelta(days=200)).date()
    assert ex["start"].iloc[1] == signed and ex["ends"].iloc[1] == signed + timedelta(days=364)
    got = values(page)
    assert got["expiring:count"] == "2" and got[f"expiring:{int(ex['id'].iloc[1])}"] == ex["ends"].iloc[1].isoformat()
    assert "星城数字技术股份有限公司" in re.search(r'id="expiring".*?</table>', page, re.S).group(0)


def test_report_all_writes_every_week_the_store_holds_and_the_index(tmp_path):
    db = f"sqlite:///{tmp_path / 'store.db'}"
    rows = [_n(71, -9, "tender", "常德市智慧交通项目公开招标公告", budget="5000000.00"),
            *SEED]  # a gap of weeks between W38 and W42
    seed(db, rows)
    env = os.environ | {"TENDERWATCH_DB": db}
    out = tmp_path / "reports"
    r = subprocess.run([sys.executable, "-m", "tenderwatch.cli", "report", "--all", "--out-dir", str(out)],
                       capture_output=True, text=True, env=env, timeout=300)
    assert r.returncode == 0, r.stderr
    from reports.weeks import week_of

    weeks = sorted({week_of(x["published_at"]) for x in rows})
    assert weeks[0] == "2026-W38" and "2026-W39" not in weeks and len(weeks) == 7
    assert sorted(p.stem for p in out.glob("*.html") if p.stem != "index") == weeks
    assert [line.split(":")[0] for line in r.stdout.splitlines()[:-1]] == [f"report {w}" for w in weeks]
    index = (out / "index.html").read_text(encoding="utf-8")
    assert re.findall(r'<li data-week="([^"]+)"><a href="\1.html">', index) == weeks[::-1]
    w47 = re.search(r'<li data-week="2026-W47">.*?</li>', index).group(0)
    assert "2026-11-16 至 2026-11-22" in w47 and f"相关公告 {len(in_week())} 条" in w47
    assert "招标预算 4.65 亿元" in w47  # 12,000,000 + 3,000,000 + 450,000,000 + 100,000
    w44 = re.search(r'<li data-week="2026-W44">.*?</li>', index).group(0)
    assert "相关公告 1 条 · 招标预算 — · 中标金额 100.00 万元" in w44  # an award-only week
    both = subprocess.run([sys.executable, "-m", "tenderwatch.cli", "report", "--all", "--week", WEEK],
                          capture_output=True, text=True, env=env, timeout=120)
    assert both.returncode == 2 and "either --week or --all" in both.stderr and "Traceback" not in both.stderr


@pytest.mark.skipif(not CHROMIUM.exists(), reason="no Chromium at /usr/bin/chromium (apt-get install -y chromium)")
def test_report_at_400_px_in_a_real_browser(tmp_path):
    """Debian's Chromium at a phone's width: nothing wider than the viewport, titles wrap as text, drill-down
    headings in Chinese, and the chart's links reached and followed from the keyboard."""
    from playwright.sync_api import sync_playwright

    path, rep = written_on_sqlite(tmp_path, seed_people)
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 400, "height": 800})
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        width = page.evaluate("document.documentElement.scrollWidth")
        heads = page.evaluate("[...document.querySelectorAll('section[id^=d] > h3')].map(h => h.textContent)")
        title_widths = page.evaluate("[...document.querySelectorAll('td.title')].map(t => t.offsetWidth)")
        # every region that scrolls sideways can be scrolled from the keyboard
        unreachable = page.evaluate("[...document.querySelectorAll('.scroll')].filter(d => d.scrollWidth > "
                                    "d.clientWidth && d.tabIndex < 0).length")
        page.screenshot(path=str(tmp_path / "400.png"))
        # Tab until the focus is on a link of a chart: it has a name, and Enter follows it to its list
        chart_link = None
        for _ in range(400):
            page.keyboard.press("Tab")
            chart_link = page.evaluate("(() => { const a = document.activeElement; return a && a.closest('svg') "
                                       "? [a.querySelector('title').textContent, a.getAttribute('href')] : null })()")
            if chart_link:
                break
        assert chart_link, "no chart link reached by Tab"
        page.keyboard.press("Enter")
        for _ in range(50):  # (wait_for_function would evaluate a string, which the page's CSP forbids)
            if page.evaluate("location.hash") == chart_link[1]:
                break
            page.wait_for_timeout(20)
        target = page.evaluate("(() => { const h = location.hash && document.querySelector(location.hash + ' > h3');"
                               " return h ? h.textContent : '' })()")
        # the accessibility tree names each province's link (a role="img" chart would hide its links)
        named = page.get_by_role("link", name=re.compile(r"^湖南省：\d+ 条")).count()
        browser.close()
    assert width <= 400, f"the page is {width} px wide at a 400 px viewport"
    assert heads and not [h for h in heads if re.match(r"^[a-z_]+:", h)], heads
    assert HEADS <= set(heads)
    assert min(title_widths) >= 150, title_widths  # long titles wrap as lines of text, not a character a line
    assert unreachable == 0
    name, href = chart_link
    label = name.split("：")[0]
    assert name and "条" in name and href.startswith("#d")
    assert target.startswith(label), (name, target)
    assert named == 1


def test_a_notice_from_a_local_mirror_links_to_the_local_copy(monkeypatch):
    from reports.format import source_link

    monkeypatch.delenv("TENDERWATCH_BASE_URL", raising=False)
    real = "http://www.ccgp.gov.cn/cggg/dfgg/gkzb/202611/t20261125_1.htm"
    assert source_link(real, 7) == real
    assert source_link("http://127.0.0.1:41233/cggg/t_1.htm", 7) == "http://127.0.0.1:8000/notices/7"
    assert source_link("http://localhost:8123/x", 8) == "http://127.0.0.1:8000/notices/8"
    assert source_link("http://[::1]:8123/x", 9) == "http://127.0.0.1:8000/notices/9"
    assert source_link("javascript:alert(1)", 7) is None and source_link(None, 7) is None
    monkeypatch.setenv("TENDERWATCH_BASE_URL", "https://tenders.example.com/")
    assert source_link("http://127.0.0.1:41233/x", 7) == "https://tenders.example.com/notices/7"
    assert source_link("http://127.0.0.2/x", None) == "http://127.0.0.2/x"  # no id: the source as it is
