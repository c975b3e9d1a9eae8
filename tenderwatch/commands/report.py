"""`tenders report`: the weekly report of an ISO week."""

from __future__ import annotations

from pathlib import Path

import click

from tenderwatch.options import UserError, _at, store_session


@click.command()
@click.option("--week", help="ISO week, e.g. 2026-W47 (default: the week of the newest notice).")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), help="Default: TENDERWATCH_REPORTS.")
def report(week: str | None, out_dir: Path | None) -> None:
    """Write the weekly market report (HTML, plus CSV tables) and print its path."""
    from reports.weekly import write
    from reports.weeks import parse_week
    from common.config import reports_dir

    if week:
        try:
            parse_week(week)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--week") from None
    with store_session() as Session:
        with Session() as session:
            week = week or _newest_week(session)
            if week is None:
                raise UserError(f"the store holds no notice yet{_at()}: run `tenders crawl` (or `tenders demo`) first")
            path, rep = write(session, week, out_dir or reports_dir())
    h = rep.headline
    click.echo(f"report {week}: {h['all']['notices']} notices ({h['relevant']['notices']} relevant) -> {path}"
               + _at())


def _newest_week(session) -> str | None:  # noqa: ANN001
    from sqlalchemy import func, select

    from reports.weeks import week_of
    from store.models import Notice

    newest = session.execute(select(func.max(Notice.published_at))).scalar()
    return week_of(newest) if newest else None
