"""Saved searches and their alerts: `tenders alerts run` sends each new matching notice once per subscription and
channel (e-mail over SMTP, webhook POST of JSON); the Atom feed is pulled at /feeds/TOKEN.atom.

Exactly once, across reruns and crashes: before a message goes out, its notices are written to the ledger
(alert_delivery) as 'pending' under the message's key, and marked 'sent' after the server accepted it. A run
that finds 'pending' or 'failed' rows (a crash or an error between the two) sends the same message again under the
same key — the webhook's Idempotency-Key header and the e-mail's Message-ID — so a receiver that has it already
can tell; a notice never gets a second key. Only notices stored after the search was saved are alerted.

Webhooks go only to public addresses (schedules.webhooks: checked when saved and again when sent); a webhook
refused at send time is recorded as failed with the reason, like any other failed delivery.

A saved search has a unique name and is never empty (words or at least one filter: an empty one would alert every
notice); it can be edited (new words or filters alert the notices stored from then on) and deleted with its
ledger. Every e-mail carries a one-click unsubscribe link (schedules.alert_mail); unsubscribing removes the address,
so no e-mail goes out for that search again until an address is entered anew. Without TENDERWATCH_SMTP, e-mail is
not configured: a run says so in one line and leaves those notices waiting (neither failed nor sent) for the day it
is; webhooks are delivered all the same.
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
from urllib.parse import quote, urlsplit
from xml.sax.saxutils import escape as xml_escape

from sqlalchemy import delete as sql_delete, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from schedules.alert_mail import CONTROL, compose
from schedules.webhooks import WebhookRefused, check_url, opener
from store.filters import FilterError, NoticeFilter, select_notices
from store.models import AlertDelivery, Notice, SavedSearch
from store.search import SCOPES, QueryError, condition, parse_query
from common.clock import beijing_now, iso
from common.origins import SERVE_URL, configured_base_url, origin_of, public_url

MAX_PER_MESSAGE = 200
SMTP_UNSET = "e-mail not sent: SMTP not configured (set TENDERWATCH_SMTP=smtp://host:port, and TENDERWATCH_MAIL_FROM)"
EMPTY_SEARCH = ("空的搜索（没有关键词，也没有地区、层级、类别、交付模式、采购方式、公告类型、金额或只看相关的筛选）会把每一条新公告"
                "都发出去：至少给一个关键词或一个筛选条件（发布日期和截止天数不随搜索保存）")
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


def _duplicate(name: str) -> AlertError:
    return AlertError(f"已有名为「{name}」的保存的搜索：换一个名称，或编辑已有的那个")


def _checked(session: Session, name: str, query: str, f: NoticeFilter | None, email: str | None,
             webhook_url: str | None, same: int | None = None, scope: str | None = None) -> dict:
    """The saved search's columns from what was asked, or AlertError saying what is wrong. ``same``: the id of the
    search being edited (its own name is no duplicate)."""
    name = CONTROL.sub(" ", name or "").strip()[:200]
    if not name:
        raise AlertError("保存的搜索需要一个名称")
    if session.execute(select(SavedSearch.id).where(SavedSearch.name == name, SavedSearch.id != (same or 0))
                       ).first() is not None:
        raise _duplicate(name)
    f = f or NoticeFilter()
    query = CONTROL.sub(" ", query or "").strip()
    try:
        parse_query(query)
        f.check()
        f.region_prefix()
    except (QueryError, FilterError) as exc:
        raise AlertError(str(exc)) from None
    email = (email or "").strip() or None
    if email and not _EMAIL.match(email):
        raise AlertError(f"不是邮箱地址：{email[:80]!r}")
    webhook_url = (webhook_url or "").strip() or None
    if webhook_url:
        if len(webhook_url) > 2000:
            raise AlertError("webhook 地址过长（最多 2000 个字符）")
        try:
            check_url(webhook_url)  # the address rule of schedules.webhooks; checked again when sending
        except WebhookRefused as exc:
            raise AlertError(str(exc)) from None
    filters = filter_to_json(f)
    if not query and not filters:
        raise AlertError(EMPTY_SEARCH)
    if (scope or "all") not in SCOPES:
        raise AlertError(f"搜索范围只能是 {', '.join(SCOPES)}（all：标题和正文，title：只搜标题）")
    if scope == "title" and query:
        filters["scope"] = "title"  # the words in the title only, as the search that was saved
    return {"name": name, "query": query, "filters": filters, "email": email, "webhook_url": webhook_url}


def _flush(session: Session, name: str) -> None:
    try:
        session.flush()
    except IntegrityError:  # saved under the same name at the same moment by another request
        raise _duplicate(name) from None


def _newest_id(session: Session) -> int:
    return session.execute(select(func.max(Notice.id))).scalar() or 0


def create(session: Session, name: str, query: str = "", f: NoticeFilter | None = None, email: str | None = None,
           webhook_url: str | None = None, scope: str | None = None) -> SavedSearch:
    cols = _checked(session, name, query, f, email, webhook_url, scope=scope)
    ss = SavedSearch(**cols, feed_token=secrets.token_urlsafe(24), unsubscribe_token=secrets.token_urlsafe(24),
                     after_notice_id=_newest_id(session), created_at=beijing_now())
    session.add(ss)
    _flush(session, cols["name"])
    return ss


def update(session: Session, ss: SavedSearch, name: str, query: str = "", f: NoticeFilter | None = None,
           email: str | None = None, webhook_url: str | None = None, scope: str | None = None) -> SavedSearch:
    """Change a saved search. New words or filters alert the notices stored from now on (not every older one that
    now matches); a new e-mail address gets a new unsubscribe link (the old e-mails' links stop working)."""
    cols = _checked(session, name, query, f, email, webhook_url, same=ss.id, scope=scope)
    if (cols["query"], cols["filters"]) != (ss.query, ss.filters):
        ss.after_notice_id = _newest_id(session)
    if cols["email"] != ss.email:
        ss.unsubscribe_token = secrets.token_urlsafe(24)
        if cols["email"]:
            ss.unsubscribed_at = None
    for k, v in cols.items():
        setattr(ss, k, v)
    _flush(session, cols["name"])
    return ss


def delete(session: Session, ss: SavedSearch) -> None:
    """Remove a saved search with its delivery ledger; its feed and unsubscribe links answer 404 from then on."""
    session.execute(sql_delete(AlertDelivery).where(AlertDelivery.saved_search_id == ss.id))
    session.delete(ss)
    session.flush()


def by_unsubscribe_token(session: Session, token: str) -> SavedSearch | None:
    if not token or len(token) > 64:
        return None
    return session.execute(select(SavedSearch).where(SavedSearch.unsubscribe_token == token)).scalar()


def unsubscribe(session: Session, ss: SavedSearch) -> bool:
    """No more e-mail for this search: its address is removed (the webhook and the feed stay). False when it had
    none already. What was pending for the address stays in the ledger, sent if an address is entered again."""
    if not ss.email:
        return False
    ss.email, ss.unsubscribed_at = None, beijing_now()
    session.flush()
    return True


def matching(session: Session, ss: SavedSearch, after_id: int | None = None, limit: int = 1000) -> list[Notice]:
    q = select_notices(filter_from_json(ss.filters), Notice)
    cond = condition(session, parse_query(ss.query), scope=(ss.filters or {}).get("scope") or "all")
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
    waiting: int = 0  # notices an e-mail would carry, waiting for SMTP to be configured (neither sent nor failed)
    emails: int = 0  # messages sent by e-mail


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


def smtp_settings() -> tuple[str, int, str] | None:
    """(host, port, sender) from TENDERWATCH_SMTP=smtp://host:port and TENDERWATCH_MAIL_FROM; None when
    TENDERWATCH_SMTP is not set: e-mail is not configured."""
    url = (os.environ.get("TENDERWATCH_SMTP") or "").strip()
    if not url:
        return None
    try:
        parts = urlsplit(url)
        host, port = parts.hostname, parts.port
    except ValueError:
        host = port = None
    if parts.scheme != "smtp" or not host:
        raise AlertError(f"TENDERWATCH_SMTP must look like smtp://host:port, not {url!r}")
    return host, port or 25, os.environ.get("TENDERWATCH_MAIL_FROM", "tenderwatch@localhost")


def links_base() -> str:
    """Where the e-mails' links point: TENDERWATCH_BASE_URL, else `tenders serve`'s default address (links that
    open only on the machine that serves)."""
    base = public_url()
    if origin_of(base) is None:
        raise AlertError(f"TENDERWATCH_BASE_URL must be an http(s) URL, not {base[:100]!r}")
    return base


def send_email(to: str, key: str, ss: SavedSearch, notices: list[Notice]) -> None:
    settings = smtp_settings()
    if settings is None:
        raise AlertError(SMTP_UNSET)
    host, port, sender = settings
    msg = compose(ss, notices, key, sender, to, links_base())
    with smtplib.SMTP(host, port, timeout=15) as smtp:
        smtp.send_message(msg)


def run(Session, progress=print, crash_after_send: bool = False) -> Outcome:  # noqa: ANN001
    """Deliver every saved search's new matches. ``crash_after_send`` (tests) exits the process right after the
    first message went out and before the ledger says so — the crash the ledger must survive."""
    out = Outcome()
    mail = smtp_configured()
    with Session() as s:
        searches = s.execute(select(SavedSearch).order_by(SavedSearch.id)).scalars().all()
    unmailed = 0
    for ss in searches:
        if ss.email and not mail:  # not failures, not sent: they go out on the first run with SMTP configured
            unmailed += 1
            with Session() as s:
                groups, fresh = _due(s, ss, "email")
                out.waiting += len(fresh) + sum(len(ids) for ids in groups.values())
        for channel, target in (("email", ss.email if mail else None), ("webhook", ss.webhook_url)):
            if target:
                _deliver(Session, ss, channel, target, out, progress, crash_after_send)
    if unmailed:
        progress(f"{SMTP_UNSET}: {out.waiting} notices for {unmailed} saved searches wait for it")
    elif out.emails and configured_base_url() is None:
        progress(f"note: the e-mails' links point at {SERVE_URL} (`tenders serve`'s default): set "
                 "TENDERWATCH_BASE_URL to the web's public address")
    return out


def smtp_configured() -> bool:
    return bool((os.environ.get("TENDERWATCH_SMTP") or "").strip())


def _due(s: Session, ss: SavedSearch, channel: str) -> tuple[dict[str, list[int]], list[int]]:
    """What is owed on ``channel``: earlier messages that may not have arrived (key → notice ids, resent under the
    same key), and the fresh matches that no message has carried yet."""
    ledger = {d.notice_id: d for d in s.execute(select(AlertDelivery).where(
        AlertDelivery.saved_search_id == ss.id, AlertDelivery.channel == channel)).scalars()}
    groups: dict[str, list[int]] = {}
    for d in ledger.values():
        if d.status != "sent":
            groups.setdefault(d.message_key, []).append(d.notice_id)
    fresh = [n.id for n in matching(s, ss, after_id=ss.after_notice_id) if n.id not in ledger]
    return groups, fresh


def _deliver(Session, ss: SavedSearch, channel: str, target: str, out: Outcome, progress,  # noqa: ANN001
             crash_after_send: bool) -> None:
    with Session.begin() as s:
        groups, fresh = _due(s, ss, channel)
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
            out.emails += channel == "email"
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
