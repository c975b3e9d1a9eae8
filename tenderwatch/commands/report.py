"""`tenders report`: the weekly report of an ISO week, or of every week the store holds (--all)."""

from __future__ import annotations

from pathlib import Path

import click

from tenderwatch.options import UserError, _at, store_session


@click.command()
@click.option("--week", help="ISO week, e.g. 2026-W47 (default: the week of the newest notice).")
@click.option("--all", "all_weeks", is_flag=True, help="Every week the store holds a notice in, and the index.")
@click.option("--out-dir", type=click.Path(file_okay=False, path_type=Path), help="Default: TENDERWATCH_REPORTS.")
def report(week: str | None, all_weeks: bool, out_dir: Path | None) -> None:
    """Write the weekly market report (HTML, plus CSV tables) and print its path."""
    from reports.weekly import write, write_all
    from reports.weeks import parse_week
    from common.config import reports_dir

    if week and all_weeks:
        raise click.UsageError("give either --week or --all, not both")
    if week:
        try:
            parse_week(week)
        except ValueError as exc:
            raise click.BadParameter(str(exc), param_hint="--week") from None
    with store_session() as Session:
        with Session() as session:
            if all_weeks:
                written = write_all(session, out_dir or reports_dir())
                if not written:
                    raise UserError(f"the store holds no notice yet{_at()}: run `tenders crawl` (or `tenders demo`) "
                                    "first")
                for w, path, h in written:
                    click.echo(f"report {w}: {h['all']['notices']} notices ({h['relevant']['notices']} relevant) "
                               f"-> {path}")
                click.echo(f"{len(written)} weekly reports; index -> {written[-1][1].parent / 'index.html'}" + _at())
                return
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
