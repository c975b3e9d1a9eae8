"""The scheduler on a controllable clock: a simulated week runs every job the right number of times, downtime
catches up once, one scheduler at a time, and a scheduler killed mid-job runs no firing twice to the end."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
import time
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select

from schedules.scheduler import (FakeClock, JobSpec, ScheduleError, Scheduler, _on_calendar, acquire_lock,
                                 export_cron, export_systemd, plan, release_lock)
from store.db import open_store
from store.models import JobRun, Notice, RawPage

SH = ZoneInfo("Asia/Shanghai")
MONDAY = datetime(2026, 11, 30, 0, 0, tzinfo=SH)


@pytest.fixture
def store_env(tmp_path, monkeypatch):
    db = f"sqlite:///{tmp_path / 'tw.db'}"
    for key, value in {"TENDERWATCH_DB": db, "TENDERWATCH_ARCHIVE": str(tmp_path / "archive"),
                       "TENDERWATCH_REPORTS": str(tmp_path / "reports")}.items():
        monkeypatch.setenv(key, value)
    return db


def _runs(db):
    engine, Session = open_store(db)
    with Session() as s:
        rows = s.execute(select(JobRun).order_by(JobRun.id)).scalars().all()
    engine.dispose()
    return rows


def test_a_simulated_week_runs_each_job_the_right_number_of_times(store_env, mirror, tmp_path):
    clock = FakeClock(MONDAY)
    specs = plan([f"ccgp={mirror.base_url}"])
    sched = Scheduler(store_env, specs, clock, log=lambda m: None)
    sched.start_plan()
    for _ in range(7 * 24 * 4):  # a week in steps of 15 minutes
        clock.advance(timedelta(minutes=15))
        sched.tick()
    runs = _runs(store_env)
    counts = Counter((r.job_id, r.outcome) for r in runs)
    # 7 daily crawls of the mirror, each followed by alerts; 7 daily checks for re-processing (nothing to do: the
    # crawl processes what it archives); Monday 08:00's report, once
    assert counts == {("crawl:ccgp", "ok"): 7, ("alerts:ccgp", "ok"): 7, ("reparse", "skipped"): 7,
                      ("report", "ok"): 1}, [(r.job_id, r.outcome, r.message) for r in runs if r.outcome == "failed"]
    crawls = [r.scheduled_for for r in runs if r.job_id == "crawl:ccgp"]
    assert crawls == [datetime(2026, 11, 30 + d, 2, 0) if d < 1 else datetime(2026, 12, d, 2, 0) for d in range(7)]
    assert all(r.duration_s is not None and r.finished_at >= r.started_at for r in runs)
    assert (tmp_path / "reports" / "2026-W48.html").is_file()  # Monday 30 Nov reports the week that ended
    engine, Session = open_store(store_env)
    with Session() as s:
        pages = s.execute(select(func.count()).select_from(RawPage)).scalar_one()
        notices = s.execute(select(func.count()).select_from(Notice)).scalar_one()
    engine.dispose()
    assert pages == notices > 0
    # three days down, then back: each job catches up once, not once per missed day
    clock.advance(timedelta(days=3))
    sched.tick()
    after = Counter(r.job_id for r in _runs(store_env)[len(runs):])
    assert after == {"crawl:ccgp": 1, "alerts:ccgp": 1, "reparse": 1, "report": 1}
    sched.shutdown(wait=False)
    listed = subprocess.run([sys.executable, "-m", "tenderwatch.cli", "schedule", "list", "--limit", "4"],
                            capture_output=True, text=True, timeout=120, env=os.environ).stdout
    assert "crawl:ccgp           next 2026-12-10 02:00 CST" in listed and "lock: free" in listed
    assert listed.count(" OK ") + listed.count(" SKIPPED ") == 4


def test_one_scheduler_at_a_time(store_env):
    engine, Session = open_store(store_env)
    clock = FakeClock(MONDAY)
    assert acquire_lock(Session, clock)
    assert acquire_lock(Session, clock)  # renewing is fine
    other = subprocess.run([sys.executable, "-m", "tenderwatch.cli", "schedule", "run"], capture_output=True,
                           text=True, timeout=120, env=os.environ | {"TENDERWATCH_CLOCK": "2026-11-30T00:00+08:00"})
    assert other.returncode == 1 and "another scheduler holds the lock" in other.stderr
    release_lock(Session)
    engine.dispose()


def test_a_scheduler_killed_mid_job_runs_no_firing_twice(store_env, mirror, tmp_path):
    """Scheduler time starts at 01:59:50 and runs 10× faster: the 02:00 crawl starts after a second. The
    scheduler (and its crawl) is killed while the crawl runs; a new scheduler marks the firing interrupted and
    runs it once more; the crawl resumes, and every page is archived once."""
    env = os.environ | {"TENDERWATCH_CLOCK": "2026-11-30T01:59:50+08:00*10"}
    cmd = [sys.executable, "-m", "tenderwatch.cli", "schedule", "run", "--source", f"ccgp={mirror.base_url}"]

    def start():
        return subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=open(tmp_path / "sched.log", "a"),
                                start_new_session=True)

    def wait_for(predicate, timeout=120):
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            rows = _runs(store_env)
            if predicate(rows):
                return rows
            time.sleep(0.1)
        raise AssertionError(f"timed out; runs: {[(r.job_id, r.outcome) for r in _runs(store_env)]}; log: "
                             f"{(tmp_path / 'sched.log').read_text()[-2000:]}")

    first = start()
    wait_for(lambda rows: any(r.job_id == "crawl:ccgp" and r.outcome == "running" for r in rows))
    time.sleep(1.0)  # well into the crawl
    os.killpg(first.pid, signal.SIGKILL)
    first.wait(30)
    second = start()
    try:
        rows = wait_for(lambda rows: any(r.job_id == "alerts:ccgp" and r.outcome == "ok" for r in rows))
    finally:
        os.killpg(second.pid, signal.SIGTERM)
        second.wait(60)
    crawl = [r for r in rows if r.job_id == "crawl:ccgp"]
    assert len(crawl) == 1 and crawl[0].outcome == "ok" and crawl[0].attempt == 2, crawl
    assert crawl[0].scheduled_for == datetime(2026, 11, 30, 2, 0)
    assert [r.attempt for r in rows if r.job_id == "alerts:ccgp"] == [1]
    engine, Session = open_store(store_env)
    with Session() as s:
        ids = s.execute(select(RawPage.source_id)).scalars().all()
        notices = s.execute(select(func.count()).select_from(Notice)).scalar_one()
    engine.dispose()
    assert len(ids) == len(set(ids)) == notices > 0  # each page archived once, each stored once
    status = subprocess.run([sys.executable, "-m", "tenderwatch.cli", "status"], capture_output=True, text=True,
                            env=os.environ, timeout=120)
    assert "crawl:ccgp" in status.stdout and "attempt 2" in status.stdout


def test_the_plan_and_its_exports():
    specs = plan(["ccgp", "ggzy=http://127.0.0.1:9"], {"ggzy": "30 3 * * *", "report": "0 9 * * mon"})
    assert [(s.id, s.cron) for s in specs] == [("crawl:ccgp", "0 2 * * *"), ("crawl:ggzy", "30 3 * * *"),
                                               ("reparse", "0 1 * * *"), ("report", "0 9 * * mon")]
    env = {"TENDERWATCH_DB": "sqlite:////srv/tw/tw.db", "TENDERWATCH_ARCHIVE": "/srv/tw/archive",
           "TENDERWATCH_REPORTS": "/srv/tw/reports"}
    cron = export_cron(specs, workdir="/srv/tw", env=env)
    assert "30 3 * * * cd /srv/tw && tenders crawl ggzy --base-url http://127.0.0.1:9 && tenders alerts run" in cron
    assert "CRON_TZ=Asia/Shanghai" in cron and "\nTENDERWATCH_DB=sqlite:////srv/tw/tw.db\n" in cron
    units = export_systemd(specs, workdir="/srv/tw", env=env)
    assert units.count("WorkingDirectory=/srv/tw\n") == 4
    assert units.count('Environment="TENDERWATCH_ARCHIVE=/srv/tw/archive"\n') == 4
    assert units.count("[Timer]") == 4 and "OnCalendar=Mon *-*-* 09:00:00 Asia/Shanghai" in units
    assert _on_calendar("0 2 * * *") == "*-*-* 02:00:00 Asia/Shanghai"
    with pytest.raises(ScheduleError, match="no spider"):
        plan(["nope"])
    with pytest.raises(ScheduleError, match="not a cron"):
        plan(["ccgp"], {"reparse": "every day"})
    with pytest.raises(ScheduleError, match="names no job"):
        plan(["ccgp"], {"crawl:ggzy": "0 1 * * *"})
    assert JobSpec("report", "0 8 * * mon").trigger().get_next_fire_time(None, MONDAY) == MONDAY.replace(hour=8)
    # the report's week: % escaped for each scheduler, the same shell command once unescaped, and it runs
    cron_cmd = next(line for line in cron.splitlines() if "report --week" in line).split(" ", 5)[5]
    assert cron_cmd.startswith("cd /srv/tw && ")
    cron_cmd = cron_cmd[len("cd /srv/tw && "):]
    unit_cmd = next(line for line in units.splitlines() if "report --week" in line)[len("ExecStart=/bin/sh -c '"):-1]
    assert cron_cmd.replace("\\%", "%") == unit_cmd.replace("%%", "%") == \
        'tenders report --week "$(date -d yesterday +%G-W%V)"'
    week = subprocess.run(["sh", "-c", "date -d yesterday +%G-W%V"], capture_output=True, text=True).stdout
    assert re.fullmatch(r"\d{4}-W\d{2}\n", week)


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="systemd-analyze is not installed here")
def test_systemd_units_verify(tmp_path):
    odd = tmp_path / "data 100%"  # a space and a % in the paths: quoted and escaped for systemd
    odd.mkdir()
    units = export_systemd(plan(["ccgp", "ggzy"]), workdir=str(odd),
                           env={"TENDERWATCH_DB": f"sqlite:///{odd}/tw.db", "TENDERWATCH_ARCHIVE": f"{odd}/archive",
                                "TENDERWATCH_REPORTS": f"{odd}/reports"})
    assert f'Environment="TENDERWATCH_ARCHIVE={tmp_path}/data 100%%/archive"' in units
    parts = re.split(r"\n# --- (\S+)\n", units)
    names = parts[1::2]
    for name, body in zip(names, parts[2::2]):
        (tmp_path / name).write_text(body)
    assert len(names) == 8
    done = subprocess.run(["systemd-analyze", "verify", *(str(tmp_path / n) for n in names)], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr


def test_the_loop_goes_on_while_the_store_is_unreachable(store_env):
    """Four turns of the loop find the store down (as during a database restart): the scheduler says so, waits,
    goes on, records the outage as a failed run of "store" once the store is back, and runs what was due."""
    from sqlalchemy.exc import OperationalError

    clock = FakeClock(MONDAY)
    logged = []
    sched = Scheduler(store_env, [JobSpec("reparse", "0 1 * * *")], clock, log=logged.append)
    real_tick, turns = sched.tick, []

    def flaky_tick():
        turns.append(clock.now())
        if 3 <= len(turns) <= 6:
            raise OperationalError("SELECT 1", {}, Exception("connection refused"))
        return real_tick()

    sched.tick = flaky_tick
    sched.run_forever(stop=lambda: clock.now() >= MONDAY + timedelta(hours=3))
    assert sched.unreachable == 4 and sum(m.startswith("the store is unreachable") for m in logged) == 4
    assert any(m.startswith("the store is reachable again") for m in logged)
    runs = {r.job_id: r for r in _runs(store_env)}
    assert runs["store"].outcome == "failed" and "connection refused" in runs["store"].message
    assert runs["reparse"].outcome == "skipped" and runs["reparse"].scheduled_for == datetime(2026, 11, 30, 1, 0)


def _user(tmp_path):
    for d in ("home", "xdg", "work"):
        (tmp_path / d).mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith("TENDERWATCH_")}
    return env | {"HOME": str(tmp_path / "home"), "XDG_DATA_HOME": str(tmp_path / "xdg")}, tmp_path / "work"


def test_schedule_exports_carry_the_working_directory_and_the_environment(tmp_path):
    """Exported from a directory outside the checkout with a relative TENDERWATCH_ARCHIVE: the plan names the
    absolute tenders, the working directory and every TENDERWATCH_* resolved; a job line run the way cron runs it
    (only the crontab's variables, another HOME, from /) opens the same store."""
    env, work = _user(tmp_path)
    tenders = str(Path(sys.executable).with_name("tenders"))
    env["TENDERWATCH_ARCHIVE"] = "arch"
    store = tmp_path / "xdg" / "tenderwatch" / "tenderwatch.db"
    expected = {"TENDERWATCH_DB": f"sqlite:///{store}", "TENDERWATCH_ARCHIVE": str(work / "arch"),
                "TENDERWATCH_REPORTS": str(tmp_path / "xdg" / "tenderwatch" / "reports")}
    cron = subprocess.run([tenders, "schedule", "export", "--cron"], capture_output=True, text=True, env=env,
                          cwd=work, timeout=120)
    assert cron.returncode == 0, cron.stderr
    lines = cron.stdout.splitlines()
    for name, value in expected.items():
        assert f"{name}={value}" in lines
    reparse = next(line for line in lines if line.endswith("parse --archive"))
    assert reparse == f"0 1 * * * cd {work} && {tenders} parse --archive"
    assert cron.stderr.strip() == f"# 3 jobs (store: {store})"
    units = subprocess.run([tenders, "schedule", "export", "--systemd"], capture_output=True, text=True, env=env,
                           cwd=work, timeout=120).stdout
    assert units.count(f"WorkingDirectory={work}\n") == 3
    for name, value in expected.items():
        assert units.count(f'Environment="{name}={value}"\n') == 3
    assert f"ExecStart=/bin/sh -c '{tenders} parse --archive'" in units
    # run the reparse job as cron would: its variables only, another HOME, started from /
    assert subprocess.run([tenders, "alerts", "add", "x", "--query", "城市大脑"], env=env, cwd=work,
                          capture_output=True).returncode == 0
    cron_env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home"), "SHELL": "/bin/sh"}
    cron_env |= dict(line.split("=", 1) for line in lines if line.startswith("TENDERWATCH_"))
    done = subprocess.run(["/bin/sh", "-c", reparse.split(" ", 5)[5]], capture_output=True, text=True, env=cron_env,
                          cwd="/", timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == \
        f"processed 0 pages into notices (0 unreadable, 0 with warnings) (store: {store})", done.stderr
    assert not (tmp_path / "home" / ".local").exists()


def test_schedule_export_keeps_a_password_out_of_the_plan():
    env = {"TENDERWATCH_DB": "postgresql+psycopg://tw:s3cret@db.example:5432/tw", "TENDERWATCH_ARCHIVE": "/a",
           "TENDERWATCH_REPORTS": "/r"}
    for text in (export_cron(plan(["ccgp"]), workdir="/srv", env=env),
                 export_systemd(plan(["ccgp"]), workdir="/srv", env=env)):
        assert "s3cret" not in text and "postgresql+psycopg://tw@db.example:5432/tw" in text
        assert "written without its password" in text


def test_a_blocked_crawl_is_recorded_in_the_ledger_as_blocked_with_the_reason(store_env):
    from mirrors.ccgp.server import serve
    from mirrors.http import Faults
    from schedules.scheduler import _run_crawl

    with serve(Faults(always="403")) as server:
        outcome, message = _run_crawl(server.base_url, "ccgp")
    assert outcome == "blocked", message
    assert "blocked answers dropped after retries" in message and "forbidden" in message
