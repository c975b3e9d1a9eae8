"""Soak run (not CI): 24 hours of the schedule in simulated time against the ccgp mirror, with faults injected.

    .venv/bin/python bench/soak.py [--hours 24] [--postgresql URL]

The plan crawls the mirror every hour (then alerts), checks for re-processing every hour and writes the report
at 08:00. Faults: the archive cannot be written from hour 0 to 2, while the first crawls find every page new (its
directory replaced by a file: every write fails, as on a full disk); the mirror is down from hour 3 to 6; with --postgresql, every connection to the
store is killed at hour 17 (as a database restart does). At the end: every mirror notice in the crawl windows is
archived and stored exactly once, every failure is a failed job_run that `tenders status` shows, and the runs
after each fault succeed. Prints the figures.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hours", type=int, default=24)
    ap.add_argument("--postgresql", help="a PostgreSQL URL whose database the run may fill (default: SQLite)")
    args = ap.parse_args()
    from sqlalchemy import func, select, text

    from schedules.scheduler import FakeClock, Scheduler, plan
    from store.db import open_store
    from store.models import JobRun, Notice, RawPage
    from tests.sites.ccgp.server import CcgpSite, serve

    tmp = Path(tempfile.mkdtemp(prefix="tw-soak-"))
    db = args.postgresql or f"sqlite:///{tmp / 'tw.db'}"
    archive = tmp / "archive"
    os.environ |= {"TENDERWATCH_DB": db, "TENDERWATCH_ARCHIVE": str(archive),
                   "TENDERWATCH_REPORTS": str(tmp / "reports")}
    site = CcgpSite()
    server = serve(site=site).start()
    port = int(server.base_url.rsplit(":", 1)[1])
    specs = plan([f"ccgp={server.base_url}"], {"ccgp": "0 * * * *", "reparse": "30 * * * *"})
    start = datetime(2026, 11, 30, 0, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
    clock = FakeClock(start)
    sched = Scheduler(db, specs, clock, log=lambda m: None)
    sched.start_plan()
    faults = []
    t0 = time.monotonic()
    for step in range(args.hours * 4):
        hour = step / 4
        if hour == 3:
            server.stop()
            faults.append("mirror down 03:00–06:00")
        if hour == 6:
            server = serve(site=site, port=port).start()
        if hour == 0:  # the first crawls find every page new: the archive fault meets real writes
            archive.write_text("not a directory: the archive cannot be written")
            faults.append("archive unwritable 00:00–02:00")
        if hour == 2:
            archive.unlink()
        if hour == 17 and args.postgresql:
            engine, _ = open_store(db)
            with engine.connect() as conn:
                conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                                  "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
                conn.commit()
            engine.dispose()
            faults.append("every database connection killed at 17:00")
        clock.advance(timedelta(minutes=15))
        try:
            sched.tick()
        except Exception as exc:  # noqa: BLE001 - the scheduler's own store access failed: count it, go on
            faults.append(f"tick at {hour:.2f} h failed: {type(exc).__name__}")
    server.stop()
    wall = time.monotonic() - t0
    engine, Session = open_store(db)
    with Session() as s:
        runs = s.execute(select(JobRun)).scalars().all()
        ids = s.execute(select(RawPage.source_id)).scalars().all()
        notices = s.execute(select(func.count()).select_from(Notice)).scalar_one()
    engine.dispose()
    status = subprocess.run([sys.executable, "-m", "tenderwatch.cli", "status"], capture_output=True, text=True,
                            env=os.environ)
    outcomes = Counter((r.job_id, r.outcome) for r in runs)
    failed = [r for r in runs if r.outcome == "failed"]
    last_crawl = max((r for r in runs if r.job_id == "crawl:ccgp"), key=lambda r: r.scheduled_for)
    print(f"soak: {args.hours} h of schedule in {wall:.0f} s of wall time on {db.split(':')[0]}; faults: {faults}")
    print(f"  job runs: {dict(sorted(outcomes.items()))}")
    print(f"  failed runs: {len(failed)} (all in `tenders status` history: {'failed' in status.stdout.lower()})")
    print(f"  raw pages {len(ids)}, distinct {len(set(ids))}, notices {notices}; last crawl {last_crawl.outcome}")
    ok = len(ids) == len(set(ids)) == notices and last_crawl.outcome == "ok"
    print("  nothing lost, nothing twice" if ok else "  PROBLEM: see the figures above")
    shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
