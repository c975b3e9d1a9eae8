"""`tenders alerts add|list|run`: saved searches and their deliveries."""

from __future__ import annotations

import os
import sys

import click

from tenderwatch.options import _at, filter_options, store_session


@click.group()
def alerts() -> None:
    """Saved searches and their alerts (e-mail, webhook, Atom feed)."""


@alerts.command(name="add")
@click.argument("name")
@click.option("--query", default="", help="Words (all must occur), \"exact phrase\", -excluded.")
@click.option("--email", help="Send new matches to this address (SMTP server: TENDERWATCH_SMTP=smtp://host:port).")
@click.option("--webhook", help="POST new matches as JSON to this http(s) URL.")
@filter_options(dates=False)
def alerts_add(name, query, email, webhook, notice_filter) -> None:  # noqa: ANN001
    """Save a search; only notices stored from now on are alerted."""
    from schedules.alerts import AlertError, create

    with store_session(create=True) as Session:
        try:
            with Session.begin() as s:
                ss = create(s, name, query, notice_filter, email, webhook)
                click.echo(f"saved search {ss.id} '{ss.name}'; Atom feed: /feeds/{ss.feed_token}.atom" + _at())
        except AlertError as exc:
            raise click.UsageError(str(exc)) from None


@alerts.command(name="list")
def alerts_list() -> None:
    """The saved searches, where they deliver, and what was delivered."""
    from store.summary import saved_searches

    with store_session() as Session:
        with Session() as s:
            listed = saved_searches(s)
    for ss, counts in listed:
        to = ", ".join(x for x in (ss.email, ss.webhook_url) if x) or "feed only"
        click.echo(f"{ss.id:>4}  {ss.name}  query={ss.query!r} filters={ss.filters} -> {to}; "
                   f"sent {counts.get('sent', 0)}, pending {counts.get('pending', 0)}, "
                   f"failed {counts.get('failed', 0)}")
    shown = len(listed)
    click.echo(f"{shown} saved searches" + _at())


@alerts.command(name="run")
def alerts_run() -> None:
    """Deliver each saved search's new matches once (failures are retried on the next run; exit code 1)."""
    from schedules.alerts import run

    with store_session() as Session:
        outcome = run(Session, progress=lambda m: click.echo(m, err=True),
                      crash_after_send=os.environ.get("TENDERWATCH_TEST_CRASH_AFTER_SEND") == "1")
    click.echo(f"alerts: {outcome.sent} notices in {outcome.messages} messages; {outcome.failed} failed" + _at())
    if outcome.failed:
        sys.exit(1)
