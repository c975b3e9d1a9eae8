"""Search benchmark: p50/p95 latency of 200 typical queries over a store of 1,000,000 notices (SQLite, FTS5
trigram), beside the same words answered by a plain `LIKE '%…%'` scan of the same table, in the same run.

    .venv/bin/python -m bench.search [--notices 1000000] [--queries 200]

Aim (issue 7): p95 under 200 ms.
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import tempfile
import time

PLACES = ["长沙市", "株洲市", "湘潭县", "宜昌市", "杭州市余杭区", "成都市武侯区", "赣州经济技术开发区", "贵州省", "鹤壁市",
          "宁波市", "济南市", "苏州工业园区", "合肥高新区", "雄安新区", "湄潭县", "北京市朝阳区"]
THINGS = ["城市大脑", "政务云服务", "数据共享交换平台", "网络安全等级保护测评", "雪亮工程视频监控", "智慧停车管理系统",
          "一网通办平台", "办公家具", "医用耗材", "农村公路养护", "物业管理服务", "校服", "数字乡村平台",
          "电子政务外网", "商用密码应用安全性评估", "智慧交通信号控制", "公共数据授权运营", "机房改造", "食堂餐饮服务"]
SUFFIX = ["建设项目", "采购项目", "运维服务项目", "（一期）建设项目", "升级改造项目", "监理服务"]
KINDS = ["公开招标公告", "中标公告", "竞争性磋商公告", "更正公告", "终止公告", "成交公告"]
QUERY_WORDS = ["城市大脑", "政务云", "数据共享", "等级保护", "视频监控", "智慧停车", "一网通办", "家具", "密码",
               "信号控制", "授权运营", "机房", "数字乡村", "外网", "雪亮工程", "运维", "监理", "校服", "云", "数据"]


def fill(path: str, n: int, seed: int = 7) -> None:
    from store.db import open_store

    engine, _ = open_store(f"sqlite:///{path}")
    engine.dispose()
    rng = random.Random(seed)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA synchronous=OFF")
    batch = []
    for i in range(1, n + 1):
        place, thing = rng.choice(PLACES), rng.choice(THINGS)
        title = f"{place}{thing}{rng.choice(SUFFIX)}{rng.choice(KINDS)}"
        text = f"项目名称：{place}{thing}。采购人：{place}某局。预算金额：{rng.randrange(10, 9000)}万元。"
        batch.append((i, "bench", str(i), f"http://www.ccgp.gov.cn/{i}.htm", "bench", title, text,
                      f"2026-{rng.randrange(1, 12):02d}-{rng.randrange(1, 28):02d} 10:00:00", "2026-11-30 00:00:00"))
        if len(batch) == 20_000:
            _insert(conn, batch)
    _insert(conn, batch)
    conn.close()


def _insert(conn, batch) -> None:  # noqa: ANN001
    from store.grams import grams

    conn.execute("BEGIN")
    conn.executemany("INSERT INTO notice (id, source, source_id, url, parse_version, title, text, published_at, "
                     "updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", batch)
    conn.executemany("INSERT INTO notice_grams (rowid, grams) VALUES (?, ?)",
                     [(row[0], grams(row[5], row[6])) for row in batch])  # what store.notices.save_notice writes
    conn.execute("COMMIT")
    batch.clear()


def queries(k: int, seed: int = 11) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(k):
        shape = rng.random()
        a, b = rng.sample(QUERY_WORDS, 2)
        out.append(a if shape < 0.5 else f"{a} {b}" if shape < 0.75 else f"{a} -{b}" if shape < 0.9
                   else f"{rng.choice(PLACES)} {a}")
    return out


def pct(values: list[float], p: float) -> float:
    return sorted(values)[min(len(values) - 1, int(round(p * (len(values) - 1))))]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notices", type=int, default=1_000_000)
    ap.add_argument("--queries", type=int, default=200)
    args = ap.parse_args()
    from sqlalchemy import func, select

    from store.db import open_store
    from store.models import Notice
    from store.search import search

    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "search.db")
        t = time.perf_counter()
        fill(path, args.notices)
        print(f"filled {args.notices:,} notices (FTS5 kept by triggers) in {time.perf_counter() - t:.0f} s", flush=True)
        engine, Session = open_store(f"sqlite:///{path}")
        qs = queries(args.queries)
        fts, like = [], []
        with Session() as s:
            for q in qs:
                t = time.perf_counter()
                page = search(s, q, per_page=20)
                fts.append((time.perf_counter() - t) * 1000)
                words = [w for w in q.split() if not w.startswith("-")]
                t = time.perf_counter()
                cond = [Notice.title.like(f"%{w}%") | Notice.text.like(f"%{w}%") for w in words]
                s.execute(select(func.count()).where(*cond)).scalar_one()
                s.execute(select(Notice.id).where(*cond).order_by(Notice.published_at.desc()).limit(20)).all()
                like.append((time.perf_counter() - t) * 1000)
                assert page.total >= 0
        engine.dispose()
        for label, xs in (("search (FTS5 trigram)", fts), ("LIKE '%…%' scan", like)):
            print(f"{label}: {len(xs)} queries, p50 {statistics.median(xs):.0f} ms, p95 {pct(xs, 0.95):.0f} ms, "
                  f"max {max(xs):.0f} ms", flush=True)
        print(f"ratio p95 search / LIKE scan: {pct(fts, 0.95) / pct(like, 0.95):.2f}")


if __name__ == "__main__":
    main()
