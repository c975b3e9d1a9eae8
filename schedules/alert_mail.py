"""The alert e-mail of a saved search: plain text, the notices newest first (by publication time), each with its
amount (万元, 未公布 when unknown), buyer, deadline and a link to its page on the web (/notices/ID); a Date header,
and a one-click unsubscribe link (RFC 8058: List-Unsubscribe with List-Unsubscribe-Post) in the headers and in the
body. Links are absolute from the base URL the caller gives (schedules.alerts.links_base).

Scraped text is hostile: control characters (a line break in a title could fake a line of the message) become
spaces and each field is capped.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from email.message import EmailMessage
from email.policy import default as default_policy
from email.utils import format_datetime

from common.clock import aware, beijing_now
from reports.format import UNPUBLISHED as UNKNOWN, safe_url
from store.models import Notice, SavedSearch

CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]+")  # what never reaches a message or a saved name


def _text(v: str | None, cap: int = 300) -> str:
    v = CONTROL.sub(" ", v or "").strip()
    return v if len(v) <= cap else v[:cap - 1] + "…"


def wan(v: Decimal | None) -> str:
    """Yuan → '1,234.56 万元' (always 万元, so that the amounts of one message compare at a glance)."""
    return UNKNOWN if v is None else f"{Decimal(v) / 10_000:,.2f} 万元"


def amount(n: Notice) -> str:
    """The budget in force and the award, whichever are known: '预算 1,200.00 万元；中标 980.00 万元', or 未公布."""
    budget = n.current_budget_cny if n.current_budget_cny is not None else n.budget_cny
    parts = [f"{label} {wan(v)}" for label, v in (("预算", budget), ("中标", n.award_cny)) if v is not None]
    return "；".join(parts) or UNKNOWN


def _when(t: datetime | None) -> str:
    return f"{t:%Y-%m-%d %H:%M}" if t else UNKNOWN


def newest_first(notices: list[Notice]) -> list[Notice]:
    return sorted(notices, key=lambda n: (n.published_at or datetime.min, n.id), reverse=True)


def unsubscribe_link(base: str, ss: SavedSearch) -> str:
    return f"{base}/unsubscribe/{ss.unsubscribe_token}"


def compose(ss: SavedSearch, notices: list[Notice], key: str, sender: str, to: str, base: str) -> EmailMessage:
    """The message for ``notices`` (one delivery of saved search ``ss``), links absolute from ``base``."""
    unsubscribe = unsubscribe_link(base, ss)
    # headers are not folded below SMTP's own limit: a List-Unsubscribe URL stays on its header's line
    msg = EmailMessage(policy=default_policy.clone(max_line_length=998))
    msg["From"], msg["To"] = sender, to
    msg["Subject"] = f"tenderwatch：「{ss.name}」有 {len(notices)} 条新公告"
    msg["Date"] = format_datetime(aware(beijing_now()))
    msg["Message-ID"] = f"<{key}@tenderwatch>"
    msg["List-Unsubscribe"] = f"<{unsubscribe}>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    lines = [f"保存的搜索「{ss.name}」有 {len(notices)} 条新公告（按发布时间从新到旧，时间均为北京时间）：", ""]
    for i, n in enumerate(newest_first(notices), 1):
        lines += [f"{i}. {_text(n.title) or '（无标题）'}",
                  f"   {_text(n.notice_type, 40) or '公告'} · 发布 {_when(n.published_at)}",
                  f"   金额：{amount(n)}",
                  f"   采购人：{_text(n.buyer_raw, 120) or UNKNOWN}",
                  f"   截止：{_when(n.current_deadline or n.deadline)}",
                  f"   详情：{base}/notices/{n.id}"]
        if safe_url(n.url):
            lines.append(f"   原文：{_text(n.url, 2000)}")
        lines.append("")
    lines += ["—", f"退订：不再把「{ss.name}」的新公告发到 {to}，打开 {unsubscribe} 并点「退订」。",
              f"编辑或删除保存的搜索：{base}/searches"]
    msg.set_content("\n".join(lines), charset="utf-8", cte="base64")  # 7-bit safe on any SMTP server
    return msg
