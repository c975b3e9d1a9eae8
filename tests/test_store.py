"""Store round-trips, on SQLite and on the PostgreSQL server (db_url runs each test on both)."""

from datetime import datetime
from decimal import Decimal

import pytest
from sqlalchemy import func, inspect, select

from classify.classifier import classify
from store.db import StoreError, make_engine, open_store
from store.models import Classification, ClassificationCategory, Notice, Organization, Project
from store.notices import save_classification, save_notice

FIELDS = {
    "title": "长沙县大数据中心新型智慧城市建设运营PPP项目公开招标公告",
    "notice_type": "招标/采购公告",
    "published_at": datetime(2026, 11, 23, 9, 30),
    "published_raw": "2026-11-23 09:30",
    "project_code": "HNZB-2026-12345",
    "buyer": "长沙县大数据中心",
    "buyer_region": "湖南省长沙市长沙县",
    "agency": "湖南省招标有限责任公司",
    "method": "公开招标",
    "method_ocds": "open",
    "budget_cny": Decimal("123456789.12"),
    "budget_raw": "￥12345.678912万元（人民币）",
    "suppliers": [{"name": "星城数字技术股份有限公司", "award_cny": Decimal("1.50"), "lot": "1"}],
    "deadline": datetime(2026, 12, 14, 9, 30),
    "period_raw": "合作期限15年",
    "period_days": 5475,
    "ppp": {"return_mechanism": "可行性缺口补助", "operation_mode": "BOT", "cooperation_years": 15},
    "lots": [{"lot": "1", "name": "城市大脑", "budget_cny": Decimal("12000000.00")}],
    "contacts": [{"name": "张工", "phone": "0731-88889999"}],
    "warnings": [],
}


def _save(Session, fields, source_id="27180001"):
    with Session.begin() as s:
        nid = save_notice(s, source="ccgp", source_id=source_id, url=f"http://www.ccgp.gov.cn/t_{source_id}.htm",
                          raw_page_id=None, fields=fields, parse_version="test")
        save_classification(s, nid, classify(fields["title"], "本项目采用政府和社会资本合作（PPP）模式",
                                             fields["buyer"]))
    return nid


def test_schema_is_migrated(db_url):
    engine, _ = open_store(db_url)
    tables = set(inspect(engine).get_table_names())
    assert {"notice", "project", "organization", "classification", "classification_category", "crawl_run",
            "raw_page", "alembic_version"} <= tables
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_round_trip_and_idempotent_upsert(db_url):
    engine, Session = open_store(db_url)
    nid = _save(Session, FIELDS)
    assert _save(Session, FIELDS) == nid  # same key → same row
    with Session() as s:
        assert s.execute(select(func.count()).select_from(Notice)).scalar_one() == 1
        assert s.execute(select(func.count()).select_from(Organization)).scalar_one() == 3  # buyer, agency, supplier
        assert s.execute(select(func.count()).select_from(Project)).scalar_one() == 1
        assert s.execute(select(func.count()).select_from(Classification)).scalar_one() == 1
        n = s.get(Notice, nid)
        assert n.title == FIELDS["title"]
        assert Decimal(n.budget_cny) == Decimal("123456789.12")
        assert n.published_at == FIELDS["published_at"]
        assert n.suppliers[0]["name"] == "星城数字技术股份有限公司" and n.suppliers[0]["award_cny"] == "1.50"
        assert n.ppp == FIELDS["ppp"] and n.period_days == 5475 and n.lots[0]["budget_cny"] == "12000000.00"
        assert n.contacts == FIELDS["contacts"]
        c = s.execute(select(Classification).where(Classification.notice_id == nid)).scalar_one()
        assert (c.relevant, c.level, c.delivery_model) == (True, "区县级", "PPP")
        assert [x.category for x in c.categories] == ["综合"]
        assert c.evidence["delivery_model"][0]["span"] == "PPP"
    engine.dispose()


def test_upsert_updates_changed_fields(db_url):
    engine, Session = open_store(db_url)
    nid = _save(Session, FIELDS)
    changed = FIELDS | {"budget_cny": Decimal("100.00"), "title": "更正后的标题：智慧停车管理系统"}
    assert _save(Session, changed) == nid
    with Session() as s:
        n = s.get(Notice, nid)
        assert Decimal(n.budget_cny) == Decimal("100.00") and n.title.startswith("更正后")
        cats = s.execute(select(ClassificationCategory.category)).scalars().all()
        assert cats == ["系统/场景"]  # categories of the same model version replaced, not accumulated
    engine.dispose()


def test_hostile_strings_are_bound_not_executed(db_url):
    engine, Session = open_store(db_url)
    evil = FIELDS | {"title": "x'); DROP TABLE notice; --<script>alert(1)</script>", "buyer": "'; DELETE FROM organization; --"}
    nid = _save(Session, evil)
    with Session() as s:
        assert s.get(Notice, nid).title == evil["title"]
        assert s.execute(select(Organization.name).where(Organization.name == evil["buyer"])).scalar_one()
    engine.dispose()


def test_bad_database_url_is_a_clear_error():
    with pytest.raises(StoreError, match="not a database URL"):
        make_engine("no such thing")
    with pytest.raises(StoreError, match="unsupported database"):
        make_engine("mysql://root@127.0.0.1/test")


def test_migrations_match_the_models(db_url):
    """Alembic owns the schema: what the migrations build is exactly what the models declare."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from store.db import include_object
    from store.models import Base

    engine, _ = open_store(db_url)
    with engine.connect() as conn:
        diffs = compare_metadata(MigrationContext.configure(
            conn, opts={"compare_type": True, "include_object": include_object}), Base.metadata)
    engine.dispose()
    assert diffs == []
