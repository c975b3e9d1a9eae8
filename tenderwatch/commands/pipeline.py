"""`tenders crawl` and `tenders parse`: fetch into the raw archive, and process the archive (parse, classify, store, link)."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tenderwatch.options import UserError, _at, _dump


def _spider_name(ctx, param, value: str) -> str:  # noqa: ANN001
    from crawlers.runner import spider_names

    names = spider_names()
    if value not in names:
        raise click.BadParameter(f"{value!r} is not a spider; choose from {', '.join(names)}")
    return value


@click.command()
@click.argument("source", metavar="SPIDER", callback=_spider_name)
@click.option("--base-url", help="Site root (default: the real site). A mirror on 127.0.0.1 is crawled without delays.")
@click.option("--since", type=click.DateTime(["%Y-%m-%d"]), help="First publication day (default: incremental).")
@click.option("--until", type=click.DateTime(["%Y-%m-%d"]), help="Last publication day (default: today).")
@click.option("--no-process", is_flag=True, help="Only archive raw pages; do not parse, classify and store them.")
@click.option("-a", "--arg", "spider_args", multiple=True, metavar="NAME=VALUE",
              help="A spider argument, as `scrapy crawl -a` takes it (e.g. -a bid_type=7).")
@click.option("--redis", "redis_url", metavar="URL",
              help="Share one frontier with every worker started with the same Redis (redis://127.0.0.1:6379/0).")
@click.option("--redis-key", help="Name of the shared frontier (default: spider and window).")
@click.option("-v", "--verbose", is_flag=True, help="Show Scrapy's log.")
def crawl(source: str, base_url: str | None, since, until, no_process: bool, spider_args: tuple[str, ...],  # noqa: ANN001
          redis_url: str | None, redis_key: str | None, verbose: bool) -> None:
    """Crawl with SPIDER (ccgp, ccgp_columns, …) into the raw archive, then parse, classify and store what is new."""
    from crawlers.runner import run_crawl
    from ingest.process import process_archive

    if base_url and not base_url.startswith(("http://", "https://")):
        raise click.BadParameter("must start with http:// or https://", param_hint="--base-url")
    if since and until and since > until:
        raise click.BadParameter(f"{since:%Y-%m-%d} is after --until {until:%Y-%m-%d}", param_hint="--since")
    extra = {}
    for item in spider_args:
        name, sep, value = item.partition("=")
        if not sep or not name.isidentifier() or name in ("base_url", "since", "until", "known_ids"):
            raise click.BadParameter(f"{item!r} is not NAME=VALUE (base_url, since and until have options)",
                                     param_hint="-a")
        extra[name] = value
    if redis_url and not redis_url.startswith(("redis://", "rediss://", "unix://")):
        raise click.BadParameter("must start with redis://, rediss:// or unix://", param_hint="--redis")
    from crawlers.runner import CrawlSetupError

    try:
        outcome = run_crawl(source, base_url, since.date() if since else None, until.date() if until else None,
                            verbose, extra, redis_url, redis_key)
    except CrawlSetupError as exc:
        raise UserError(str(exc)) from None
    click.echo(f"crawl {source}: {outcome.status}; {outcome.pages} responses, {outcome.new_pages} new pages archived, "
               f"{outcome.skipped_known} already archived, {outcome.throttles} throttled, "
               f"{outcome.unreadable_pages} unreadable list pages, {outcome.refused} refused, {outcome.errors} errors"
               + (f"; the site lists {outcome.expected}, {outcome.archived} of them archived"
                  if outcome.expected is not None else "")
               + ("" if not no_process else _at()))
    if outcome.status != "finished":
        click.echo(f"crawl {source} is {outcome.status}: {outcome.message}", err=True)
    if not no_process:
        p = process_archive()
        click.echo(f"processed {p.processed} pages into notices ({p.failed} unreadable, {p.warnings} with warnings)"
                   + _at())
    if outcome.status != "finished":
        sys.exit(1)


@click.command()
@click.argument("file", required=False, type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--url", help="The notice's URL; it picks the layout (else the layout is guessed).")
@click.option("--archive", "from_archive", is_flag=True,
              help="Instead of FILE: process archived pages not yet processed by this parser version.")
@click.option("--all", "everything", is_flag=True, help="With --archive: re-process every archived page.")
@click.option("--reparse", is_flag=True, help="Rebuild every notice from the raw archive (= --archive --all).")
def parse(file: Path | None, url: str | None, from_archive: bool, everything: bool, reparse: bool) -> None:
    """Parse one saved notice (HTML, JSON or text) and print its fields as JSON; or re-parse the archive."""
    from parsers import parse_notice

    if reparse:
        from_archive = everything = True
    if from_archive:
        if file is not None:
            raise click.UsageError("give FILE or --archive, not both")
        from ingest.process import process_archive

        p = process_archive(reprocess_all=everything)
        click.echo(f"processed {p.processed} pages into notices ({p.failed} unreadable, {p.warnings} with warnings)"
                   + _at())
        return
    if file is None:
        raise click.UsageError("missing FILE (or --archive)")
    if everything:
        raise click.UsageError("--all goes with --archive")
    fields = parse_notice(url, file.read_bytes())
    fields.pop("text", None)
    click.echo(_dump(fields))
