"""Writing parsed and classified notices: idempotent upserts keyed by source + source id."""

from __future__ import annotations


from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from store.db import upsert
from store.in_force import initial
from store.models import Classification, ClassificationCategory, Notice, RawPage
from common.clock import beijing_now
from common.contract import TEXT_CAP, jsonable, stored_values


def save_notice_row(session: Session, *, source: str, source_id: str, url: str, raw_page_id: int | None,
                    fields: dict, parse_version: str, parties: dict | None = None) -> int:
    """Store one parsed notice row (an upsert keyed by source + source id) and return its id. ``parties`` are
    its organisations as store.orgs.resolve_parties resolved them (buyer_id, agency_id, suppliers); without
    them the notice names no organisation id. Nothing else is written: no search grams, no project link."""
    parties = parties or {}
    values = {
        "source": source, "source_id": source_id, "url": url, "raw_page_id": raw_page_id,
        "parse_version": parse_version,
        **stored_values(fields),  # every field of the contract (common/contract.py) under its column
        "buyer_id": parties.get("buyer_id"), "agency_id": parties.get("agency_id"),
        "suppliers": jsonable(parties.get("suppliers", fields.get("suppliers") or [])),  # with their org ids
        "updated_at": beijing_now(),
    }
    values |= initial(values)  # the values in force: its own until linking applies its project's corrections
    nid = upsert(session, Notice, values, ("source", "source_id"))
    session.expire_all()  # the upsert wrote past the ORM: read the notice afresh
    return nid


def index_notice(session: Session, notice_id: int, fields: dict) -> None:
    """Index a stored notice for short-word search (store.grams), on the title and text as the row keeps them."""
    from store.grams import index

    index(session, notice_id, fields.get("title"), (fields.get("text") or None) and fields["text"][:TEXT_CAP])


def save_notice(session: Session, *, source: str, source_id: str, url: str, raw_page_id: int | None,
                fields: dict, parse_version: str, link: bool = True) -> int:
    """Every step of storing one parsed notice, for callers outside the ingest flow (tests, evaluations): resolve
    its organisations, store the row, index it for search, then link it to its project now, or with
    ``link=False`` leave it for store.linking.link_pending. The same steps, in the same order, as
    ingest.process.ingest_page calls them."""
    from store.linking import leave_for_linking, link_notice
    from store.orgs import resolve_parties

    parties = resolve_parties(session, fields)
    nid = save_notice_row(session, source=source, source_id=source_id, url=url, raw_page_id=raw_page_id,
                          fields=fields, parse_version=parse_version, parties=parties)
    index_notice(session, nid, fields)
    if link:
        link_notice(session, nid)
    else:
        leave_for_linking(session, nid)
    return nid


def save_classification(session: Session, notice_id: int, result) -> int:  # noqa: ANN001 - classify.classifier.Result
    cid = upsert(session, Classification, {
        "notice_id": notice_id,
        "model_version": result.model_version,
        "relevant": result.relevant,
        "relevance_conf": result.relevance_conf,
        "level": result.level,
        "level_conf": result.level_conf,
        "delivery_model": result.delivery_model,
        "delivery_conf": result.delivery_conf,
        "evidence": result.evidence,
        "created_at": beijing_now(),
    }, ("notice_id", "model_version"))
    session.execute(delete(ClassificationCategory).where(ClassificationCategory.classification_id == cid))
    for cat, conf in result.categories.items():
        session.add(ClassificationCategory(classification_id=cid, category=cat, confidence=conf))
    return cid


def mark_processed(session: Session, raw_page_id: int, version: str) -> None:
    session.execute(update(RawPage).where(RawPage.id == raw_page_id).values(parsed_version=version))


def propagate_project_labels(session: Session, project_ids: set[int]) -> int:
    """A notice whose own text names no delivery model (a 更正 or 终止 notice, say) takes the model that
    another notice of the same project states, with that notice as evidence. Returns the rows changed."""
    if not project_ids:
        return 0
    from sqlalchemy import func, select

    latest = (select(func.max(Classification.id)).where(Classification.notice_id == Notice.id)
              .correlate(Notice).scalar_subquery())
    rows = session.execute(
        select(Notice.id, Notice.project_id, Classification)
        .join(Classification, Classification.id == latest)
        .where(Notice.project_id.in_(project_ids))
    ).all()
    by_project: dict[int, list] = {}
    for nid, pid, c in rows:
        by_project.setdefault(pid, []).append((nid, c))
    changed = 0
    for pid, items in by_project.items():
        stated = [(nid, c) for nid, c in items if _stated(c)]
        models = {c.delivery_model for _, c in stated}
        if len(models) != 1:
            continue  # nothing stated, or a conflict: leave each notice with its own evidence
        source_nid, source = stated[0]
        for nid, c in items:
            if not _stated(c) and c.delivery_model != source.delivery_model:
                c.delivery_model = source.delivery_model
                c.delivery_conf = round(source.delivery_conf * 0.9, 3)
                c.evidence = dict(c.evidence or {}) | {"delivery_model": [
                    {"label": source.delivery_model, "field": "project", "span": f"notice {source_nid}",
                     "explanation": "stated by another notice of the same project (项目编号)"}]}
                changed += 1
    return changed


def _stated(c) -> bool:  # noqa: ANN001
    """The notice's own words settle its delivery model: a rule matched PPP / EPC / 本项目属于政府购买服务."""
    return c.delivery_model in ("EPC", "PPP", "政府购买服务") and any(
        e.get("by") == "rule" for e in (c.evidence or {}).get("delivery_model", []))


def _norm_title(title: str | None) -> str:
    import re

    return re.sub(r"[\s\W_]+", "", title or "")


def link_cross_source_duplicate(session: Session, notice_id: int) -> int | None:
    """Mark the notice as a duplicate of the same announcement from another source, stored earlier.

    Same announcement = another source, same notice type, same title (ignoring spaces and punctuation),
    published within 3 days, and the same project code (as store.linking.code_key compares codes) when both
    carry one. Returns the canonical id.
    """
    from datetime import timedelta

    from sqlalchemy import or_, select

    from store.linking import code_key

    n = session.get(Notice, notice_id)
    if n is None or not n.title:
        return None
    q = select(Notice).where(Notice.source != n.source, Notice.notice_type == n.notice_type, Notice.id != n.id,
                             Notice.duplicate_of.is_(None))
    q = q.where(or_(Notice.title == n.title, Notice.project_code == n.project_code) if n.project_code
                else Notice.title == n.title)
    key, code = _norm_title(n.title), code_key(n.project_code)
    for other in session.execute(q.order_by(Notice.id)).scalars():
        if _norm_title(other.title) != key:
            continue
        other_code = code_key(other.project_code)
        if code and other_code and code != other_code:
            continue
        if n.published_at and other.published_at and abs(n.published_at - other.published_at) > timedelta(days=3):
            continue
        if other.id < n.id:
            n.duplicate_of = other.id
            return other.id
        # the other one was stored later: this notice is the canonical one
        other.duplicate_of = n.id
        return n.id
    return None
