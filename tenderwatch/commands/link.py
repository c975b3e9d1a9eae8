"""`tenders link`: link notices into projects."""

from __future__ import annotations


import click

from tenderwatch.options import _at, store_session


@click.command()
@click.option("--all", "everything", is_flag=True,
              help="Forget every link and link the whole store again (after a change of the linking rules).")
def link(everything: bool) -> None:
    """Link notices into projects (new ones only, unless --all) and report what the links say."""
    from store.linking import link_pending, relink_all
    from store.summary import link_summary

    with store_session() as Session:
        progress = lambda i, n: click.echo(f"  linked {i}/{n} notices", err=True)  # noqa: E731
        with Session.begin() as session:
            done = relink_all(session, progress) if everything else link_pending(session, progress)
        with Session() as session:
            summary = link_summary(session)
    click.echo(f"linked {done} notices; {summary.projects} projects; links by method: "
               + ", ".join(f"{k} {v}" for k, v in sorted(summary.methods.items()))
               + f"; with conflicts kept: {summary.with_conflicts}" + _at())
