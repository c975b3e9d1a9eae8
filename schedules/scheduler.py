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

Time comes from a clock object, so tests and the soak bench run a week in seconds (FakeClock, AcceleratedClock).
Long jobs (crawl, alerts, report) run as child processes of `tenders`: Scrapy's reactor runs once per process,
and a crash in a job does not take the scheduler down.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone

from apscheduler.executors.base import BaseExecutor
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.base import BaseScheduler
from apscheduler.triggers.cron import CronTrigger
from sqlalchemy import select, update
from sqlalchemy.exc import DBAPIError, IntegrityError

from common.clock import SHANGHAI, utc_now
from store.runs import pid_alive
from store.models import JobRun, SchedulerLock

LOCK_NAME = "scheduler"
LOCK_STALE = timedelta(minutes=2)  # a holder silent this long (scheduler time) has died
JOB_TIMEOUT = 6 * 3600  # seconds a child job may take before it is stopped and recorded as failed
DEFAULT_CRAWL_CRON = "0 2 * * *"
DEFAULT_REPARSE_CRON = "0 1 * * *"
DEFAULT_REPORT_CRON = "0 8 * * mon"


class ScheduleError(RuntimeError):
    """A plan or lock problem, said to the user."""


# --- clocks ---------------------------------------------------------------------------------------------------

class RealClock:
    def now(self) -> datetime:
        return utc_now()

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)


class FakeClock:
    """Time that moves only when told (tests)."""

    def __init__(self, start: datetime):
        self.t = start.astimezone(timezone.utc)

    def now(self) -> datetime:
        return self.t

    def advance(self, delta: timedelta) -> None:
        self.t += delta

    def sleep(self, seconds: float) -> None:
        self.advance(timedelta(seconds=seconds))


class AcceleratedClock:
    """Scheduler time that starts at ``start`` and runs ``speed`` times faster than the wall clock (soak runs)."""

    def __init__(self, start: datetime, speed: float):
        self.start, self.speed, self.t0 = start.astimezone(timezone.utc), speed, time.monotonic()

    def now(self) -> datetime:
        return self.start + timedelta(seconds=(time.monotonic() - self.t0) * self.speed)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds / self.speed)


def clock_from_env() -> RealClock | AcceleratedClock:
    """TENDERWATCH_CLOCK=2026-11-30T01:59+08:00*60 runs scheduler time from that moment, 60 times faster (the soak
    bench and the kill test use it); unset, the real clock."""
    spec = os.environ.get("TENDERWATCH_CLOCK")
    if not spec:
        return RealClock()
    start, _, speed = spec.partition("*")
    try:
        return AcceleratedClock(datetime.fromisoformat(start), float(speed or 1))
    except ValueError as exc:
        raise ScheduleError(f"TENDERWATCH_CLOCK is not START[*SPEED]: {spec!r}") from exc


@contextmanager
def _apscheduler_time(clock) -> None:  # noqa: ANN001
    """APScheduler 3 reads datetime.now() itself; within this block it reads the scheduler's clock instead."""
    import apscheduler.executors.base as executors_base
    import apscheduler.schedulers.base as schedulers_base

    class ClockDatetime(datetime):
        @classmethod
        def now(cls, tz=None):  # noqa: ANN001, ANN206
            t = clock.now()
            return t.astimezone(tz) if tz else t.astimezone(SHANGHAI).replace(tzinfo=None)

    saved = schedulers_base.datetime, executors_base.datetime
    schedulers_base.datetime = executors_base.datetime = ClockDatetime
    try:
        yield
    finally:
        schedulers_base.datetime, executors_base.datetime = saved


# --- the plan -------------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class JobSpec:
    id: str  # crawl:<source> | reparse | report
    cron: str  # five fields, Asia/Shanghai
    base_url: str | None = None  # crawl jobs: the site (default: the spider's real site)

    def trigger(self) -> CronTrigger:
        try:
            return CronTrigger.from_crontab(self.cron, timezone=SHANGHAI)
        except ValueError as exc:
            raise ScheduleError(f"{self.id}: not a cron expression {self.cron!r}: {exc}") from exc

    def describe(self) -> str:
        if self.id.startswith("crawl:"):
            return f"crawl {self.id[6:]}{' at ' + self.base_url if self.base_url else ''}, process, then alerts"
        return {"reparse": "re-process the archive when the parser or classifier changed",
                "report": "weekly report of the week just ended"}.get(self.id, self.id)


def plan(sources: list[str], crons: dict[str, str] | None = None) -> list[JobSpec]:
    """The jobs for these sources (``name`` or ``name=base_url``); ``crons`` maps a job id (or a source name) to
    its cron expression."""
    from crawlers.runner import spider_names

    crons = dict(crons or {})
    known = set(spider_names())
    specs = []
    for entry in sources:
        name, _, base_url = entry.partition("=")
        if name not in known:
            raise ScheduleError(f"no spider named {name!r}; the spiders are: {', '.join(sorted(known))}")
        cron = crons.pop(f"crawl:{name}", None) or crons.pop(name, None) or DEFAULT_CRAWL_CRON
        specs.append(JobSpec(f"crawl:{name}", cron, base_url or None))
    specs.append(JobSpec("reparse", crons.pop("reparse", DEFAULT_REPARSE_CRON)))
    specs.append(JobSpec("report", crons.pop("report", DEFAULT_REPORT_CRON)))
    if crons:
        raise ScheduleError(f"--cron names no job of the plan: {', '.join(sorted(crons))}")
    for s in specs:
        s.trigger()  # a bad cron fails now, with its name
    return specs


# --- running one firing ---------------------------------------------------------------------------------------

def _beijing(t: datetime) -> datetime:
    return t.astimezone(SHANGHAI).replace(tzinfo=None)


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
    return ("ok" if code == 0 else "failed"), out


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
        if job_id.startswith("crawl:"):
            source = job_id[6:]
            if self._once(job_id, due, lambda: _run_crawl(spec.base_url, source)) is not None:
                self._once(f"alerts:{source}", due, _run_alerts)
        elif job_id == "reparse":
            self._once(job_id, due, _run_reparse)
        elif job_id == "report":
            self._once(job_id, due, lambda: _run_report(due))

    def _once(self, job_id: str, due: datetime, work) -> str | None:  # noqa: ANN001
        """Run ``work`` for this firing unless it already ran to the end; returns the outcome (None: not run)."""
        host, pid = socket.gethostname(), os.getpid()
        started = _beijing(self.clock.now())
        with self.Session.begin() as s:
            row = s.execute(select(JobRun).where(JobRun.job_id == job_id, JobRun.scheduled_for == due)
                            ).scalar_one_or_none()
            if row is not None and row.outcome in ("ok", "failed", "skipped"):
                self.log(f"{job_id} due {due:%Y-%m-%d %H:%M}: already {row.outcome}, not run again")
                return None
            if row is not None and row.outcome == "running" and row.host == host and pid_alive(row.pid) \
                    and row.pid != pid:
                self.log(f"{job_id} due {due:%Y-%m-%d %H:%M}: running in process {row.pid}")
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
        self.log(f"{job_id} due {due:%Y-%m-%d %H:%M}: running")
        try:
            outcome, message = work()
        except Exception as exc:  # noqa: BLE001 - a failing job is recorded, the scheduler goes on
            outcome, message = "failed", f"{type(exc).__name__}: {exc}"
        with self.Session.begin() as s:
            s.execute(update(JobRun).where(JobRun.job_id == job_id, JobRun.scheduled_for == due).values(
                outcome=outcome, finished_at=_beijing(self.clock.now()), duration_s=round(time.monotonic() - t0, 3),
                message=((message or "")[-4000:] or None)))
        self.log(f"{job_id} due {due:%Y-%m-%d %H:%M}: {outcome}")
        return outcome


def mark_interrupted(Session) -> int:  # noqa: N803
    """Firings left running by a process of this host that is gone are interrupted (they run again on catch-up)."""
    host = socket.gethostname()
    with Session.begin() as s:
        rows = [r for r in s.execute(select(JobRun).where(JobRun.outcome == "running", JobRun.host == host)).scalars()
                if r.pid != os.getpid() and not pid_alive(r.pid)]
        for r in rows:
            r.outcome = "interrupted"
            r.message = f"process {r.pid} died during the run"
    return len(rows)


# --- the lock -------------------------------------------------------------------------------------------------

def acquire_lock(Session, clock) -> bool:  # noqa: N803, ANN001
    """Take or renew the scheduler lock; False when another live scheduler holds it."""
    host, pid = socket.gethostname(), os.getpid()
    me, now = f"{host}:{pid}", _beijing(clock.now())
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


def planned_jobs(engine) -> list[tuple[str, datetime | None]]:  # noqa: ANN001
    """The jobs in the store (APScheduler's table) with their next run, Asia/Shanghai; [] before the first run."""
    from sqlalchemy import inspect, text

    if not inspect(engine).has_table("scheduler_job"):
        return []
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT id, next_run_time FROM scheduler_job ORDER BY next_run_time")).all()
    return [(job_id, datetime.fromtimestamp(ts, timezone.utc).astimezone(SHANGHAI) if ts else None)
            for job_id, ts in rows]


def lock_holder(Session) -> SchedulerLock | None:  # noqa: N803
    with Session() as s:
        return s.get(SchedulerLock, LOCK_NAME)


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
        with self.Session.begin() as s:
            s.add(JobRun(job_id="store", scheduled_for=_beijing(since), started_at=_beijing(since),
                         finished_at=_beijing(self.clock.now()), outcome="failed", attempt=1,
                         duration_s=(self.clock.now() - since).total_seconds(), host=socket.gethostname(),
                         pid=os.getpid(), message=f"the store was unreachable until {_beijing(self.clock.now()):%H:%M}"
                                                  f" ({self.unreachable} checks): {why}"))
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


# --- the same plan for system schedulers ----------------------------------------------------------------------

def _exported_env(env: dict[str, str] | None, where: str) -> tuple[list[tuple[str, str]], list[str]]:
    """The TENDERWATCH_* environment every job needs (default: as this process resolves it, absolute), and notes.
    A database URL's password is not written into a plan file: the URL goes without it (so a job without the
    password fails loudly instead of opening another store) and the note says where to give it."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    from common.config import environment

    items, notes = [], []
    for name, value in (environment() if env is None else env).items():
        if name == "TENDERWATCH_DB":
            try:
                url = make_url(value)
            except ArgumentError:
                url = None
            if url is not None and url.password is not None:
                value = url._replace(password=None).render_as_string(hide_password=False)
                notes.append(f"TENDERWATCH_DB is written without its password: {where}")
        items.append((name, value))
    return items, notes


def _sh(word: str) -> str:
    """A path as one shell word, double-quoted when it needs quoting (the systemd command is single-quoted)."""
    if word and all(c.isalnum() or c in "/._-+=:@," for c in word):
        return word
    return '"' + "".join("\\" + c if c in '"\\$`' else c for c in word) + '"'


def export_cron(specs: list[JobSpec], tenders: str = "tenders", workdir: str | None = None,
                env: dict[str, str] | None = None) -> str:
    """A crontab: each job runs in ``workdir`` (default: the current directory) with the TENDERWATCH_* environment
    resolved to absolute values (default: this process's), so cron opens the same store as the shell that exported
    it."""
    workdir = workdir or os.getcwd()
    items, notes = _exported_env(env, "give it in ~/.pgpass (or replace the TENDERWATCH_DB line by hand)")
    lines = ["# tenderwatch: the plan of `tenders schedule run`, for cron (times are Asia/Shanghai)",
             f"# every job runs in {workdir} and opens the store below (as resolved when this plan was exported)"]
    lines += [f"# {n}" for n in notes]
    lines += ["CRON_TZ=Asia/Shanghai", "TZ=Asia/Shanghai"] + [f"{k}={v}" for k, v in items]
    for s in specs:
        command = f"cd {_sh(workdir)} && {_command(s, tenders)}".replace("%", "\\%")  # an unescaped % ends a cron command
        lines.append(f"{s.cron} {command}")
    return "\n".join(lines) + "\n"


def _command(s: JobSpec, tenders: str) -> str:
    if s.id.startswith("crawl:"):
        source = s.id[6:]
        url = f" --base-url {s.base_url}" if s.base_url else ""
        return f"{tenders} crawl {source}{url} && {tenders} alerts run"
    if s.id == "reparse":
        return f"{tenders} parse --archive"
    return f"{tenders} report --week \"$(date -d yesterday +%G-W%V)\""  # the ISO week that ended yesterday


_DOW = {"mon": "Mon", "tue": "Tue", "wed": "Wed", "thu": "Thu", "fri": "Fri", "sat": "Sat", "sun": "Sun",
        "0": "Sun", "1": "Mon", "2": "Tue", "3": "Wed", "4": "Thu", "5": "Fri", "6": "Sat", "7": "Sun"}


def _on_calendar(cron: str) -> str:
    """A five-field cron as a systemd OnCalendar= value (minutes, hours, days of month, months, days of week)."""
    minute, hour, dom, month, dow = cron.split()
    star = lambda f, width: "*" if f == "*" else ",".join(p.zfill(width) if p.isdigit() else p  # noqa: E731
                                                          for p in f.split(","))
    days = "" if dow == "*" else ",".join(_DOW.get(d.lower(), d) for d in dow.split(",")) + " "
    return f"{days}*-{star(month, 2)}-{star(dom, 2)} {star(hour, 2)}:{star(minute, 2)}:00 Asia/Shanghai"


def _systemd_quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"').replace("%", "%%") + '"'


def export_systemd(specs: list[JobSpec], tenders: str = "tenders", workdir: str | None = None,
                   env: dict[str, str] | None = None) -> str:
    """systemd service + timer units: each service has ``WorkingDirectory=`` (default: the current directory) and
    the TENDERWATCH_* environment resolved to absolute values (``Environment=``; /etc/tenderwatch.env, when present,
    overrides them)."""
    workdir = workdir or os.getcwd()
    items, notes = _exported_env(env, "put TENDERWATCH_DB=URL-with-password in /etc/tenderwatch.env (mode 600), which overrides Environment=")
    out = ["# tenderwatch: the plan of `tenders schedule run`, as systemd units. Save each unit under",
           "# /etc/systemd/system/ and run: systemctl enable --now <name>.timer",
           "# Environment= holds the store as resolved when this plan was exported; /etc/tenderwatch.env overrides it."]
    out += [f"# {n}" for n in notes]
    for s in specs:
        name = "tenderwatch-" + s.id.replace(":", "-")
        command = _command(s, tenders).replace("%", "%%")  # systemd expands %-specifiers
        out += [f"\n# --- {name}.service", "[Unit]", f"Description=tenderwatch: {s.describe()}", "", "[Service]",
                "Type=oneshot", f"WorkingDirectory={workdir.replace('%', '%%')}"]
        out += [f"Environment={_systemd_quote(f'{k}={v}')}" for k, v in items]
        out += ["EnvironmentFile=-/etc/tenderwatch.env", f"ExecStart=/bin/sh -c '{command}'",
                f"\n# --- {name}.timer", "[Unit]", f"Description=tenderwatch: {s.id}", "", "[Timer]",
                f"OnCalendar={_on_calendar(s.cron)}", "Persistent=true", "", "[Install]",
                "WantedBy=timers.target"]
    return "\n".join(out) + "\n"
