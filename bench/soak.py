"""Soak run (not CI): 24 hours of the schedule in simulated time against the ccgp mirror, with faults injected.

    .venv/bin/python bench/soak.py [--hours 24] [--postgresql URL
        [--stop-db "pg_ctlcluster 15 main stop" --start-db "pg_ctlcluster 15 main start"]]

The production loop (Scheduler.run_forever) runs on a simulated clock whose every sleep also injects the faults
due at that hour. The plan crawls the mirror every hour (then alerts), checks for re-processing every hour at :30
and writes the report at 08:00. Faults: the archive cannot be written from hour 0 to 2, while the first crawls
find every page new (its directory replaced by a file: every write fails, as on a full disk); the mirror is down
from hour 3 to 6; with --postgresql, every store connection is killed at hour 12 and, with --stop-db/--start-db,
the database server is down from hour 17 to 18 (the loop meets an unreachable store, says so and goes on; the
runs it could not start catch up when the server is back). At the end: every
mirror notice in the crawl windows is archived and stored exactly once, every failed run is in `tenders status`,
the last crawl succeeded. Prints the figures; exit code 1 when something was lost or stored twice.
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
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from schedules.scheduler import FakeClock


class FaultClock(FakeClock):
    """Simulated time; each sleep first injects the faults that start or end in the slept interval."""

    def __init__(self, start: datetime, faults: list[tuple[float, callable]]):
        super().__init__(start)
        self.t0, self.faults = self.t, sorted(faults, key=lambda f: f[0])

    def hours(self) -> float:
        return (self.t - self.t0).total_seconds() / 3600

    def sleep(self, seconds: float) -> None:
        time.sleep(0.005)  # a little real time, so that a restarting server has time to come back
        super().sleep(seconds)
        while self.faults and self.faults[0][0] <= self.hours():
            self.faults.pop(0)[1]()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--hours", type=int, default=24)
    ap.add_argument("--postgresql", help="a PostgreSQL URL whose (empty) database the run may fill (default: SQLite)")
    ap.add_argument("--stop-db", help="a shell command that stops the database server, run at hour 17")
    ap.add_argument("--start-db", help="a shell command that starts it again, run at hour 18 (and at exit)")
    args = ap.parse_args()
    from sqlalchemy import func, select, text

    from schedules.scheduler import Scheduler, plan
    from store.db import open_store
    from store.models import JobRun, Notice, RawPage
    from mirrors.ccgp.server import CcgpSite, serve

    tmp = Path(tempfile.mkdtemp(prefix="tw-soak-"))
    db = args.postgresql or f"sqlite:///{tmp / 'tw.db'}"
    archive = tmp / "archive"
    os.environ |= {"TENDERWATCH_DB": db, "TENDERWATCH_ARCHIVE": str(archive),
                   "TENDERWATCH_REPORTS": str(tmp / "reports")}
    site = CcgpSite()
    server = [serve(site=site).start()]
    base_url = server[0].base_url
    port = int(base_url.rsplit(":", 1)[1])
    injected: list[str] = []

    def say(what: str):  # noqa: ANN202
        return lambda: injected.append(what)

    def kill_connections() -> None:
        engine, _ = open_store(db)
        with engine.connect() as conn:
            conn.execute(text("SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                              "WHERE datname = current_database() AND pid <> pg_backend_pid()"))
            conn.commit()
        engine.dispose()
        injected.append("12:00 every store connection killed")

    def stop_db() -> None:
        subprocess.run(args.stop_db, shell=True, check=True)
        injected.append("17:00–18:00 database server down")

    def start_db() -> None:
        subprocess.run(args.start_db, shell=True, check=True)

    faults = [
        (0, lambda: (archive.write_text("not a directory: the archive cannot be written"),
                     injected.append("00:00–02:00 archive unwritable"))),
        (2, lambda: archive.unlink()),
        (3, lambda: (server[0].stop(), injected.append("03:00–06:00 mirror down"))),
        (6, lambda: server.__setitem__(0, serve(site=site, port=port).start())),
    ]
    if args.postgresql:
        faults.append((12, kill_connections))
        if args.stop_db and args.start_db:
            faults += [(17, stop_db), (18, start_db)]
    specs = plan([f"ccgp={base_url}"], {"ccgp": "0 * * * *", "reparse": "30 * * * *"})
    clock = FaultClock(datetime(2026, 11, 30, 0, 0, tzinfo=ZoneInfo("Asia/Shanghai")), faults)
    clock.faults.pop(0)[1]()  # hour 0: before the first tick
    sched = Scheduler(db, specs, clock, log=lambda m: None)
    t0 = time.monotonic()
    try:
        sched.run_forever(stop=lambda: clock.hours() >= args.hours)
    finally:
        if args.start_db:
            subprocess.run(args.start_db, shell=True)  # never leave the server stopped
    wall = time.monotonic() - t0
    server[0].stop()
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
    print(f"soak: {args.hours} h of schedule in {wall:.0f} s of wall time on {db.split(':')[0]}")
    print(f"  faults: {injected}; loop turns that found the store unreachable: {sched.unreachable}")
    print(f"  job runs: {dict(sorted(outcomes.items()))}")
    print(f"  failed runs: {len(failed)}, at {sorted({f'{r.scheduled_for:%H:%M}' for r in failed})}; "
          f"`tenders status` shows failed runs: {'failed or interrupted runs in the history: ' in status.stdout}")
    print(f"  raw pages {len(ids)}, distinct {len(set(ids))}, notices {notices}; last crawl {last_crawl.outcome}")
    ok = len(ids) == len(set(ids)) == notices and last_crawl.outcome == "ok"
    print("  nothing lost, nothing twice" if ok else "  PROBLEM: see the figures above")
    shutil.rmtree(tmp, ignore_errors=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
