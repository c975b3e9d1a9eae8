"""Crawl benchmark: the ccgp spider over a 20,000-notice mirror, politeness off, beside a plain asyncio fetch of
the same URLs (no parsing, no storing) in the same run. Prints pages/s, notices/s and the crawler's peak RSS.

    .venv/bin/python -m bench.crawl [--notices 20000] [--concurrency 16]

Aim (issue 3): the crawler reaches at least half the baseline's pages/s; peak RSS under 400 MB.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta
from urllib.parse import urlsplit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def big_notices(count: int) -> list[dict]:
    """``count`` notices: the mirror's data file repeated with fresh ids and dates over 60 days."""
    from mirrors.ccgp.server import load_notices

    base = load_notices()
    out = []
    start = datetime(2026, 9, 1, 9, 0)
    for i in range(count):
        n = dict(base[i % len(base)])
        n["id"] = 30_000_000 + i
        n["published"] = (start + timedelta(minutes=i * (60 * 24 * 60) // count)).strftime("%Y-%m-%d %H:%M")
        n["title"] = f"{n['title']}（{i}）"
        out.append(n)
    return out


def serve(count: int) -> None:
    """Mirror process: prints its base URL, serves until killed."""
    from mirrors.ccgp.server import CcgpSite
    from mirrors.ccgp.server import serve as serve_mirror

    server = serve_mirror(site=CcgpSite(big_notices(count)), mode="clean").start()  # no faults: bench only
    print(server.base_url, flush=True)
    while True:
        time.sleep(3600)


async def _fetch(host: str, port: int, path: str) -> int:
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n\r\n".encode())
    await writer.drain()
    data = await reader.read()
    writer.close()
    return len(data)


async def baseline(base_url: str, paths: list[str], concurrency: int) -> float:
    parts = urlsplit(base_url)
    queue: asyncio.Queue[str] = asyncio.Queue()
    for p in paths:
        queue.put_nowait(p)

    async def worker() -> None:
        while not queue.empty():
            await _fetch(parts.hostname, parts.port, queue.get_nowait())

    t0 = time.perf_counter()
    await asyncio.gather(*(worker() for _ in range(concurrency)))
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--notices", type=int, default=20_000)
    ap.add_argument("--concurrency", type=int, default=16)
    ap.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.serve:
        serve(args.notices)
        return
    from mirrors.ccgp.server import PAGE_SIZE, list_href

    notices = big_notices(args.notices)
    since = min(n["published"][:10] for n in notices)
    until = max(n["published"][:10] for n in notices)
    mirror = subprocess.Popen([sys.executable, "-m", "bench.crawl", "--serve", "--notices", str(args.notices)],
                              cwd=ROOT, stdout=subprocess.PIPE, text=True)
    base_url = mirror.stdout.readline().strip()
    try:
        pages = -(-len(notices) // PAGE_SIZE)
        q = f"searchtype=1&bidType=0&start_time={since.replace('-', ':')}&end_time={until.replace('-', ':')}"
        paths = [f"/bxsearch?{q}&page_index={p}" for p in range(1, pages + 1)] + [list_href(n) for n in notices]
        base_s = asyncio.run(baseline(base_url, paths, args.concurrency))
        with tempfile.TemporaryDirectory() as tmp:
            env = os.environ | {"TENDERWATCH_DB": f"sqlite:///{tmp}/bench.db", "TENDERWATCH_ARCHIVE": f"{tmp}/archive"}
            code = (
                "from datetime import date\nfrom crawlers import runner\n"
                f"o = runner.run_crawl('ccgp', '{base_url}', date.fromisoformat('{since}'), date.fromisoformat('{until}'),"
                f" settings_overrides={{'CONCURRENT_REQUESTS': {args.concurrency},"
                f" 'CONCURRENT_REQUESTS_PER_DOMAIN': {args.concurrency}, 'TENDERWATCH_SEARCH_DELAY': 0}})\n"
                "print('OUTCOME', o.pages, o.new_pages, o.status)\n"
            )
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            t0 = time.perf_counter()
            r = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True)
            crawl_s = time.perf_counter() - t0
            peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
            m = re.search(r"OUTCOME (\d+) (\d+) (\w+)", r.stdout)
            if not m:
                print(r.stdout, r.stderr[-3000:])
                raise SystemExit("the crawl did not report an outcome")
            responses, archived, status = int(m.group(1)), int(m.group(2)), m.group(3)
    finally:
        mirror.kill()
    base_rate = len(paths) / base_s
    crawl_rate = responses / crawl_s
    print(json.dumps({
        "notices": len(notices), "urls": len(paths), "concurrency": args.concurrency,
        "baseline_s": round(base_s, 2), "baseline_pages_per_s": round(base_rate, 1),
        "crawl_s": round(crawl_s, 2), "crawl_status": status, "crawl_responses": responses,
        "crawl_archived": archived, "crawl_pages_per_s": round(crawl_rate, 1),
        "crawl_notices_per_s": round(archived / crawl_s, 1), "ratio_vs_baseline": round(crawl_rate / base_rate, 2),
        "crawler_peak_rss_mb": round(max(peak_mb, before / 1024), 1),
        "note": "crawl time includes interpreter start, store migration and archiving each page (gzip + SQLite)",
    }, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
