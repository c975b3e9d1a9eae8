"""Saved searches and their alerts: `tenders alerts run` sends each new matching notice once per subscription and
channel (e-mail over SMTP, webhook POST of JSON); the Atom feed is pulled at /feeds/TOKEN.atom.

Exactly once, across reruns and crashes: before a message goes out, its notices are written to the ledger
(alert_delivery) as 'pending' under the message's key, and marked 'sent' after the server accepted it. A run
that finds 'pending' or 'failed' rows (a crash or an error between the two) sends the same message again under the
same key — the webhook's Idempotency-Key header and the e-mail's Message-ID — so a receiver that has it already
can tell; a notice never gets a second key. Only notices stored after the search was saved are alerted.

Webhooks go only to public addresses (schedules.webhooks: checked when saved and again when sent); a webhook
refused at send time is recorded as failed with the reason, like any other failed delivery.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import smtplib
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass
from decimal import Decimal
from email.message import EmailMessage
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape as xml_escape

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from schedules.webhooks import WebhookRefused, check_url, opener
from store.filters import FilterError, NoticeFilter, select_notices
from store.models import AlertDelivery, Notice, SavedSearch
from store.search import QueryError, condition, parse_query
from common.clock import beijing_now, iso

MAX_PER_MESSAGE = 200
_EMAIL = re.compile(r"^[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+$")
FILTER_FIELDS = ("region", "level", "category", "delivery_model", "method", "notice_type", "min_amount",
                 "max_amount", "relevant_only")


class AlertError(ValueError):
    """A saved search that cannot be made as asked."""


def filter_to_json(f: NoticeFilter) -> dict:
    d = {k: v for k, v in asdict(f).items() if k in FILTER_FIELDS and v not in (None, False)}
    return {k: (str(v) if isinstance(v, Decimal) else v) for k, v in d.items()}


def filter_from_json(d: dict) -> NoticeFilter:
    kw = {k: d[k] for k in FILTER_FIELDS if k in (d or {})}
    for k in ("min_amount", "max_amount"):
        if kw.get(k) is not None:
            kw[k] = Decimal(str(kw[k]))
    return NoticeFilter(**kw)


def create(session: Session, name: str, query: str = "", f: NoticeFilter | None = None, email: str | None = None,
           webhook_url: str | None = None) -> SavedSearch:
    name = (name or "").strip()[:200]
    if not name:
        raise AlertError("a saved search needs a name")
    f = f or NoticeFilter()
    try:
        parse_query(query)
        f.check()
        f.region_prefix()
    except (QueryError, FilterError) as exc:
        raise AlertError(str(exc)) from None
    email = (email or "").strip() or None
    if email and not _EMAIL.match(email):
        raise AlertError(f"not an e-mail address: {email[:80]!r}")
    webhook_url = (webhook_url or "").strip() or None
    if webhook_url:
        if len(webhook_url) > 2000:
            raise AlertError("the webhook URL is too long (2000 characters at most)")
        try:
            check_url(webhook_url)  # the address rule of schedules.webhooks; checked again when sending
        except WebhookRefused as exc:
            raise AlertError(str(exc)) from None
    after = session.execute(select(func.max(Notice.id))).scalar() or 0
    ss = SavedSearch(name=name, query=(query or "").strip(), filters=filter_to_json(f), email=email,
                     webhook_url=webhook_url, feed_token=secrets.token_urlsafe(24), after_notice_id=after,
                     created_at=beijing_now())
    session.add(ss)
    session.flush()
    return ss


def matching(session: Session, ss: SavedSearch, after_id: int | None = None, limit: int = 1000) -> list[Notice]:
    q = select_notices(filter_from_json(ss.filters), Notice)
    cond = condition(session, parse_query(ss.query))
    if cond is not None:
        q = q.where(cond)
    if after_id is not None:
        q = q.where(Notice.id > after_id).order_by(Notice.id)
    else:
        q = q.order_by(Notice.published_at.desc(), Notice.id.desc())
    return list(session.execute(q.limit(limit)).scalars())


@dataclass
class Outcome:
    sent: int = 0  # notices delivered
    messages: int = 0
    failed: int = 0


def _notice_json(n: Notice) -> dict:
    return {"id": n.id, "title": n.title, "url": n.url, "notice_type": n.notice_type,
            "published_at": n.published_at.isoformat() if n.published_at else None, "buyer": n.buyer_raw,
            "budget_cny": str(n.budget_cny) if n.budget_cny is not None else None,
            "award_cny": str(n.award_cny) if n.award_cny is not None else None,
            "deadline": (n.current_deadline or n.deadline).isoformat() if (n.current_deadline or n.deadline) else None}


def send_webhook(url: str, key: str, ss: SavedSearch, notices: list[Notice], timeout: float = 10) -> None:
    """POST the message to ``url``; WebhookRefused when the address rule refuses it now (re-resolved, and checked
    again by the connection itself), OSError when the receiver fails or answers other than 2xx (a redirect too)."""
    check_url(url)
    body = json.dumps({"idempotency_key": key, "saved_search": {"id": ss.id, "name": ss.name},
                       "notices": [_notice_json(n) for n in notices]}, ensure_ascii=False).encode("utf-8")
    req = urllib.request.Request(url, data=body, method="POST", headers={
        "Content-Type": "application/json; charset=utf-8", "Idempotency-Key": key, "User-Agent": "tenderwatch"})
    try:
        with opener().open(req, timeout=timeout) as resp:
            if not 200 <= resp.status < 300:
                raise OSError(f"webhook answered {resp.status}")
    except urllib.error.HTTPError as exc:
        moved = " (a redirect: webhooks never follow one)" if 300 <= exc.code < 400 else ""
        raise OSError(f"webhook answered {exc.code}{moved}") from None


def smtp_settings() -> tuple[str, int, str]:
    url = os.environ.get("TENDERWATCH_SMTP", "smtp://127.0.0.1:25")
    parts = urlsplit(url)
    if parts.scheme != "smtp" or not parts.hostname:
        raise AlertError(f"TENDERWATCH_SMTP must look like smtp://host:port, not {url!r}")
    return parts.hostname, parts.port or 25, os.environ.get("TENDERWATCH_MAIL_FROM", "tenderwatch@localhost")


def send_email(to: str, key: str, ss: SavedSearch, notices: list[Notice]) -> None:
    host, port, sender = smtp_settings()
    msg = EmailMessage()
    msg["From"], msg["To"] = sender, to
    msg["Subject"] = f"tenderwatch：「{ss.name}」有 {len(notices)} 条新公告"
    msg["Message-ID"] = f"<{key}@tenderwatch>"
    lines = [f"保存的搜索「{ss.name}」有 {len(notices)} 条新公告：", ""]
    for n in notices:
        when = n.published_at.strftime("%Y-%m-%d") if n.published_at else ""
        due = n.current_deadline or n.deadline
        deadline = f"，截止 {due:%Y-%m-%d %H:%M}" if due else ""
        lines += [f"- {when} {n.title}{deadline}", f"  {n.url}"]
    msg.set_content("\n".join(lines), charset="utf-8")
    with smtplib.SMTP(host, port, timeout=15) as smtp:
        smtp.send_message(msg)


def run(Session, progress=print, crash_after_send: bool = False) -> Outcome:  # noqa: ANN001
    """Deliver every saved search's new matches. ``crash_after_send`` (tests) exits the process right after the
    first message went out and before the ledger says so — the crash the ledger must survive."""
    out = Outcome()
    with Session() as s:
        searches = s.execute(select(SavedSearch).order_by(SavedSearch.id)).scalars().all()
    for ss in searches:
        for channel, target in (("email", ss.email), ("webhook", ss.webhook_url)):
            if target:
                _deliver(Session, ss, channel, target, out, progress, crash_after_send)
    return out


def _deliver(Session, ss: SavedSearch, channel: str, target: str, out: Outcome, progress,  # noqa: ANN001
             crash_after_send: bool) -> None:
    with Session.begin() as s:
        ledger = {d.notice_id: d for d in s.execute(select(AlertDelivery).where(
            AlertDelivery.saved_search_id == ss.id, AlertDelivery.channel == channel)).scalars()}
        # earlier messages that may not have arrived: the same notices, under the same key
        groups: dict[str, list[int]] = {}
        for d in ledger.values():
            if d.status != "sent":
                groups.setdefault(d.message_key, []).append(d.notice_id)
        fresh = [n.id for n in matching(s, ss, after_id=ss.after_notice_id) if n.id not in ledger]
        for i in range(0, len(fresh), MAX_PER_MESSAGE):
            key = f"tw-{ss.id}-{channel}-{secrets.token_hex(8)}"
            groups[key] = fresh[i:i + MAX_PER_MESSAGE]
            for nid in groups[key]:
                s.add(AlertDelivery(saved_search_id=ss.id, notice_id=nid, channel=channel, message_key=key,
                                    status="pending", attempts=0, updated_at=beijing_now()))
    for key, ids in groups.items():
        with Session() as s:
            notices = list(s.execute(select(Notice).where(Notice.id.in_(ids)).order_by(Notice.id)).scalars())
            try:
                if channel == "email":
                    send_email(target, key, ss, notices)
                else:
                    send_webhook(target, key, ss, notices)
                status, error = "sent", None
            except (OSError, smtplib.SMTPException, AlertError, WebhookRefused) as exc:
                status, error = "failed", f"{type(exc).__name__}: {exc}"[:500]
        if crash_after_send and status == "sent":
            os._exit(9)  # the moment between "sent" and "recorded"
        with Session.begin() as s:
            for d in s.execute(select(AlertDelivery).where(AlertDelivery.message_key == key)).scalars():
                d.status, d.error, d.attempts, d.updated_at = status, error, d.attempts + 1, beijing_now()
        if status == "sent":
            out.sent += len(ids)
            out.messages += 1
        else:
            out.failed += len(ids)
            progress(f"  alert '{ss.name}' by {channel}: {error} (will retry on the next run)")


def atom(session: Session, ss: SavedSearch, base_url: str) -> str:
    """The saved search's newest 50 matches as an Atom feed."""
    notices = matching(session, ss, limit=50)
    updated = max((n.updated_at or n.published_at or ss.created_at for n in notices), default=ss.created_at)
    esc = xml_escape
    entries = []
    for n in notices:
        link = n.url if re.match(r"^https?://", n.url or "", re.IGNORECASE) else f"{base_url}/notices/{n.id}"
        entries.append(
            # the entry id is the notice's id on its source: it stays when the store is rebuilt (row ids do not)
            f"<entry><id>tag:tenderwatch,2026:notice:{esc(quote(n.source or '', safe=''))}:"
            f"{esc(quote(n.source_id or '', safe=''))}</id><title>{esc(n.title or '')}</title>"
            f'<link href="{esc(link, {chr(34): "&quot;"})}"/>'
            f"<updated>{iso(n.published_at or updated)}</updated>"
            f"<summary>{esc((n.notice_type or '') + ' ' + (n.buyer_raw or ''))}</summary></entry>")
    return ('<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
            f"<id>tag:tenderwatch,2026:search-{ss.id}</id><title>tenderwatch：{esc(ss.name)}</title>"
            f"<updated>{iso(updated)}</updated>" + "".join(entries) + "</feed>\n")
