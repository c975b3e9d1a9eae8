"""Report benchmark: a store with 1,000,000 notices (and their classifications), one weekly report timed beside a
plain `SELECT count(*)` over the same notice table, in the same run.

    .venv/bin/python -m bench.report [--notices 1000000] [--db sqlite|postgresql|both]

The notices spread over 100 weeks (about 10,000 a week), 40 % relevant, with budgets, awards, projects, regions and
categories, so that every section of the report has work to do. PostgreSQL: a fresh database on
postgresql://postgres@127.0.0.1:5432 (dropped afterwards). Aim (issue 6): the report under 10 s on SQLite.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import tempfile
import time
from datetime import datetime, timedelta

FIRST = datetime(2024, 12, 30)  # a Monday: 2025-W01
WEEKS = 100
LEVELS = ["中央", "省级", "地市级", "区县级", "新区或开发区"]
CATS = ["系统/场景", "数据", "基础设施", "安全", "综合"]
MODELS = ["EPC", "PPP", "政府购买服务", "其他"]
METHODS = ["公开招标", "竞争性磋商", "竞争性谈判", "单一来源", "询价"]
TYPES = ["招标/采购公告"] * 5 + ["中标/成交公告"] * 3 + ["更正公告", "终止/废标公告"]
CODES = ["110105", "330110", "430121", "430100", "440300", "510107", "420500", "360700", "520328", "370100"]


def rows(n: int, seed: int = 2026):
    rng = random.Random(seed)
    seconds = WEEKS * 7 * 86400
    for i in range(1, n + 1):
        published = FIRST + timedelta(seconds=rng.randrange(seconds))
        kind = rng.choice(TYPES)
        budget = round(rng.uniform(1e5, 5e7), 2) if kind == "招标/采购公告" else None
        award = round(rng.uniform(1e5, 4e7), 2) if kind == "中标/成交公告" else None
        relevant = rng.random() < 0.4
        project = rng.randrange(1, n // 3 + 2)
        notice = (i, "bench", str(i), f"http://www.ccgp.gov.cn/bench/{i}.htm", "bench", kind,
                  f"第{i}号某市智慧城市项目公告", published, f"采购人{rng.randrange(5000)}", rng.choice(CODES),
                  rng.choice(METHODS), budget, award, published + timedelta(days=21) if budget else None, project,
                  json.dumps([{"name": f"供应商{rng.randrange(3000)}"}], ensure_ascii=False) if award else "[]",
                  "[]", published)
        cats = rng.sample(CATS, rng.choice([1, 1, 1, 2])) if relevant else []
        classification = (i, i, "bench", relevant, 0.9, rng.choice(LEVELS), 0.9, rng.choice(MODELS), 0.9, "{}",
                          published)
        yield notice, classification, [(i, c, 0.9) for c in cats]


NOTICE_COLS = ("id", "source", "source_id", "url", "parse_version", "notice_type", "title", "published_at",
               "buyer_raw", "buyer_region_code", "method", "budget_cny", "award_cny", "deadline", "project_id",
               "suppliers", "warnings", "updated_at")
CLASS_COLS = ("id", "notice_id", "model_version", "relevant", "relevance_conf", "level", "level_conf",
              "delivery_model", "delivery_conf", "evidence", "created_at")


def fill_sqlite(url: str, n: int) -> None:
    import sqlite3

    from store.db import open_store

    engine, _ = open_store(url)
    engine.dispose()
    conn = sqlite3.connect(url.removeprefix("sqlite:///"), isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    conn.execute("PRAGMA foreign_keys=OFF")
    projects = [(p, f"ocds-bench-{p}") for p in range(1, n // 3 + 2)]
    conn.execute("BEGIN")
    conn.executemany("INSERT INTO project (id, ocid) VALUES (?, ?)", projects)
    conn.execute("COMMIT")
    batch_n, batch_c, batch_k = [], [], []
    fmt = lambda v: v.isoformat(sep=" ") if isinstance(v, datetime) else v  # noqa: E731
    for notice, classification, cats in rows(n):
        batch_n.append(tuple(fmt(v) for v in notice))
        batch_c.append(tuple(fmt(v) for v in classification))
        batch_k += cats
        if len(batch_n) >= 50_000:
            _flush_sqlite(conn, batch_n, batch_c, batch_k)
    _flush_sqlite(conn, batch_n, batch_c, batch_k)
    conn.execute("ANALYZE")
    conn.close()


def _flush_sqlite(conn, batch_n, batch_c, batch_k) -> None:  # noqa: ANN001
    conn.execute("BEGIN")
    conn.executemany(f"INSERT INTO notice ({', '.join(NOTICE_COLS)}) VALUES ({', '.join('?' * len(NOTICE_COLS))})",
                     batch_n)
    conn.executemany(f"INSERT INTO classification ({', '.join(CLASS_COLS)}) VALUES "
                     f"({', '.join('?' * len(CLASS_COLS))})", batch_c)
    conn.executemany("INSERT INTO classification_category (classification_id, category, confidence) VALUES (?, ?, ?)",
                     batch_k)
    conn.execute("COMMIT")
    batch_n.clear(), batch_c.clear(), batch_k.clear()


def fill_postgresql(url: str, n: int) -> None:
    import psycopg

    from store.db import open_store

    engine, _ = open_store(url)
    engine.dispose()
    with psycopg.connect(url.replace("postgresql+psycopg://", "postgresql://")) as conn, conn.cursor() as cur:
        with cur.copy("COPY project (id, ocid) FROM STDIN") as cp:
            for p in range(1, n // 3 + 2):
                cp.write_row((p, f"ocds-bench-{p}"))
        cats_buf = []
        with cur.copy(f"COPY notice ({', '.join(NOTICE_COLS)}) FROM STDIN") as cn:
            klass = []
            for notice, classification, cats in rows(n):
                cn.write_row(notice)
                klass.append(classification)
                cats_buf += cats
        with cur.copy(f"COPY classification ({', '.join(CLASS_COLS)}) FROM STDIN") as cc:
            for c in klass:
                cc.write_row(c)
        with cur.copy("COPY classification_category (classification_id, category, confidence) FROM STDIN") as ck:
            for k in cats_buf:
                ck.write_row(k)
        conn.commit()
        cur.execute("ANALYZE")


def measure(url: str, label: str) -> dict:
    from sqlalchemy import func, select

    from reports.weekly import build, render
    from store.db import open_store
    from store.models import Notice

    engine, Session = open_store(url)
    week = "2026-W20"  # a week in the middle of the filled range
    with Session() as s:
        t = time.perf_counter()
        total = s.execute(select(func.count()).select_from(Notice)).scalar_one()
        count_s = time.perf_counter() - t
        t = time.perf_counter()
        report = build(s, week)
        html = render(report)
        report_s = time.perf_counter() - t
    engine.dispose()
    print(f"{label}: {total:,} notices; SELECT count(*) {count_s:.2f} s; weekly report {week} "
          f"({report.headline['all']['notices']:,} notices that week, {len(html) / 1e6:.1f} MB HTML) "
          f"{report_s:.2f} s = {report_s / max(count_s, 1e-6):.1f} × count(*)", flush=True)
    return {"count_s": count_s, "report_s": report_s}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notices", type=int, default=1_000_000)
    ap.add_argument("--db", choices=["sqlite", "postgresql", "both"], default="both")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.db in ("sqlite", "both"):
            url = f"sqlite:///{tmp}/bench.db"
            t = time.perf_counter()
            fill_sqlite(url, args.notices)
            print(f"sqlite: filled {args.notices:,} notices in {time.perf_counter() - t:.0f} s", flush=True)
            measure(url, "sqlite")
        if args.db in ("postgresql", "both"):
            import psycopg

            name = f"tw_bench_{os.getpid()}"
            admin = "postgresql://postgres@127.0.0.1:5432/postgres"
            try:
                with psycopg.connect(admin, autocommit=True) as c:
                    c.execute(f"CREATE DATABASE {name} ENCODING 'UTF8' TEMPLATE template0")
            except psycopg.OperationalError as exc:
                print(f"postgresql: skipped, no server ({exc})".splitlines()[0])
                return
            url = f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"
            try:
                t = time.perf_counter()
                fill_postgresql(url, args.notices)
                print(f"postgresql: filled {args.notices:,} notices in {time.perf_counter() - t:.0f} s", flush=True)
                measure(url, "postgresql")
            finally:
                with psycopg.connect(admin, autocommit=True) as c:
                    c.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


if __name__ == "__main__":
    main()
