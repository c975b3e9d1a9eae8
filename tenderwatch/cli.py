"""``tenders``: the command line of tenderwatch. Bad arguments: one line on stderr, exit code 2; other failures one
line and exit code 1. The commands live in tenderwatch/commands/, one module per group."""

from __future__ import annotations

import os
import sys

import click

from classify.textmodel import ModelError
from store.db import StoreError


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="tenderwatch")
def cli() -> None:
    """tenderwatch: monitor Chinese government procurement for the smart-city / government-ICT market.

    The store is the one TENDERWATCH_DB names (TENDERWATCH_ARCHIVE, TENDERWATCH_REPORTS: the archive and the
    reports), else the per-user one in DATA = ~/.local/share/tenderwatch ($XDG_DATA_HOME/tenderwatch):
    DATA/tenderwatch.db, DATA/archive, DATA/reports. Commands that only read never create a store.
    """




def _register() -> None:
    """Every command group, from its module (tenderwatch/commands/), under ``tenders``."""
    from tenderwatch.commands import alerts, data, evals, link, model, pipeline, report, schedule, status

    for command in (pipeline.crawl, pipeline.parse, model.classify, model.train, report.report, data.export,
                    data.search_cmd, data.serve, alerts.alerts, evals.eval_group, link.link, schedule.schedule,
                    status.status, status.demo):
        cli.add_command(command)


_register()


def main() -> None:
    try:
        code = cli.main(prog_name="tenders", standalone_mode=False)
    except click.exceptions.NoArgsIsHelpError as exc:
        click.echo(exc.ctx.get_help() if exc.ctx else "tenders --help", err=True)
        sys.exit(2)
    except click.UsageError as exc:
        ctx = f" {exc.ctx.command_path.split(' ', 1)[1]}" if exc.ctx and " " in exc.ctx.command_path else ""
        _fail(f"tenders{ctx}: {exc.format_message()}", 2)
    except click.ClickException as exc:
        _fail(f"tenders: {exc.format_message()}", exc.exit_code)
    except click.exceptions.Abort:
        _fail("tenders: aborted", 1)
    except StoreError as exc:
        _fail(f"tenders: {exc}", 1)
    except ModelError as exc:
        _fail(f"tenders: {exc}", 1)
    except KeyboardInterrupt:
        _fail("tenders: interrupted", 130)
    except Exception as exc:  # noqa: BLE001 - a bug: say so in one line; TENDERWATCH_DEBUG=1 shows the traceback
        if os.environ.get("TENDERWATCH_DEBUG"):
            raise
        _fail(f"tenders: internal error: {type(exc).__name__}: {exc} (TENDERWATCH_DEBUG=1 shows the traceback)", 1)
    else:
        sys.exit(code if isinstance(code, int) else 0)


def _fail(message: str, code: int) -> None:
    click.echo(" ".join(message.split()), err=True)
    sys.exit(code)


if __name__ == "__main__":
    main()
