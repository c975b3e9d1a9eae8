"""Processing the raw archive into notices: read the archived page → parse → classify → resolve its organisations
→ save the notice → index it for search → save the classification → link (one linking pass per run)."""

from __future__ import annotations

import sys
from dataclasses import dataclass

from sqlalchemy import or_, select

from classify.classifier import classify, model_version
from common.config import archive_dir
from parsers import PARSER_VERSION, parse_notice
from store.archive import RawArchive
from store.db import open_store
from store.linking import leave_for_linking, link_pending, unlinked
from store.models import Notice, RawPage
from store.notices import (index_notice, link_cross_source_duplicate, mark_processed, propagate_project_labels,
                           save_classification, save_notice_row)
from store.orgs import resolve_parties


def process_version() -> str:
    """What a processed raw page was processed by: parser version + rules version + text model version. A page
    whose version differs is processed again (after a parser fix or a new model) without crawling again."""
    return f"{PARSER_VERSION}+{model_version()}"


@dataclass
class ProcessOutcome:
    processed: int
    failed: int
    warnings: int


class Unreadable(Exception):
    """The archived page cannot be read (its file is missing or damaged)."""


def ingest_page(Session, archive: RawArchive, row, version: str) -> dict | None:  # noqa: ANN001, N803
    """One archived page through the flow, stored in one transaction; its parsed fields, or None for a page that
    is an error page (nothing stored). Raises Unreadable when the archive cannot give the page back.

    The notice is left for the run's linking pass (see process_archive), not linked here."""
    try:
        body = archive.get(row.archive_key)
    except (OSError, ValueError) as exc:
        raise Unreadable(str(exc)) from exc
    fields = parse_notice(row.url, body, row.content_type)
    if fields.get("error_page"):
        return None
    meta = getattr(row, "list_meta", None) or {}
    if meta.get("shell_project_code") and not fields.get("project_code"):  # ggzy: the code is on the project shell
        fields["project_code"] = meta["shell_project_code"]
    result = classify(fields.get("title"), fields.get("text"), fields.get("buyer"), fields.get("buyer_region"))
    with Session.begin() as session:
        parties = resolve_parties(session, fields)
        nid = save_notice_row(session, source=row.source, source_id=row.source_id, url=row.url,
                              raw_page_id=row.id, fields=fields, parse_version=PARSER_VERSION, parties=parties)
        index_notice(session, nid, fields)
        leave_for_linking(session, nid)  # parsed again: its project link is decided again by the linking pass
        save_classification(session, nid, result)
        link_cross_source_duplicate(session, nid)
        mark_processed(session, row.id, version)
    return fields


def link_run(Session) -> None:  # noqa: N803
    """One linking pass over what this run stored (and anything never linked): see store/linking.py; then the
    delivery model a project's notices state is carried to its notices that state none."""
    with Session.begin() as session:
        pending = unlinked(session)
        link_pending(session, progress=lambda i, n: print(f"  linked {i}/{n} notices", file=sys.stderr, flush=True))
        projects = {pid for i in range(0, len(pending), 500) for pid in session.execute(
            select(Notice.project_id).where(Notice.id.in_(pending[i:i + 500]))).scalars() if pid}
        propagate_project_labels(session, projects)


def process_archive(reprocess_all: bool = False, progress_every: int = 50) -> ProcessOutcome:
    """Parse + classify + store every archived page not yet processed by this parser and model version."""
    version = process_version()  # also fails early, with a clear message, when the model file is missing
    engine, Session = open_store()
    archive = RawArchive(archive_dir())
    with Session() as session:
        q = select(RawPage.id, RawPage.source, RawPage.source_id, RawPage.url, RawPage.archive_key,
                   RawPage.content_type, RawPage.list_meta)
        if not reprocess_all:
            q = q.where(or_(RawPage.parsed_version.is_(None), RawPage.parsed_version != version))
        pending = session.execute(q.order_by(RawPage.id)).all()
    done = failed = warned = 0
    for i, row in enumerate(pending, 1):
        if (row.list_meta or {}).get("shell"):  # a page kept beside its notices (a ggzy project shell): no notice
            with Session.begin() as session:
                mark_processed(session, row.id, version)
            continue
        try:
            fields = ingest_page(Session, archive, row, version)
        except Unreadable as exc:
            print(f"  cannot read archived page {row.url}: {exc}", file=sys.stderr)
            failed += 1
            continue
        if fields is None:
            failed += 1
            continue
        done += 1
        warned += bool(fields.get("warnings"))
        if progress_every and i % progress_every == 0:
            print(f"  processed {i}/{len(pending)} pages", file=sys.stderr, flush=True)
    link_run(Session)
    engine.dispose()
    return ProcessOutcome(done, failed, warned)
