"""SQLAlchemy 2 models, OCDS-shaped (see DESIGN.md, "Data model").

Times are naive datetimes in Beijing time (Asia/Shanghai), the time every source publishes in.
Amounts are yuan, Numeric(20, 2); each normalised field keeps its raw text beside it.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    Index,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

Amount = Numeric(20, 2)


class Base(DeclarativeBase):
    pass


class CrawlRun(Base):
    """One spider run: window, counters, outcome."""

    __tablename__ = "crawl_run"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(64), index=True)
    spider: Mapped[str | None] = mapped_column(String(64))  # the spider; the watermark is per spider
    base_url: Mapped[str] = mapped_column(String(500))
    since: Mapped[datetime | None] = mapped_column(DateTime)
    until: Mapped[datetime | None] = mapped_column(DateTime)
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    # running | finished | incomplete | blocked | captcha | failed | interrupted (its process died)
    status: Mapped[str] = mapped_column(String(32), default="running")
    pages: Mapped[int] = mapped_column(Integer, default=0)  # responses received
    listed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # rows seen on list pages
    items: Mapped[int] = mapped_column(Integer, default=0)  # notices found (new + already archived)
    new_items: Mapped[int] = mapped_column(Integer, default=0)  # notices archived by this run
    errors: Mapped[int] = mapped_column(Integer, default=0)
    throttles: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # throttle answers met
    refused: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # requests to private addresses
    expected: Mapped[int | None] = mapped_column(Integer)  # notices the site's own list counts say exist
    archived: Mapped[int | None] = mapped_column(Integer)  # of the ids those lists showed, how many are archived
    message: Mapped[str | None] = mapped_column(Text)
    host: Mapped[str | None] = mapped_column(String(255))
    pid: Mapped[int | None] = mapped_column(Integer)


class RawPage(Base):
    """Index of the raw archive: one row per source document, pointing at its gzip file."""

    __tablename__ = "raw_page"
    __table_args__ = (UniqueConstraint("source", "source_id", name="uq_raw_page_source"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    source_id: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(2000))
    content_hash: Mapped[str] = mapped_column(String(64), index=True)  # sha256 of the body bytes
    archive_key: Mapped[str] = mapped_column(String(300))  # path relative to the archive root
    size: Mapped[int] = mapped_column(Integer)
    http_status: Mapped[int] = mapped_column(Integer)
    content_type: Mapped[str | None] = mapped_column(String(200))
    encoding: Mapped[str | None] = mapped_column(String(40))
    list_meta: Mapped[dict | None] = mapped_column(JSON)  # what the list page said about it
    fetched_at: Mapped[datetime] = mapped_column(DateTime)
    crawl_run_id: Mapped[int | None] = mapped_column(ForeignKey("crawl_run.id"))
    parsed_version: Mapped[str | None] = mapped_column(String(40))  # parser version last applied


class Organization(Base):
    """A buyer, agency or supplier: one row per organisation, its name variants in organization_alias
    (store/orgs.py says what merges)."""

    __tablename__ = "organization"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)  # the name shown: the full name when known
    key: Mapped[str | None] = mapped_column(String(300), index=True)  # store.orgs.name_key of the name
    credit_code: Mapped[str | None] = mapped_column(String(18), index=True)


class OrganizationAlias(Base):
    """A name as printed by some notice, and the organisation it was merged into (with the reason)."""

    __tablename__ = "organization_alias"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(300), unique=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    evidence: Mapped[str | None] = mapped_column(String(500))


class Project(Base):
    """Notices of one procurement (意向 → 公告 → 更正 → 结果 → 合同), linked by store/linking.py. The OCDS record."""

    __tablename__ = "project"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ocid: Mapped[str] = mapped_column(String(200), unique=True)  # store/ocids.py: from what the sources publish
    tender_id: Mapped[str | None] = mapped_column(String(300))  # OCDS tender.id: the 项目编号, else the first call's id
    project_code: Mapped[str | None] = mapped_column(String(200), index=True)
    code_key: Mapped[str | None] = mapped_column(String(200), index=True)  # store.linking.code_key
    title: Mapped[str | None] = mapped_column(Text)
    stem: Mapped[str | None] = mapped_column(Text)  # the title without buyer and notice type
    buyer_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id", name="fk_project_buyer_id_organization"),
                                                 index=True)
    first_published: Mapped[datetime | None] = mapped_column(DateTime)
    last_published: Mapped[datetime | None] = mapped_column(DateTime)
    link_evidence: Mapped[str | None] = mapped_column(Text)


class ProjectLink(Base):
    """Why a notice belongs to its project: the method, a confidence and the evidence; candidates that were
    close but not taken (a conflict) are kept, not merged."""

    __tablename__ = "project_link"

    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id", ondelete="CASCADE"), primary_key=True)
    project_id: Mapped[int] = mapped_column(ForeignKey("project.id"), index=True)
    method: Mapped[str] = mapped_column(String(20))  # code | code-normalised | buyer+title | new
    confidence: Mapped[float] = mapped_column(Float)
    lot: Mapped[str | None] = mapped_column(String(40))
    evidence: Mapped[str | None] = mapped_column(Text)
    conflicts: Mapped[list | None] = mapped_column(JSON)  # [{"project_id", "reason"}]
    linked_at: Mapped[datetime] = mapped_column(DateTime)


class Notice(Base):
    """One published announcement = one OCDS release."""

    __tablename__ = "notice"
    __table_args__ = (
        UniqueConstraint("source", "source_id", name="uq_notice_source"),
        Index("ix_notice_published_at", "published_at"),
        Index("ix_notice_project_id", "project_id"),  # a project's notices: linking, the report's per-project joins
        Index("ix_notice_deadline", "deadline"),
        Index("ix_notice_current_deadline", "current_deadline"),  # the pipeline, search's deadline filter and sort
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(64))
    source_id: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(2000))
    raw_page_id: Mapped[int | None] = mapped_column(ForeignKey("raw_page.id"))
    parse_version: Mapped[str] = mapped_column(String(40))

    notice_type: Mapped[str | None] = mapped_column(String(40))
    title: Mapped[str | None] = mapped_column(Text)
    text: Mapped[str | None] = mapped_column(Text)  # the body as read, capped: what search reads
    published_at: Mapped[datetime | None] = mapped_column(DateTime)
    published_raw: Mapped[str | None] = mapped_column(String(100))
    project_code: Mapped[str | None] = mapped_column(String(200), index=True)
    plan_code: Mapped[str | None] = mapped_column(String(200))  # 采购计划编号

    buyer_raw: Mapped[str | None] = mapped_column(Text)
    buyer_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))
    buyer_region: Mapped[str | None] = mapped_column(String(200))
    buyer_address: Mapped[str | None] = mapped_column(Text)
    buyer_region_code: Mapped[str | None] = mapped_column(String(6), index=True)  # GB/T 2260
    agency_raw: Mapped[str | None] = mapped_column(Text)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("organization.id"))

    method: Mapped[str | None] = mapped_column(String(40))  # Chinese name (procurementMethodDetails)
    method_ocds: Mapped[str | None] = mapped_column(String(20))  # open/selective/limited/direct
    budget_raw: Mapped[str | None] = mapped_column(Text)
    budget_cny: Mapped[Decimal | None] = mapped_column(Amount)
    award_raw: Mapped[str | None] = mapped_column(Text)
    award_cny: Mapped[Decimal | None] = mapped_column(Amount)
    max_price_raw: Mapped[str | None] = mapped_column(Text)  # 最高限价 / 招标控制价
    max_price_cny: Mapped[Decimal | None] = mapped_column(Amount)
    rate_raw: Mapped[str | None] = mapped_column(Text)  # 下浮率 / 费率: not an amount, kept apart
    attachments: Mapped[list | None] = mapped_column(JSON)
    suppliers: Mapped[list | None] = mapped_column(JSON)
    deadline: Mapped[datetime | None] = mapped_column(DateTime)
    deadline_raw: Mapped[str | None] = mapped_column(String(100))
    # the deadline in force: for a call or a correction, the latest deadline its project's calls and corrections
    # give (a 更正 that moves the deadline moves it for the call too); else the notice's own (store/in_force.py)
    current_deadline: Mapped[datetime | None] = mapped_column(DateTime)
    current_opening: Mapped[datetime | None] = mapped_column(DateTime)  # the opening time in force (store/in_force.py)
    current_budget_cny: Mapped[Decimal | None] = mapped_column(Amount)  # the budget in force: what the report counts
    opening: Mapped[datetime | None] = mapped_column(DateTime)  # 开标 / 响应文件开启 time
    opening_raw: Mapped[str | None] = mapped_column(String(100))
    opening_place: Mapped[str | None] = mapped_column(Text)
    documents: Mapped[dict | None] = mapped_column(JSON)  # 获取采购文件: from, to, place, price_cny, raw
    qualification: Mapped[dict | None] = mapped_column(JSON)  # consortium, sme_only, sme_reserved, raw
    period_raw: Mapped[str | None] = mapped_column(Text)
    period_days: Mapped[int | None] = mapped_column(Integer)
    period_months: Mapped[int | None] = mapped_column(Integer)
    warnings: Mapped[list | None] = mapped_column(JSON)
    contacts: Mapped[dict | list | None] = mapped_column(JSON)  # kept for vendors' follow-up, never shown in reports
    ppp: Mapped[dict | None] = mapped_column(JSON)  # return_mechanism, operation_mode, cooperation_years
    lots: Mapped[list | None] = mapped_column(JSON)
    changes: Mapped[list | None] = mapped_column(JSON)  # a 更正公告's changes (what, old, new, field)
    contract: Mapped[dict | None] = mapped_column(JSON)  # a 合同公告's contract (number, amount, signed date, term)
    termination_reason: Mapped[str | None] = mapped_column(Text)  # a 终止/废标公告's reason as printed
    intents: Mapped[list | None] = mapped_column(JSON)  # a 采购意向公开's planned purchases, one per row

    project_id: Mapped[int | None] = mapped_column(ForeignKey("project.id"))
    # the same announcement published by another source (stored first); reports count it once
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("notice.id", name="fk_notice_duplicate_of"),
                                                     index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime)

    classifications: Mapped[list["Classification"]] = relationship(back_populates="notice")


class Classification(Base):
    """Labels of one notice by one model version, with confidences and the evidence that decided them."""

    __tablename__ = "classification"
    __table_args__ = (UniqueConstraint("notice_id", "model_version", name="uq_classification_version"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id", ondelete="CASCADE"), index=True)
    model_version: Mapped[str] = mapped_column(String(40))
    relevant: Mapped[bool] = mapped_column(Boolean)
    relevance_conf: Mapped[float] = mapped_column(Float)
    level: Mapped[str | None] = mapped_column(String(20))
    level_conf: Mapped[float] = mapped_column(Float)
    delivery_model: Mapped[str] = mapped_column(String(20))
    delivery_conf: Mapped[float] = mapped_column(Float)
    evidence: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime)

    notice: Mapped[Notice] = relationship(back_populates="classifications")
    categories: Mapped[list["ClassificationCategory"]] = relationship(
        cascade="all, delete-orphan", back_populates="classification"
    )


class ClassificationCategory(Base):
    """One category label (multi-label) of a classification."""

    __tablename__ = "classification_category"

    classification_id: Mapped[int] = mapped_column(
        ForeignKey("classification.id", ondelete="CASCADE"), primary_key=True
    )
    category: Mapped[str] = mapped_column(String(20), primary_key=True)
    confidence: Mapped[float] = mapped_column(Float)

    classification: Mapped[Classification] = relationship(back_populates="categories")


class SavedSearch(Base):
    """A vendor's saved search (query + filters) and where its new matches go: e-mail, webhook, Atom feed."""

    __tablename__ = "saved_search"
    __table_args__ = (UniqueConstraint("name", name="uq_saved_search_name"),
                      UniqueConstraint("unsubscribe_token", name="uq_saved_search_unsubscribe_token"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200))  # unique: the name a vendor knows the search by
    query: Mapped[str] = mapped_column(String(200), default="")
    filters: Mapped[dict] = mapped_column(JSON)  # NoticeFilter fields (JSON-safe values)
    email: Mapped[str | None] = mapped_column(String(320))
    webhook_url: Mapped[str | None] = mapped_column(String(2000))
    feed_token: Mapped[str] = mapped_column(String(64), unique=True)  # the Atom feed's unguessable address
    after_notice_id: Mapped[int] = mapped_column(Integer, default=0)  # alerts cover notices stored after saving
    created_at: Mapped[datetime] = mapped_column(DateTime)
    # the e-mails' one-click unsubscribe link (/unsubscribe/TOKEN): unguessable, not the feed's token (a feed can
    # be shared without handing over the subscription); a new one when the address changes
    unsubscribe_token: Mapped[str] = mapped_column(String(64), default=lambda: secrets.token_urlsafe(24))
    unsubscribed_at: Mapped[datetime | None] = mapped_column(DateTime)  # when the address was unsubscribed


class AlertDelivery(Base):
    """The ledger that makes alerts exactly-once: one row per (saved search, notice, channel), written as
    'pending' before sending (with the idempotency key the message carries) and 'sent' after."""

    __tablename__ = "alert_delivery"
    __table_args__ = (UniqueConstraint("saved_search_id", "notice_id", "channel", name="uq_alert_delivery"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    saved_search_id: Mapped[int] = mapped_column(ForeignKey("saved_search.id", ondelete="CASCADE"), index=True)
    notice_id: Mapped[int] = mapped_column(ForeignKey("notice.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))  # email | webhook
    message_key: Mapped[str] = mapped_column(String(80))  # idempotency key / Message-ID of the message
    status: Mapped[str] = mapped_column(String(16))  # pending | sent | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime)


class JobRun(Base):
    """One firing of a scheduled job (schedules/scheduler.py): what ran, when it was due, how it ended. A firing
    runs to the end at most once: (job_id, scheduled_for) is unique, and a firing whose process died is marked
    interrupted and run again as the next attempt."""

    __tablename__ = "job_run"
    __table_args__ = (UniqueConstraint("job_id", "scheduled_for", name="uq_job_run_firing"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[str] = mapped_column(String(100), index=True)
    scheduled_for: Mapped[datetime] = mapped_column(DateTime)  # Beijing time, naive, as every time in the store
    started_at: Mapped[datetime] = mapped_column(DateTime)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime)
    outcome: Mapped[str] = mapped_column(String(20))  # running | ok | failed | skipped | interrupted
    attempt: Mapped[int] = mapped_column(Integer, default=1)
    duration_s: Mapped[float | None] = mapped_column(Float)
    message: Mapped[str | None] = mapped_column(Text)
    host: Mapped[str | None] = mapped_column(String(255))
    pid: Mapped[int | None] = mapped_column(Integer)


class SchedulerLock(Base):
    """One scheduler at a time: the holder renews heartbeat_at; a holder whose heartbeat is stale, or whose
    process on this host is gone, may be replaced."""

    __tablename__ = "scheduler_lock"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)
    holder: Mapped[str] = mapped_column(String(300))
    host: Mapped[str] = mapped_column(String(255))
    pid: Mapped[int] = mapped_column(Integer)
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime)
