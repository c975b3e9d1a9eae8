"""`tenders schedule run|list|export`: the scheduler and its plan."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tenderwatch.options import UserError, _at, store_session


_SOURCE_HELP = "A source to crawl: a spider name, or NAME=BASE_URL for a mirror (repeatable; default ccgp)."
_CRON_HELP = "JOB=CRON (five fields, Asia/Shanghai) for crawl:<source> (or the source name), reparse, report."


def _plan(sources: tuple[str, ...], crons: tuple[str, ...]):  # noqa: ANN202
    from schedules.plan import ScheduleError, plan

    parsed = {}
    for c in crons:
        job, sep, expr = c.partition("=")
        if not sep or not expr.strip():
            raise click.BadParameter(f"{c!r} is not JOB=CRON", param_hint="--cron")
        parsed[job.strip()] = expr.strip()
    try:
        return plan(list(sources or ("ccgp",)), parsed)
    except ScheduleError as exc:
        raise UserError(str(exc)) from None


@click.group()
def schedule() -> None:
    """The recurring jobs: crawl each source, re-process after a parser change, alerts, the weekly report."""


@schedule.command(name="run")
@click.option("--source", "sources", multiple=True, help=_SOURCE_HELP)
@click.option("--cron", "crons", multiple=True, help=_CRON_HELP)
def schedule_run(sources: tuple[str, ...], crons: tuple[str, ...]) -> None:
    """Run the scheduler until stopped (Ctrl-C or SIGTERM); one scheduler per store."""
    import signal

    from schedules.clock import clock_from_env
    from schedules.plan import ScheduleError
    from schedules.scheduler import Scheduler
    from common.config import db_url

    specs = _plan(sources, crons)
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(1))
    try:
        sched = Scheduler(db_url(), specs, clock_from_env(), log=lambda m: click.echo(m, err=True))
        click.echo(f"scheduler: {len(specs)} jobs: " + ", ".join(f"{s.id} [{s.cron}]" for s in specs) + _at(),
                   err=True)
        sched.run_forever(stop=lambda: bool(stopping))
    except ScheduleError as exc:
        raise UserError(str(exc)) from None


@schedule.command(name="list")
@click.option("--limit", default=20, show_default=True, help="How many past runs to show.")
def schedule_list(limit: int) -> None:
    """The jobs in the store with their next run, the scheduler lock, and the latest runs."""
    from sqlalchemy import select

    from schedules.ledger import lock_holder
    from schedules.scheduler import planned_jobs
    from store.models import JobRun

    with store_session() as Session:
        jobs = planned_jobs(Session.kw["bind"])
        with Session() as session:
            runs = session.execute(select(JobRun).order_by(JobRun.id.desc()).limit(limit)).scalars().all()
        holder = lock_holder(Session)
    if not jobs:
        click.echo("no jobs in the store yet: start `tenders schedule run`")
    for job_id, when in jobs:
        click.echo(f"{job_id:<20} next {when:%Y-%m-%d %H:%M %Z}" if when else f"{job_id:<20} paused")
    click.echo((f"lock: held by {holder.holder}, heartbeat {holder.heartbeat_at:%Y-%m-%d %H:%M:%S}" if holder
                else "lock: free (no scheduler running)") + _at())
    _print_runs(runs)


def _print_runs(runs) -> None:  # noqa: ANN001
    for r in runs:
        took = f"{r.duration_s:.1f} s" if r.duration_s is not None else "-"
        click.echo(f"  {r.job_id:<18} due {r.scheduled_for:%Y-%m-%d %H:%M}  {r.outcome.upper():<11} {took:>9}"
                   f"  attempt {r.attempt}" + (f"  {r.message.splitlines()[-1][:100]}" if r.message else ""))


@schedule.command(name="export")
@click.option("--cron", "as_cron", is_flag=True, help="A crontab.")
@click.option("--systemd", "as_systemd", is_flag=True, help="systemd service + timer units.")
@click.option("--source", "sources", multiple=True, help=_SOURCE_HELP)
@click.option("--job-cron", "crons", multiple=True, help=_CRON_HELP)
@click.option("--tenders", "tenders_path", help="The tenders command to call (default: this one, by absolute path).")
@click.option("--workdir", type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="The jobs' working directory (default: the current one).")
def schedule_export(as_cron: bool, as_systemd: bool, sources, crons, tenders_path: str | None,  # noqa: ANN001
                    workdir: Path | None) -> None:
    """Print the same plan for a system scheduler instead of `tenders schedule run`: absolute paths, a working
    directory, and TENDERWATCH_DB, _ARCHIVE and _REPORTS as this shell resolves them, so the jobs open this store."""
    from schedules.plan import _sh, export_cron, export_systemd

    if as_cron == as_systemd:
        raise click.UsageError("say --cron or --systemd")
    specs = _plan(sources, crons)
    tenders_path = tenders_path or _sh(_this_tenders())
    workdir = str((workdir or Path.cwd()).absolute())
    click.echo(export_cron(specs, tenders_path, workdir) if as_cron
               else export_systemd(specs, tenders_path, workdir), nl=False)
    click.echo(f"# {len(specs)} jobs" + _at(), err=True)


def _this_tenders() -> str:
    """The absolute path of the `tenders` script of this installation (beside its Python), else on PATH."""
    import shutil

    beside = Path(sys.executable).with_name("tenders")
    if beside.is_file():
        return str(beside.absolute())
    found = shutil.which("tenders")
    return str(Path(found).absolute()) if found else "tenders"
