"""``make demo``: the whole pipeline on the bundled ccgp mirror (the ``mirrors`` package), no network needed.

It works from any directory, installed or from a checkout, and stores where every command does: TENDERWATCH_DB
etc., else the per-user data directory (see common.config)."""

from __future__ import annotations

from datetime import date

import click


def _mirror():  # noqa: ANN202
    from mirrors.ccgp.server import CcgpSite, demo_notices, serve

    return serve(site=CcgpSite(demo_notices()))  # a clean data set: the hostile titles stay in the tests


def run_demo() -> None:
    from reports.weekly import write_all
    from crawlers.runner import run_crawl
    from ingest.process import process_archive
    from store.db import open_store, store_counts
    from common.config import reports_dir, store_label

    server = _mirror().start()
    try:
        days = [date.fromisoformat(n["published"][:10]) for n in server.site.notices]
        click.echo(f"mirror of ccgp.gov.cn serving {len(days)} notices on {server.base_url}", err=True)
        outcome = run_crawl("ccgp", server.base_url, min(days), max(days))
    finally:
        server.stop()
    processed = process_archive()
    engine, Session = open_store()
    with Session() as session:
        written = write_all(session, reports_dir())  # every week the mirror spans, and the index
    engine.dispose()
    week, path, h = written[-1]  # the newest week
    counts = store_counts()
    from reports.format import wan

    click.echo(f"crawl: {outcome.status}, {outcome.new_pages} new pages, {outcome.skipped_known} already archived; "
               f"processed {processed.processed}; store holds {counts['notices']} notices (store: {store_label()})")
    click.echo(f"reports: {len(written)} weeks ({written[0][0]} … {week}) and their index in {reports_dir()}; "
               "the report's notice links open the local copy: run `tenders serve`")
    click.echo(f"report {week}: {h['all']['notices']} notices, {h['relevant']['notices']} relevant; "
               f"tendered {wan(h['relevant']['budget'])}, awarded {wan(h['relevant']['award'])} (relevant)")
    click.echo(str(path.resolve()))  # the last line: the report's path
    if outcome.status != "finished":
        raise click.ClickException(f"the crawl did not finish cleanly (run {outcome.run_id}); see `tenders status`")
