"""The weekly report on a store seeded with known notices: sections, deltas, drill-down, CSV, index, an empty week,
hostile text, and a real browser (Debian's Chromium through Playwright)."""

from __future__ import annotations

import csv
import html as htmlmod
import re
import shutil
import statistics
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest

from reports.weekly import write
from reports.weeks import parse_week
from store.db import open_store
from store.notices import save_classification, save_notice
from tests.conftest import launch_chromium

WEEK = "2026-W47"
START, END = parse_week(WEEK)
CHROMIUM = Path("/usr/bin/chromium")
HOSTILE = '"><img src=x onerror=alert(1)><script>alert(2)</script>'


def _n(i, week_offset, kind, title, *, relevant=True, level="地市级", cats=("系统/场景",), model="其他",
       budget=None, award=None, buyer="长沙市数据资源管理局", code="430100", method="公开招标", project=None,
       deadline=None, url=None, suppliers=None, ppp=None, hour=10, lots=None):
    return {"i": i, "published_at": START + timedelta(days=7 * week_offset + (i % 5), hours=hour), "kind": kind,
            "title": title, "relevant": relevant, "level": level, "cats": list(cats) if relevant else [],
            "model": model, "budget": budget, "award": award, "buyer": buyer, "code": code, "method": method,
            "project": project, "deadline": deadline, "url": url or f"http://www.ccgp.gov.cn/t_{i}.htm",
            "suppliers": suppliers, "ppp": ppp, "lots": lots}


TYPES = {"tender": "招标/采购公告", "award": "中标/成交公告", "correction": "更正公告", "termination": "终止/废标公告"}

SEED = [
    # this week (W47)
    _n(1, 0, "tender", "长沙市城市大脑二期建设项目公开招标公告", budget="12000000.00", project="P1",
       deadline=END + timedelta(days=3)),
    _n(2, 0, "tender", "长沙县政务云服务（2027年度）采购项目", level="区县级", cats=("基础设施",), model="政府购买服务",
       budget="3000000.00", code="430121", buyer="长沙县大数据中心", deadline=END + timedelta(days=20)),
    _n(3, 0, "award", "株洲市数据共享交换平台中标公告", cats=("数据",), award="2500000.00", project="P2",
       buyer="株洲市大数据局", code="430200", suppliers=[{"name": "星城数字技术股份有限公司"}]),
    _n(4, 0, "tender", "湄潭县新型智慧城市建设PPP项目", level="区县级", cats=("综合",), model="PPP",
       budget="450000000.00", code="520328", buyer="湄潭县人民政府",
       ppp={"return_mechanism": "可行性缺口补助", "operation_mode": "BOT", "cooperation_years": 15}),
    _n(5, 0, "award", "网络安全等级保护测评服务单一来源成交公告", level="省级", cats=("安全",), award="800000.00",
       method="单一来源", code="430000", buyer="湖南省公安厅", suppliers=[{"name": "天衡网络安全技术有限公司"}]),
    _n(6, 0, "tender", "办公家具采购项目", relevant=False, budget="500000.00", buyer="长沙市天心区教育局",
       code="430103"),
    _n(7, 0, "correction", "长沙市政务外网升级项目更正公告", cats=("基础设施",), project="P3"),
    _n(8, 0, "tender", HOSTILE + "智慧停车" + "长" * 3000, budget="100000.00", buyer=HOSTILE + "=HYPERLINK(1)",
       url="javascript:alert(3)", deadline=END + timedelta(days=1)),
    # earlier weeks
    _n(11, -1, "tender", "株洲市数据共享交换平台公开招标", cats=("数据",), budget="3000000.00", project="P2",
       buyer="株洲市大数据局", code="430200"),
    _n(12, -1, "tender", "长沙市政务外网升级项目", cats=("基础设施",), budget="2000000.00", project="P3"),
    _n(13, -2, "tender", "岳阳市智慧城管项目", budget="5000000.00", code="430600", buyer="岳阳市城管局"),
    _n(14, -3, "award", "衡阳市一网通办中标", award="1000000.00", code="430400", buyer="衡阳市政务服务局"),
    _n(15, -4, "tender", "常德市雪亮工程", budget="8000000.00", code="430700", buyer="常德市公安局"),
    _n(16, -5, "tender", "五周前不计入均值", budget="99000000.00"),
]


def seed(db_url: str, rows=SEED) -> None:
    engine, Session = open_store(db_url)
    with Session.begin() as s:
        for r in rows:
            fields = {"title": r["title"], "notice_type": TYPES[r["kind"]], "published_at": r["published_at"],
                      "buyer": r["buyer"], "buyer_region_code": r["code"], "method": r["method"],
                      "budget_cny": Decimal(r["budget"]) if r["budget"] else None,
                      "award_cny": Decimal(r["award"]) if r["award"] else None, "project_code": r["project"],
                      "deadline": r["deadline"], "suppliers": r["suppliers"], "ppp": r["ppp"], "warnings": [],
                      "lots": r["lots"]}
            nid = save_notice(s, source="ccgp", source_id=str(r["i"]), url=r["url"], raw_page_id=None,
                              fields=fields, parse_version="test")
            save_classification(s, nid, SimpleNamespace(
                model_version="test", relevant=r["relevant"], relevance_conf=0.9, level=r["level"], level_conf=0.9,
                delivery_model=r["model"], delivery_conf=0.9, evidence={},
                categories={c: 0.9 for c in r["cats"]}))
    engine.dispose()


@pytest.fixture
def report(db_url, tmp_path):
    seed(db_url)
    engine, Session = open_store(db_url)
    out = tmp_path / "out"
    with Session() as s:
        path, rep = write(s, WEEK, out)
    engine.dispose()
    return path, rep, path.read_text(encoding="utf-8")


def values(page: str) -> dict[str, str]:
    return {htmlmod.unescape(k): v for k, v in re.findall(r'data-key="([^"]+)" data-value="([^"]*)"', page)}


def in_week(offset: int = 0, relevant: bool = True):
    s, e = START + timedelta(days=7 * offset), END + timedelta(days=7 * offset)
    return [r for r in SEED if s <= r["published_at"] < e and (r["relevant"] or not relevant)]


def test_headline_and_changes(report):
    _, rep, page = report
    got = values(page)
    this = in_week()
    budget = sum(Decimal(r["budget"]) for r in this if r["kind"] == "tender" and r["budget"])
    award = sum(Decimal(r["award"]) for r in this if r["kind"] == "award" and r["award"])
    assert int(got["relevant:notices"]) == len(this) == 7
    assert Decimal(got["relevant:budget"]) == budget
    assert Decimal(got["relevant:award"]) == award
    assert int(got["all:notices"]) == 8
    prev = in_week(-1)
    assert float(got["trend:notices:vs_prev"]) == pytest.approx(len(this) / len(prev) - 1)
    avg4 = sum(len(in_week(-k)) for k in range(1, 5)) / 4  # the week five back is not in the average
    assert float(got["trend:notices:vs_avg4"]) == pytest.approx(len(this) / avg4 - 1)
    prev_budget = sum(Decimal(r["budget"]) for r in prev if r["kind"] == "tender")
    assert float(got["trend:budget:vs_prev"]) == pytest.approx(float(budget / prev_budget - 1))


def test_matrix_methods_regions_and_lists(report):
    _, rep, page = report
    got = values(page)
    assert got["matrix:区县级:综合:notices"] == "1" and Decimal(got["matrix:区县级:综合:amount"]) == Decimal("450000000")
    assert got["matrix:地市级:系统/场景:notices"] == "2"  # 1 and the hostile one
    assert got["model:PPP:notices"] == "1" and got["model:政府购买服务:notices"] == "1"
    assert float(got["single_source:share"]) == pytest.approx(1 / 7)
    assert list(rep.provinces["name"])[:1] == ["湖南省"]
    assert "湄潭县新型智慧城市建设PPP项目" in page and "可行性缺口补助" in page and "15 年" in page
    assert set(rep.suppliers["supplier"]) == {"星城数字技术股份有限公司", "天衡网络安全技术有限公司"}
    # pipeline: relevant tenders with a deadline in the 14 days after the week (1 and the hostile one, not 2)
    assert got["pipeline:count"] == "2"
    # award/budget: the P2 award against its earlier tender
    assert rep.ratio_summary["n"] == 1 and rep.ratio_summary["median"] == pytest.approx(2500000 / 3000000)
    # the correction restates P3, first published the week before
    assert list(rep.restated["title"]) == ["长沙市政务外网升级项目更正公告"]
    assert list(rep.restated["first_week"]) == ["2026-W46"]


def test_every_linked_number_lists_that_many_notices(report):
    _, rep, page = report
    links = re.findall(r'<a class="n" href="#(d\d+)" data-key="([^"]+)" data-value="([^"]*)"', page)
    assert len(links) >= 15
    for anchor, key, value in links:
        if key.rsplit(":", 1)[-1] in ("budget", "award", "amount"):
            assert f'<section id="{anchor}">' in page  # an amount links to the notices it sums
            continue
        section = re.search(rf'<section id="{anchor}">.*?</section>', page, re.S)
        assert section, f"{key}: no list at #{anchor}"
        items = re.findall(r'<li><a href="#n(\d+)"', section.group(0))
        assert len(items) == int(value), f"{htmlmod.unescape(key)}: {value} shown, {len(items)} listed"
        for nid in items:
            assert f'<tr id="n{nid}">' in page


def test_hostile_text_is_inert(report):
    _, rep, page = report
    # escaped text stays (the buyer's organisation name writes its brackets the Chinese way)
    assert "<script" not in page.lower() and "<img" not in page.lower() and "onerror=alert" not in page.replace(
        "onerror=alert(1)&gt;", "").replace("onerror=alert（1）&gt;", "")
    assert 'href="javascript' not in page.lower()
    assert "&lt;script&gt;alert(2)&lt;/script&gt;智慧停车" in page


def test_csv_tables_beside_and_formulas_neutralised(report):
    path, rep, _ = report
    out = path.parent
    for name in ("headline", "matrix", "level", "category", "model", "method", "province", "city", "buyers",
                 "suppliers", "largest", "ppp", "pipeline", "award_ratio", "coverage", "restated", "open_largest",
                 "expiring"):
        assert (out / f"{WEEK}.{name}.csv").is_file(), name
        # UTF-8 with a byte-order mark: Excel reads the Chinese as Chinese only with one
        assert (out / f"{WEEK}.{name}.csv").read_bytes().startswith(b"\xef\xbb\xbf"), name
    with open(out / f"{WEEK}.buyers.csv", encoding="utf-8-sig") as fh:
        buyers = [row["buyer"] for row in csv.DictReader(fh)]
    assert "长沙市数据资源管理局" in buyers
    assert all(not b.startswith(("=", "+", "-", "@")) for b in buyers)
    with open(out / f"{WEEK}.matrix.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert {"level", "category", "notices", "amount", "average"} <= set(rows[0])
    index = (out / "index.html").read_text(encoding="utf-8")
    assert f'href="{WEEK}.html"' in index


def test_a_week_without_notices_says_so(db_url, tmp_path):
    seed(db_url)
    engine, Session = open_store(db_url)
    with Session() as s:
        path, rep = write(s, "2025-W10", tmp_path)
    engine.dispose()
    page = path.read_text(encoding="utf-8")
    assert 'id="empty"' in page and "没有公告" in page
    assert rep.headline["all"]["notices"] == 0
    index = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "2025-W10.html" in index


def written_on_sqlite(tmp_path, seed_store):  # noqa: ANN001, ANN201
    """The week's report of a fresh SQLite store that ``seed_store(db_url)`` filled: (path, report)."""
    db = f"sqlite:///{tmp_path / 'store.db'}"
    seed_store(db)
    engine, Session = open_store(db)
    with Session() as s:
        out = write(s, WEEK, tmp_path / "out")
    engine.dispose()
    return out


@pytest.mark.skipif(not CHROMIUM.exists() or shutil.which("chromium") is None,
                    reason="no Chromium at /usr/bin/chromium (apt-get install -y chromium)")
def test_report_in_a_real_browser(tmp_path):
    from playwright.sync_api import sync_playwright

    path, rep = written_on_sqlite(tmp_path, seed)
    console, requests, dialogs = [], [], []
    shot = tmp_path / f"{WEEK}.png"
    with sync_playwright() as p:
        browser = launch_chromium(p)
        page = browser.new_page(viewport={"width": 1200, "height": 1600})
        page.on("console", lambda m: console.append((m.type, m.text)))
        page.on("pageerror", lambda e: console.append(("pageerror", str(e))))
        page.on("request", lambda r: requests.append(r.url))
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(path.as_uri())
        page.wait_for_load_state("load")
        shown = {k: page.get_attribute(f'[data-key="{k}"]', "data-value")
                 for k in ("relevant:notices", "relevant:budget", "relevant:award")}
        text = page.inner_text(".cards")
        page.click('a.n[data-key="relevant:notices"]')
        drilled = page.evaluate("location.hash")
        page.screenshot(path=str(shot), full_page=False)
        browser.close()
    assert not [c for c in console if c[0] in ("error", "pageerror")], console
    assert not dialogs, "scraped text ran as script"
    assert requests and all(u.startswith("file://") for u in requests), [u for u in requests if
                                                                         not u.startswith("file://")]
    # the headline the browser shows = what the store holds (computed here with plain SQL)
    from sqlalchemy import text as sql

    engine, _ = open_store(f"sqlite:///{tmp_path / 'store.db'}")
    with engine.connect() as conn:
        row = conn.execute(sql(
            "SELECT count(*), sum(CASE WHEN n.notice_type = '招标/采购公告' THEN n.budget_cny ELSE 0 END), "
            "sum(CASE WHEN n.notice_type = '中标/成交公告' THEN n.award_cny ELSE 0 END) FROM notice n "
            "JOIN classification c ON c.notice_id = n.id WHERE c.relevant AND n.published_at >= :s "
            "AND n.published_at < :e"), {"s": START, "e": END}).one()
    engine.dispose()
    assert int(shown["relevant:notices"]) == row[0]
    assert Decimal(shown["relevant:budget"]) == Decimal(str(row[1])).quantize(Decimal("0.01"))
    assert Decimal(shown["relevant:award"]) == Decimal(str(row[2])).quantize(Decimal("0.01"))
    assert "相关公告" in text and drilled.startswith("#d")
    assert shot.stat().st_size > 20_000
    print(f"screenshot: {shot}")


LINKED = [  # added to SEED: a failed project, and an award to a branch of a supplier that won elsewhere
    _n(21, 0, "termination", "株洲市智慧水务项目终止公告", project="P9", buyer="株洲市水务局", code="430200"),
    _n(22, -1, "tender", "株洲市智慧水务项目公开招标", budget="1000000.00", project="P9", buyer="株洲市水务局",
       code="430200"),
    _n(23, 0, "award", "株洲市数据中台项目中标公告", award="900000.00", project="P10", buyer="株洲市大数据局",
       code="430200", suppliers=[{"name": "星城数字技术股份有限公司株洲分公司"}]),
    _n(24, -2, "tender", "株洲市数据中台项目公开招标", budget="1000000.00", project="P10", buyer="株洲市大数据局",
       code="430200"),
    # two lots; this week's award is lot 2's: its ratio is against lot 2's budget, not the whole call's
    _n(25, -1, "tender", "株洲市智慧教育平台项目公开招标", budget="1000000.00", project="P11", buyer="株洲市教育局",
       code="430200", lots=[{"lot": "1", "budget_cny": "400000"}, {"lot": "2", "budget_cny": "600000"}]),
    _n(26, 0, "award", "株洲市智慧教育平台项目（包2）中标公告", award="540000.00", project="P11", buyer="株洲市教育局",
       code="430200", suppliers=[{"name": "华信智城科技有限公司", "lot": "2", "award_cny": "540000"}]),
]


def test_linked_projects_give_time_to_award_failure_rate_and_merged_suppliers(db_url, tmp_path):
    seed(db_url, SEED + LINKED)
    engine, Session = open_store(db_url)
    with Session() as s:
        path, rep = write(s, WEEK, tmp_path / "out")
    engine.dispose()
    rows = {r["i"]: r for r in SEED + LINKED}
    days = lambda award, tender: (rows[award]["published_at"] - rows[tender]["published_at"]).total_seconds() / 86400  # noqa: E731
    r = rep.ratio_summary
    assert r["days_n"] == 3
    assert r["days_median"] == pytest.approx(statistics.median([days(3, 11), days(23, 24), days(26, 25)]))
    # outcomes this week: awards 3, 5, 23, 26 (four projects) and the termination of P9
    assert (r["outcomes"], r["failed"]) == (5, 1) and r["failed_rate"] == pytest.approx(0.2)
    ratios = dict(zip(rep.ratios["id"], rep.ratios["ratio"]))
    assert len(ratios) == 3 and sorted(ratios.values()) == pytest.approx(sorted([2500000 / 3000000, 0.9, 0.9]))
    won = dict(zip(rep.suppliers["supplier"], rep.suppliers["awards"]))
    assert won["星城数字技术股份有限公司"] == 2 and not any("分公司" in name for name in won)
    got = values(path.read_text(encoding="utf-8"))
    assert got["failed"] == "1" and got["outcomes"] == "5" and got["tender_to_award"] == "3"
