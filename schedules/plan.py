"""The plan of the recurring jobs: the job specs (a kind, a cron, Asia/Shanghai), the plan for a list of sources,
and the same plan exported for cron or systemd."""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass

from apscheduler.triggers.cron import CronTrigger

from common.clock import SHANGHAI

DEFAULT_CRAWL_CRON = "0 2 * * *"
DEFAULT_REPARSE_CRON = "0 1 * * *"
DEFAULT_REPORT_CRON = "0 8 * * mon"


class ScheduleError(RuntimeError):
    """A plan or lock problem, said to the user."""


class JobKind(enum.Enum):
    CRAWL = "crawl"  # crawl:<source>, then process, then alerts:<source>
    REPARSE = "reparse"
    REPORT = "report"

    @classmethod
    def of(cls, job_id: str) -> JobKind | None:
        """The kind of a job id (None: an id this plan does not know)."""
        if job_id.startswith("crawl:"):
            return cls.CRAWL
        return {"reparse": cls.REPARSE, "report": cls.REPORT}.get(job_id)


@dataclass(frozen=True)
class JobSpec:
    id: str  # crawl:<source> | reparse | report
    cron: str  # five fields, Asia/Shanghai
    base_url: str | None = None  # crawl jobs: the site (default: the spider's real site)

    @property
    def kind(self) -> JobKind | None:
        return JobKind.of(self.id)

    @property
    def source(self) -> str | None:
        """A crawl job's source (None for the other kinds)."""
        return self.id.partition(":")[2] if self.kind is JobKind.CRAWL else None

    def trigger(self) -> CronTrigger:
        try:
            return CronTrigger.from_crontab(self.cron, timezone=SHANGHAI)
        except ValueError as exc:
            raise ScheduleError(f"{self.id}: not a cron expression {self.cron!r}: {exc}") from exc

    def describe(self) -> str:
        if self.kind is JobKind.CRAWL:
            return f"crawl {self.source}{' at ' + self.base_url if self.base_url else ''}, process, then alerts"
        return {JobKind.REPARSE: "re-process the archive when the parser or classifier changed",
                JobKind.REPORT: "weekly report of the week just ended"}.get(self.kind, self.id)


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
    if s.kind is JobKind.CRAWL:
        url = f" --base-url {s.base_url}" if s.base_url else ""
        return f"{tenders} crawl {s.source}{url} && {tenders} alerts run"
    if s.kind is JobKind.REPARSE:
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
