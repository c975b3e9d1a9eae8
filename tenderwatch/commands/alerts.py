"""`tenders alerts add|list|delete|run`: saved searches and their deliveries."""

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
@click.option("--email", help="Send new matches to this address (SMTP server: TENDERWATCH_SMTP=smtp://host:port; "
              "links in the e-mails: TENDERWATCH_BASE_URL).")
@click.option("--webhook", help="POST new matches as JSON to this http(s) URL.")
@click.option("--scope", type=click.Choice(["all", "title"]), default="all", show_default=True,
              help="Where the words must occur: the title or the text (all), or the title only.")
@filter_options(dates=False)
def alerts_add(name, query, email, webhook, scope, notice_filter) -> None:  # noqa: ANN001
    """Save a search under a unique NAME; only notices stored from now on are alerted. It needs words (--query) or
    at least one filter: an empty search would alert every notice."""
    from schedules.alerts import AlertError, create

    with store_session(create=True) as Session:
        try:
            with Session.begin() as s:
                ss = create(s, name, query, notice_filter, email, webhook, scope=scope)
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
        if ss.unsubscribed_at and not ss.email:
            to += f" (e-mail unsubscribed {ss.unsubscribed_at:%Y-%m-%d %H:%M})"
        click.echo(f"{ss.id:>4}  {ss.name}  query={ss.query!r} filters={ss.filters} -> {to}; "
                   f"sent {counts.get('sent', 0)}, pending {counts.get('pending', 0)}, "
                   f"failed {counts.get('failed', 0)}")
    shown = len(listed)
    click.echo(f"{shown} saved searches" + _at())


@alerts.command(name="delete")
@click.argument("name")
def alerts_delete(name) -> None:  # noqa: ANN001
    """Delete the saved search NAME (or its id, as `alerts list` shows it) with what it delivered."""
    from sqlalchemy import select

    from schedules.alerts import delete
    from store.models import SavedSearch

    with store_session() as Session:
        with Session.begin() as s:
            ss = s.execute(select(SavedSearch).where(SavedSearch.name == name.strip())).scalar()
            if ss is None and name.strip().isdigit() and int(name) < 2 ** 31:
                ss = s.get(SavedSearch, int(name))
            if ss is None:
                raise click.UsageError(f"no saved search named {name[:200]!r} (see `tenders alerts list`)")
            label = f"{ss.id} '{ss.name}'"
            delete(s, ss)
    click.echo(f"deleted saved search {label}" + _at())


@alerts.command(name="run")
def alerts_run() -> None:
    """Deliver each saved search's new matches once (failures are retried on the next run; exit code 1)."""
    from schedules.alerts import run

    with store_session() as Session:
        outcome = run(Session, progress=lambda m: click.echo(m, err=True),
                      crash_after_send=os.environ.get("TENDERWATCH_TEST_CRASH_AFTER_SEND") == "1")
    waiting = f"; {outcome.waiting} waiting for SMTP" if outcome.waiting else ""
    click.echo(f"alerts: {outcome.sent} notices in {outcome.messages} messages; {outcome.failed} failed{waiting}"
               + _at())
    if outcome.failed:
        sys.exit(1)
