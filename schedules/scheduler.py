"""`tenders schedule run`: the recurring jobs, on APScheduler 3 with its jobs persisted in the store.

The plan (``plan()``; each cron can be changed, times are Asia/Shanghai):
- ``crawl:<source>``: incremental crawl of one source, then processing of what it archived (default daily 02:00);
  after each crawl ``alerts:<source>`` sends the saved searches' alerts;
- ``reparse``: processes the archive again when the parser or classifier version changed (daily 01:00; a no-op,
  recorded as skipped, otherwise);
- ``report``: the weekly report of the week just ended (Monday 08:00).

Guarantees:
- missed runs catch up once after downtime (coalesce, no misfire limit): a scheduler down for three days runs each
  job once when it comes back, not three times;
- one scheduler at a time: a lock row in the store (scheduler_lock) with a heartbeat;
- every firing is recorded in job_run (outcome, duration, message) and runs to the end at most once: a firing whose
  process was killed is marked interrupted and run again as the next attempt when a scheduler comes back (the
  crawl resumes: pages already archived are not fetched again); a firing that finished is never run again.

The seams: schedules/clock.py (time), schedules/plan.py (the jobs, and their cron/systemd export),
schedules/ledger.py (job_run and the lock), and here the loop that runs them.

Time comes from a clock object, so tests and the soak bench run a week in seconds (FakeClock, AcceleratedClock).
Long jobs (crawl, alerts, report) run as child processes of `tenders`: Scrapy's reactor runs once per process,
and a crash in a job does not take the scheduler down.
"""

from __future__ import annotations

import re
import subprocess
import sys
from datetime import datetime, timedelta, timezone

from apscheduler.executors.base import BaseExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.base import BaseScheduler
from sqlalchemy import select
from sqlalchemy.exc import DBAPIError

from common.clock import SHANGHAI
# the names `tenders` and the tests import from here (this step keeps them here; their homes are the modules below)
from schedules.clock import AcceleratedClock, FakeClock, RealClock, clock_from_env  # noqa: F401
from schedules.clock import apscheduler_time as _apscheduler_time
from schedules.clock import beijing as _beijing
from schedules.ledger import (LOCK_NAME, LOCK_STALE, acquire_lock, lock_holder, mark_interrupted,  # noqa: F401
                              record_outage, release_lock, run_once)
from schedules.plan import (DEFAULT_CRAWL_CRON, DEFAULT_REPARSE_CRON, DEFAULT_REPORT_CRON, JobKind,  # noqa: F401
                            JobSpec, ScheduleError, _command, _exported_env, _on_calendar, _sh, _systemd_quote,
                            export_cron, export_systemd, plan)

JOB_TIMEOUT = 6 * 3600  # seconds a child job may take before it is stopped and recorded as failed


# --- running one firing ---------------------------------------------------------------------------------------

def _tenders(*args: str) -> tuple[int, str]:
    """Run `tenders ARGS` as a child process; (exit code, the last lines it printed)."""
    cmd = [sys.executable, "-m", "tenderwatch.cli", *args]
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=JOB_TIMEOUT)
    except subprocess.TimeoutExpired:
        return 124, f"stopped after {JOB_TIMEOUT} s"
    tail = (done.stdout + done.stderr).strip().splitlines()[-6:]
    return done.returncode, "\n".join(tail)[-2000:]


def _run_crawl(spec_base_url: str | None, source: str) -> tuple[str, str]:
    args = ["crawl", source] + (["--base-url", spec_base_url] if spec_base_url else [])
    code, out = _tenders(*args)
    if code == 0:
        return "ok", out
    # `tenders crawl` says "crawl SOURCE is STATUS: why" when a run is blocked, captcha, incomplete or failed
    said = re.search(rf"crawl {re.escape(source)} is (blocked|captcha|incomplete|failed|interrupted):", out)
    return (said.group(1) if said else "failed"), out


def _run_alerts() -> tuple[str, str]:
    code, out = _tenders("alerts", "run")
    return ("ok" if code == 0 else "failed"), out


def _run_reparse() -> tuple[str, str]:
    from sqlalchemy import func, or_

    from ingest.process import process_version
    from store.db import open_store
    from store.models import RawPage

    version = process_version()
    engine, Session = open_store()
    with Session() as s:
        stale = s.execute(select(func.count()).select_from(RawPage).where(
            or_(RawPage.parsed_version.is_(None), RawPage.parsed_version != version))).scalar_one()
    engine.dispose()
    if not stale:
        return "skipped", f"every archived page is processed by {version}"
    code, out = _tenders("parse", "--archive")
    return ("ok" if code == 0 else "failed"), f"{stale} pages to process by {version}\n{out}"


def _run_report(scheduled_for: datetime) -> tuple[str, str]:
    from reports.weeks import week_of

    week = week_of(scheduled_for - timedelta(days=1))  # Monday morning: the week that ended on Sunday
    code, out = _tenders("report", "--week", week)
    return ("ok" if code == 0 else "failed"), out


class Runner:
    """Runs firings with the job_run ledger (see the module docstring)."""

    def __init__(self, Session, clock, specs: dict[str, JobSpec], log=print):  # noqa: ANN001, N803
        self.Session, self.clock, self.specs, self.log = Session, clock, specs, log

    def fire(self, job_id: str, scheduled_for: datetime) -> None:
        due = _beijing(scheduled_for)
        spec = self.specs.get(job_id)
        if spec is None:
            self.log(f"{job_id}: no longer in the plan, not run")
            return
        if spec.kind is JobKind.CRAWL:
            source = spec.source
            if self._once(job_id, due, lambda: _run_crawl(spec.base_url, source)) is not None:
                self._once(f"alerts:{source}", due, _run_alerts)
        elif spec.kind is JobKind.REPARSE:
            self._once(job_id, due, _run_reparse)
        elif spec.kind is JobKind.REPORT:
            self._once(job_id, due, lambda: _run_report(due))

    def _once(self, job_id: str, due: datetime, work) -> str | None:  # noqa: ANN001
        """Run ``work`` for this firing unless it already ran to the end; returns the outcome (None: not run)."""
        return run_once(self.Session, self.clock, job_id, due, work, self.log)


def planned_jobs(engine) -> list[tuple[str, datetime | None]]:  # noqa: ANN001
    """The jobs in the store (APScheduler's table) with their next run, Asia/Shanghai; [] before the first run."""
    from sqlalchemy import inspect, text

    if not inspect(engine).has_table("scheduler_job"):
        return []
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, next_run_time FROM scheduler_job ORDER BY next_run_time")).all()
    return [(job_id, datetime.fromtimestamp(ts, timezone.utc).astimezone(SHANGHAI) if ts else None)
            for job_id, ts in rows]



# --- the scheduler --------------------------------------------------------------------------------------------

class _LedgerExecutor(BaseExecutor):
    """Runs a due job in the scheduler's thread, through the ledger, with the time it was due."""

    def __init__(self, runner: Runner):
        super().__init__()
        self.runner = runner

    def _do_submit_job(self, job, run_times) -> None:  # noqa: ANN001
        self.runner.fire(job.id, run_times[-1])
        self._run_job_success(job.id, [])


def _noop(*_args) -> None:  # the job store keeps a reference; the ledger executor does the work
    """Placeholder target of the persisted jobs (see _LedgerExecutor)."""


class Scheduler(BaseScheduler):
    """APScheduler 3 driven by ``tick()`` on a clock: ``run_forever`` in production, steps of a FakeClock in tests."""

    def __init__(self, db_url: str, specs: list[JobSpec], clock=None, log=print):  # noqa: ANN001
        from store.db import open_store

        self.clock = clock or RealClock()
        self.engine, self.Session = open_store(db_url)
        self.specs = {s.id: s for s in specs}
        self.runner = Runner(self.Session, self.clock, self.specs, log)
        self.log = log
        self.unreachable = 0  # loop turns that found the store unreachable
        super().__init__(
            timezone=SHANGHAI,
            jobstores={"default": SQLAlchemyJobStore(engine=self.engine, tablename="scheduler_job")},
            executors={"default": _LedgerExecutor(self.runner)},
            job_defaults={"coalesce": True, "misfire_grace_time": None, "max_instances": 1},
        )

    # BaseScheduler's abstract hooks: this scheduler is driven by tick()
    def wakeup(self) -> None:
        pass

    def shutdown(self, wait: bool = True) -> None:
        super().shutdown(wait)

    def start_plan(self) -> None:
        """Put the plan in the job store. A job already there keeps its next run time (so that a firing missed
        while the scheduler was down still catches up); a changed cron takes effect; jobs not in the plan go."""
        with _apscheduler_time(self.clock):
            self.start(paused=True)
            existing = {j.id: j for j in self.get_jobs()}
            for spec in self.specs.values():
                trigger = spec.trigger()
                job = existing.get(spec.id)
                if job is None:
                    self.add_job(_noop, trigger, id=spec.id, name=spec.describe(), args=[spec.id])
                elif str(job.trigger) != str(trigger):
                    self.reschedule_job(spec.id, trigger=trigger)
            for job_id in set(existing) - set(self.specs):
                self.remove_job(job_id)
            self.resume()

    def tick(self) -> float | None:
        """Run what is due now; seconds until the next job is due."""
        with _apscheduler_time(self.clock):
            return self._process_jobs()

    def next_runs(self) -> dict[str, datetime | None]:
        return {j.id: j.next_run_time for j in self.get_jobs()}

    def _record_outage(self, since: datetime, why: str) -> None:
        """Once the store is back: the time it could not be reached, as a failed run of the job "store" (so that
        `tenders status` shows it; the runs it delayed catch up)."""
        record_outage(self.Session, self.clock, since, why, self.unreachable)
        self.log(f"the store is reachable again (unreachable since {_beijing(since):%Y-%m-%d %H:%M})")

    def run_forever(self, heartbeat: float = 30.0, stop=lambda: False) -> None:  # noqa: ANN001
        if not acquire_lock(self.Session, self.clock):
            holder = lock_holder(self.Session)
            raise ScheduleError(f"another scheduler holds the lock ({holder.holder if holder else '?'}, heartbeat "
                                f"{holder.heartbeat_at if holder else '?'}); one scheduler at a time")
        try:
            interrupted = mark_interrupted(self.Session)
            if interrupted:
                self.log(f"{interrupted} firings were interrupted by a dead process: they run again now")
            self.start_plan()
            down: tuple[datetime, str] | None = None  # since when the store is unreachable, and why
            while not stop():
                try:
                    wait = self.tick()
                    held = acquire_lock(self.Session, self.clock)
                    if down:
                        self._record_outage(*down)
                        down = None
                except DBAPIError as exc:  # the store restarts or is unreachable: say so, wait, go on
                    why = str(exc.orig or exc).splitlines()[0][:200]
                    self.log(f"the store is unreachable ({why}); retrying in {heartbeat:.0f} s")
                    down = down or (self.clock.now(), why)
                    self.unreachable += 1
                    self.clock.sleep(heartbeat)
                    continue
                if not held:
                    raise ScheduleError("the scheduler lock was taken over by another scheduler; stopping")
                self.clock.sleep(min(wait if wait is not None else heartbeat, heartbeat))
        finally:
            try:
                release_lock(self.Session)
            except DBAPIError:
                self.log("could not release the scheduler lock (store unreachable); it goes stale in 2 minutes")
            if self.running:
                self.shutdown(wait=False)
            self.engine.dispose()
