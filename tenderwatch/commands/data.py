"""`tenders export`, `tenders search`, `tenders serve`: the store for researchers and vendors."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from common.clock import beijing_now
from tenderwatch.options import UserError, _at, _dump, filter_options, store_session


@click.command()
@click.option("--format", "fmt", type=click.Choice(["csv", "xlsx", "parquet", "jsonl", "ocds", "ocds-records"]),
              required=True, help="csv, xlsx, parquet, jsonl, ocds (an OCDS 1.1 release package) or ocds-records (a "
                                  "record package: each process's releases and its compiled release, by ocdskit).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Output file (default: tenderwatch-export-DATE-TIME.EXT here; '-' writes csv/jsonl/ocds to stdout).")
@filter_options()
def export(fmt: str, out: Path | None, notice_filter) -> None:  # noqa: ANN001
    """Export notices (same filters as search) as CSV, Excel, Parquet, JSON lines or OCDS; streams, so memory
    stays bounded. Columns: docs/data-dictionary.md."""
    from store.export import EXTENSIONS, export as run

    f = notice_filter
    to_stdout = out is not None and str(out) == "-"
    if to_stdout and fmt in ("xlsx", "parquet"):
        raise click.UsageError(f"{fmt} is a binary format: give --out FILE")
    if out is None:
        out = Path(f"tenderwatch-export-{beijing_now():%Y%m%d-%H%M%S}.{EXTENSIONS[fmt]}")
    if not to_stdout and not out.parent.is_dir():
        raise UserError(f"no directory {out.parent} for {out.name}")
    with store_session() as Session:
        with Session() as session:
            n = run(session, f, fmt, None if to_stdout else out, stdout=sys.stdout,
                    progress=lambda k: click.echo(f"  exported {k:,} notices", err=True))
    click.echo(f"exported {n:,} notices" + ("" if to_stdout else f" -> {out.absolute()}") + _at(), err=to_stdout)


@click.command(name="search")
@click.argument("query", required=False, default="")
@click.option("--sort", type=click.Choice(["date", "amount", "deadline"]), default="date",
              help="date (newest first), amount (largest first) or deadline (open calls soonest first, then expired).")
@click.option("--scope", type=click.Choice(["all", "title"]), default="all", show_default=True,
              help="Where the words must occur: the title or the text (all), or the title only.")
@click.option("--limit", type=click.IntRange(1, 100), default=20)
@click.option("--json", "as_json", is_flag=True, help="One JSON object per line.")
@filter_options()
def search_cmd(query: str, sort: str, scope: str, limit: int, as_json: bool, notice_filter) -> None:  # noqa: ANN001
    """Search titles and texts: words must all occur, "exact phrase", -excluded (e.g. '城市大脑 -监理'). Each line:
    date, id, amount (award, else budget; 未公布 when unknown), deadline with days left, buyer, title."""
    from reports.format import money
    from store.search import QueryError, search
    from web.views import days_left

    now = beijing_now()
    with store_session() as Session:
        with Session() as s:
            try:
                page = search(s, query, notice_filter, sort, 1, limit, scope=scope, now=now)
            except QueryError as exc:
                raise click.UsageError(str(exc)) from None
            for n, c in page.items:
                amount = n.award_cny if n.award_cny is not None else n.budget_cny
                due = n.current_deadline or n.deadline
                if as_json:
                    click.echo(_dump({"id": n.id, "published_at": n.published_at, "title": n.title, "url": n.url,
                                      "notice_type": n.notice_type, "buyer": n.buyer_raw,
                                      "amount_cny": None if amount is None else str(amount), "deadline": due,
                                      "relevant": None if c is None else c.relevant}))
                else:
                    when = n.published_at.strftime("%Y-%m-%d") if n.published_at else " " * 10
                    until = f"截止 {due:%Y-%m-%d %H:%M}（{days_left(due, now)}）" if due else "无截止时间"
                    click.echo(f"{when}  {n.id:>7}  {money(amount):>14}  {until}  {n.buyer_raw or '采购人未载明'}  {n.title}")
    click.echo(f"{page.total} notices match" + (f" (first {len(page.items)} shown)" if page.total > len(page.items)
                                                 else "") + _at(), err=True)


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
def serve(host: str, port: int) -> None:
    """Serve the web interface and the JSON API (OpenAPI at /openapi.json)."""
    import uvicorn

    from store.db import check_sqlite_file
    from common.config import db_url
    from web.app import create_app

    check_sqlite_file(db_url(), create=False)  # serving only reads: a missing store is an error, not a new one
    click.echo(f"tenderwatch on http://{host}:{port}/" + _at(), err=True)
    uvicorn.run(create_app(), host=host, port=port, log_level="warning")
