"""`tenders status` and `tenders demo`."""

from __future__ import annotations


import click

from tenderwatch.commands.schedule import _print_runs
from tenderwatch.options import UserError, store_session


@click.command()
def status() -> None:
    """Show the store, the archive and the last crawl run of each source; exit code 1 when there is no store or it
    holds no notice."""
    from common.config import archive_dir, reports_dir, store_label
    from ingest.process import process_version
    from store.summary import store_summary

    with store_session() as Session:
        with Session() as session:
            current = process_version()
            summary = store_summary(session, current)
    click.echo(f"store:    {store_label()}")
    click.echo(f"archive:  {archive_dir()}")
    click.echo(f"reports:  {reports_dir()}")
    click.echo(f"raw pages: {summary.raw_pages}  notices: {summary.notices}  classifications: {summary.classifications}")
    click.echo(f"parser + classifier: {current}; pages not yet processed by it: {summary.stale_pages}"
               + (" (tenders parse --archive)" if summary.stale_pages else ""))
    if not summary.last_runs:
        click.echo("no crawl run yet")
    for r in summary.last_runs:
        click.echo(f"{r.spider or r.source}: last run {r.id} {r.status.upper()} started {r.started_at:%Y-%m-%d %H:%M}, "
                   f"window {r.since:%Y-%m-%d}..{r.until:%Y-%m-%d}")
        click.echo(f"    responses {r.pages}, listed {r.listed}, notices {r.items} ({r.new_items} new), "
                   f"throttled {r.throttles}, refused {r.refused}, errors {r.errors}"
                   + (f", the site lists {r.expected}, archived {r.archived}" if r.expected is not None else ""))
        if r.status != "finished" and r.message:
            click.echo(f"    what went wrong: {r.message}")
    if summary.latest_jobs:
        click.echo(f"scheduled jobs (latest run of each; failed or interrupted runs in the history: "
                   f"{summary.failing_jobs}):")
        _print_runs(summary.latest_jobs)
    if not summary.notices:
        raise UserError(f"the store {store_label()} holds no notice yet: run `tenders crawl` (or `tenders demo`)")

@click.command()
def demo() -> None:
    """Serve the bundled ccgp mirror, crawl it, parse, classify, store, and write the newest week's report."""
    from tenderwatch.demo import run_demo

    run_demo()
