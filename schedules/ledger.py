"""The ledger of firings (job_run: every firing recorded, run to the end at most once, interrupted ones run again)
and the one-scheduler-at-a-time lock (scheduler_lock, with a heartbeat)."""

from __future__ import annotations

import os
import socket
import time
from datetime import datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from schedules.clock import beijing
from store import runs as store_runs
from store.runs import pid_alive
from store.models import JobRun, SchedulerLock

LOCK_NAME = "scheduler"
LOCK_STALE = timedelta(minutes=2)  # a holder silent this long (scheduler time) has died


# a firing with one of these ran to the end: it is not run again (a crawl says why it did not finish)
FINAL_OUTCOMES = ("ok", "failed", "skipped", "blocked", "captcha", "incomplete")


def run_once(Session, clock, job_id: str, due: datetime, work, log=print) -> str | None:  # noqa: ANN001, N803
    """Run ``work`` for this firing unless it already ran to the end; returns the outcome (None: not run)."""
    host, pid = socket.gethostname(), os.getpid()
    started = beijing(clock.now())
    with Session.begin() as s:
        row = s.execute(select(JobRun).where(JobRun.job_id == job_id, JobRun.scheduled_for == due)
                        ).scalar_one_or_none()
        if row is not None and row.outcome in FINAL_OUTCOMES:
            log(f"{job_id} due {due:%Y-%m-%d %H:%M}: already {row.outcome}, not run again")
            return None
        if row is not None and row.outcome == "running" and row.host == host and pid_alive(row.pid) \
                and row.pid != pid:
            log(f"{job_id} due {due:%Y-%m-%d %H:%M}: running in process {row.pid}")
            return None
        if row is None:
            row = JobRun(job_id=job_id, scheduled_for=due, attempt=1)
            s.add(row)
        else:
            row.attempt += 1
        row.started_at, row.outcome, row.host, row.pid = started, "running", host, pid
        row.finished_at = row.duration_s = None
        row.message = None if row.attempt == 1 else f"attempt {row.attempt} after an interrupted run"
    t0 = time.monotonic()
    log(f"{job_id} due {due:%Y-%m-%d %H:%M}: running")
    try:
        outcome, message = work()
    except Exception as exc:  # noqa: BLE001 - a failing job is recorded, the scheduler goes on
        outcome, message = "failed", f"{type(exc).__name__}: {exc}"
    with Session.begin() as s:
        s.execute(update(JobRun).where(JobRun.job_id == job_id, JobRun.scheduled_for == due).values(
            outcome=outcome, finished_at=beijing(clock.now()), duration_s=round(time.monotonic() - t0, 3),
            message=((message or "")[-4000:] or None)))
    log(f"{job_id} due {due:%Y-%m-%d %H:%M}: {outcome}")
    return outcome


def mark_interrupted(Session) -> int:  # noqa: N803
    """Firings left running by a process of this host that is gone are interrupted (they run again on catch-up)."""
    with Session.begin() as s:
        return store_runs.mark_interrupted(s, JobRun, lambda r: f"process {r.pid} died during the run",
                                           state="outcome")


def record_outage(Session, clock, since: datetime, why: str, checks: int) -> None:  # noqa: ANN001, N803
    """The time the store could not be reached, as a failed run of the job "store" (so that `tenders status` shows
    it)."""
    with Session.begin() as s:
        s.add(JobRun(job_id="store", scheduled_for=beijing(since), started_at=beijing(since),
                     finished_at=beijing(clock.now()), outcome="failed", attempt=1,
                     duration_s=(clock.now() - since).total_seconds(), host=socket.gethostname(),
                     pid=os.getpid(), message=f"the store was unreachable until {beijing(clock.now()):%H:%M}"
                                              f" ({checks} checks): {why}"))


# --- the lock -------------------------------------------------------------------------------------------------

def acquire_lock(Session, clock) -> bool:  # noqa: N803, ANN001
    """Take or renew the scheduler lock; False when another live scheduler holds it."""
    host, pid = socket.gethostname(), os.getpid()
    me, now = f"{host}:{pid}", beijing(clock.now())
    with Session.begin() as s:
        row = s.get(SchedulerLock, LOCK_NAME, with_for_update=True)
        if row is None:
            s.add(SchedulerLock(name=LOCK_NAME, holder=me, host=host, pid=pid, heartbeat_at=now))
            try:
                s.flush()
            except IntegrityError:
                return False  # another scheduler took it this instant
            return True
        mine = row.holder == me
        dead = row.host == host and not pid_alive(row.pid)
        stale = row.heartbeat_at < now - LOCK_STALE
        if not (mine or dead or stale):
            return False
        row.holder, row.host, row.pid, row.heartbeat_at = me, host, pid, now
        return True


def release_lock(Session) -> None:  # noqa: N803
    me = f"{socket.gethostname()}:{os.getpid()}"
    with Session.begin() as s:
        row = s.get(SchedulerLock, LOCK_NAME)
        if row is not None and row.holder == me:
            s.delete(row)


def lock_holder(Session) -> SchedulerLock | None:  # noqa: N803
    with Session() as s:
        return s.get(SchedulerLock, LOCK_NAME)
