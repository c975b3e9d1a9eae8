"""What every `tenders` command shares: the user error, JSON output, the store a command reads."""

from __future__ import annotations

import functools
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal

import click

from common.notice_types import FILTERABLE



class UserError(click.ClickException):
    """A problem the user can fix; printed as one line, exit code 1."""


def _json_default(value):  # noqa: ANN001, ANN202
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def _dump(obj) -> str:  # noqa: ANN001
    return json.dumps(obj, ensure_ascii=False, default=_json_default)




@contextmanager
def store_session(create: bool = False) -> Iterator:
    """The session factory of the configured store for one command; its engine is disposed after, whatever
    happens. ``create`` False (a command that only reads): a missing store is an error, never a new empty one."""
    from store.db import open_store

    engine, Session = open_store(create=create)
    try:
        yield Session
    finally:
        engine.dispose()


def _at() -> str:
    """`` (store: …)`` for a summary line: the resolved store, a PostgreSQL password hidden."""
    from common.config import store_label

    return f" (store: {store_label()})"




# (option, NoticeFilter field, the option's keyword, needs dates): the filters of export, search and saved searches
_FILTERS = [
    (click.option("--region", help="GB/T 2260 code prefix (43, 4301, 430121) or a division name (湖南省, 长沙市)."),
     "region", "region", False),
    (click.option("--level", help="中央, 省级, 地市级, 区县级 or 新区或开发区."), "level", "level", False),
    (click.option("--category", help="系统/场景, 数据, 基础设施, 安全 or 综合."), "category", "category", False),
    (click.option("--delivery-model", help="EPC, PPP, 政府购买服务 or 其他."), "delivery_model", "delivery_model", False),
    (click.option("--method", help="采购方式 as stored (公开招标, 竞争性磋商, 单一来源 …)."), "method", "method", False),
    (click.option("--notice-type", help=", ".join(FILTERABLE) + "."), "notice_type", "notice_type", False),
    (click.option("--min-amount", type=click.FloatRange(min=0), help="Minimum amount in yuan (award, else budget)."),
     "min_amount", "min_amount", False),
    (click.option("--max-amount", type=click.FloatRange(min=0), help="Maximum amount in yuan."), "max_amount", "max_amount", False),
    (click.option("--from", "date_from", type=click.DateTime(["%Y-%m-%d"]),
                  help="Published on or after (YYYY-MM-DD)."), "published_from", "date_from", True),
    (click.option("--to", "date_to", type=click.DateTime(["%Y-%m-%d"]), help="Published before (YYYY-MM-DD)."),
     "published_to", "date_to", True),
    (click.option("--deadline-within", type=click.IntRange(0, 3650), help="Bid deadline in the next N days."),
     "deadline_within_days", "deadline_within", True),
    (click.option("--relevant", is_flag=True, help="Only smart-city / government-ICT notices."), "relevant_only", "relevant",
     False),
]


def filter_options(dates: bool = True):  # noqa: ANN201
    """The notice filters as options (one definition for export, search and alerts add); the command receives
    ``notice_filter``, a checked NoticeFilter (a filter that cannot select anything is a usage error, exit 2).
    ``dates`` False leaves out the date filters (a saved search keeps no dates)."""
    chosen = [(opt, field, kw) for opt, field, kw, needs_dates in _FILTERS if dates or not needs_dates]

    def decorate(command):  # noqa: ANN001, ANN202
        @functools.wraps(command)
        def with_filter(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            from store.filters import FilterError, NoticeFilter

            values = {}
            for _, field, kw in chosen:
                value = kwargs.pop(kw)
                if field in ("min_amount", "max_amount") and value is not None:
                    value = Decimal(str(value))
                values[field] = value
            f = NoticeFilter(**values)
            try:
                f.check()
                f.region_prefix()
            except FilterError as exc:
                raise click.UsageError(str(exc)) from None
            return command(*args, notice_filter=f, **kwargs)

        for opt, _, _ in reversed(chosen):
            with_filter = opt(with_filter)
        return with_filter

    return decorate

