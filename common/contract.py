"""The notice-field contract: every field a parser fills, defined once — its name, type, raw companion, what the
store keeps of it and how exports show it. The store's upsert (store.notices.save_notice), the export columns and
docs/data-dictionary.md (store.export), the evaluation's list of scored fields and a consistency test on the
model's columns (tests/test_contract.py) all read this list; a new field is one entry here (plus the parser that
fills it, and the Notice column with its migration, which the test asks for).

Kinds: text, integer, decimal (yuan), datetime (Beijing time, naive), json, list of text.

Export metadata: ``export`` names the column (or hides the field), ``export_kind`` / ``to_export`` say how it is shown,
``parts`` draw columns from a JSON object, and ``appended`` places a field's columns after the first release's
columns, so that researchers' column positions never move (store/export.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from typing import Any, TypedDict

from common.clock import iso


@dataclass(frozen=True)
class Part:
    """One export column drawn from a JSON field (the PPP terms)."""
    key: str
    kind: str
    description: str
    to_export: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class NoticeField:
    name: str  # the key in a parser's output
    kind: str
    description: str
    column: str | None = None  # the Notice column (default: name)
    raw: str | None = None  # the field that keeps the text this one was read from (budget_cny → budget_raw)
    cap: int | None = None  # characters the store keeps
    empty: Any = None  # what the store keeps when the parser gives nothing ([] for lists)
    export: str | None = None  # the export column (default: name); "" for none
    export_kind: str | None = None  # when the export shows it otherwise (suppliers: their names)
    parts: tuple[Part, ...] = ()  # export columns ``name_key`` drawn from a JSON object instead of the field
    to_export: Callable[[Any], Any] | None = None
    scored: bool = False  # `tenders eval parse` scores it against labelled notices
    appended: bool = False  # exported after the first release's columns, in contract order (added later)

    @property
    def store_column(self) -> str:
        return self.column or self.name

    @property
    def export_columns(self) -> list[tuple[str, str, str]]:
        """(column, kind, description) of each export column this field gives."""
        if self.export == "":
            return []
        if self.parts:
            return [(f"{self.export or self.name}_{p.key}", p.kind, p.description) for p in self.parts]
        return [(self.export or self.name, self.export_kind or self.kind, self.description)]

    def exported(self, stored: Any) -> list[Any]:
        """The values of this field's export columns, from what the store holds."""
        if self.parts:
            obj = stored if isinstance(stored, dict) else {}
            return [(p.to_export or _same)(_typed(p.kind, obj.get(p.key))) for p in self.parts]
        return [self.to_export(stored) if self.to_export else stored]


def _typed(kind: str, value: Any) -> Any:
    """A JSON part's value as its export column's kind (a JSON column keeps decimals as strings); None when it
    is not one."""
    if value is None:
        return None
    if kind == "decimal":
        try:
            return Decimal(str(value))
        except ArithmeticError:
            return None
    if kind == "boolean":
        return value if isinstance(value, bool) else None
    if kind == "integer":
        return value if isinstance(value, int) and not isinstance(value, bool) else None
    return value


def _same(value: Any) -> Any:
    return value


def zoned(value: Any) -> Any:
    """A date and time kept as text (ISO 8601, naive Beijing time) with its offset: ``2025-10-22T23:59:00+08:00``; a
    date alone (``2025-10-22``) has no time to zone and stays as it is."""
    if isinstance(value, str) and "T" in value:
        try:
            return iso(datetime.fromisoformat(value))
        except ValueError:
            return value
    return value


def jsonable(value: Any) -> Any:
    """A value for a JSON column: decimals as strings, times in ISO 8601, containers walked."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    return value


def _names(suppliers: Any) -> list[str]:
    return [s.get("name") for s in (suppliers or []) if isinstance(s, dict) and s.get("name")]


TEXT_CAP = 100_000  # characters of body text kept for search (the whole page stays in the raw archive)

# In export order (the store's order does not matter); fields with export="" are stored, not exported.
NOTICE_FIELDS: tuple[NoticeField, ...] = (
    NoticeField("notice_type", "text", "招标/采购公告, 中标/成交公告, 更正公告, 终止/废标公告, 合同公告, 资格预审公告",
                scored=True),
    NoticeField("title", "text", "the notice's title as published"),
    NoticeField("text", "text", "the body as read (what search reads)", cap=TEXT_CAP, export=""),
    NoticeField("published_at", "datetime", "publication time, Beijing time (UTC+8), ISO 8601", raw="published_raw"),
    NoticeField("published_raw", "text", "the publication time as printed", cap=100, export=""),
    NoticeField("project_code", "text", "项目编号 as published", scored=True),
    NoticeField("plan_code", "text", "采购计划编号 as published", cap=200, export=""),
    NoticeField("buyer", "text", "采购人 as published", column="buyer_raw", scored=True),
    NoticeField("buyer_region", "text", "the buyer's 行政区域 as published"),
    NoticeField("buyer_address", "text", "the buyer's address as published", export=""),
    NoticeField("buyer_region_code", "text", "GB/T 2260 code of the buyer's division (6 digits)"),
    NoticeField("agency", "text", "采购代理机构 as published", column="agency_raw", scored=True),
    NoticeField("method", "text", "采购方式 in Chinese (公开招标, 竞争性磋商, 单一来源 …)", scored=True),
    NoticeField("method_ocds", "text", "the method in OCDS terms: open, selective, limited, direct"),
    NoticeField("budget_cny", "decimal", "预算金额 in yuan (元/万元/亿元 and 大写 normalised)", raw="budget_raw",
                scored=True),
    NoticeField("budget_raw", "text", "预算金额 as printed", export=""),
    NoticeField("max_price_cny", "decimal", "最高限价 / 招标控制价 in yuan", raw="max_price_raw", scored=True),
    NoticeField("max_price_raw", "text", "最高限价 as printed", export=""),
    NoticeField("award_cny", "decimal", "中标/成交金额 in yuan", raw="award_raw", scored=True),
    NoticeField("award_raw", "text", "中标/成交金额 as printed", export=""),
    NoticeField("rate_raw", "text", "下浮率 / 费率 as printed: not an amount, kept apart", export=""),
    NoticeField("suppliers", "json", "中标/成交供应商 names (CSV/Excel: joined with '; ')", export_kind="list of text",
                to_export=_names, empty=[], scored=True),
    NoticeField("deadline", "datetime", "投标截止 / 开标 time, Beijing time", raw="deadline_raw"),
    NoticeField("deadline_raw", "text", "the deadline as printed", cap=100, export=""),
    NoticeField("opening", "datetime", "开标 / 响应文件开启 time, Beijing time (parsers/opening.py)", raw="opening_raw"),
    NoticeField("opening_raw", "text", "the opening time as printed", cap=100, export=""),
    NoticeField("opening_place", "text", "开标地点 as printed", cap=200),
    NoticeField("documents", "json", "获取采购文件: {from, to, place, price_cny, raw}; from / to as printed: a date or a "
                "date and time (parsers/documents.py)", parts=(
        Part("from", "text", "获取采购文件 from: ISO 8601 date, or date and time with +08:00 when a time is printed",
             to_export=zoned),
        Part("to", "text", "获取采购文件 until: ISO 8601 date, or date and time with +08:00 when a time is printed",
             to_export=zoned),
        Part("price_cny", "decimal", "the procurement documents' price in yuan (0 when free)"))),
    NoticeField("qualification", "json", "资格要求 summary: {consortium, sme_only, sme_reserved, raw}, null where the "
                "notice does not say (parsers/qualification.py)", parts=(
        Part("consortium", "boolean", "联合体 may bid (本项目（是/否）接受联合体投标); empty when not stated"),
        Part("sme_only", "boolean", "专门面向中小企业 (the purchase is reserved for SMEs); empty when not stated"))),
    NoticeField("period_days", "integer", "service or delivery period in days, when stated in days", raw="period_raw",
                scored=True),
    NoticeField("period_months", "integer", "service or delivery period in months, when stated in months or years",
                raw="period_raw"),
    NoticeField("period_raw", "text", "the period as printed", export=""),
    NoticeField("attachments", "json", "the notice's attachments (name, URL)", empty=[], export=""),
    NoticeField("contacts", "json", "contacts for vendors' follow-up by role: {buyer, agency, project: {name, phone}, "
                "others: [{name, phone}]}, name and phone as printed, a role the notice lacks absent "
                "(parsers/contacts.py)", empty={}, appended=True),
    NoticeField("ppp", "json", "PPP terms", parts=(
        Part("return_mechanism", "text", "PPP 回报机制 (政府付费, 使用者付费, 可行性缺口补助) when stated"),
        Part("operation_mode", "text", "PPP 运作方式 (BOT, TOT, BOO …) when stated"),
        Part("cooperation_years", "integer", "PPP 合作期限 in years when stated"))),
    NoticeField("lots", "json", "the lots (包/标段): [{lot, name, budget_cny, award_cny, suppliers}], amounts in yuan as "
                "strings, suppliers by name; a key the notice does not give is absent (parsers/dispatch.py)", empty=[],
                appended=True),
    NoticeField("changes", "json", "a 更正公告's changes: what, old, new, and the field the new value sets "
                "(parsers/corrections.py)", empty=[], export=""),
    NoticeField("contract", "json", "a 合同公告's contract: {number, name, supplier, amount_cny, signed_date, term, raw} "
                "(parsers/contract_notice.py; its amount is also award_cny)", parts=(
        Part("number", "text", "合同编号 as published"),
        Part("name", "text", "合同名称 as published"),
        Part("amount_cny", "decimal", "合同金额 in yuan (also award_cny)"),
        Part("signed_date", "text", "合同签订日期, YYYY-MM-DD"),
        Part("term", "text", "履约期限 (and place) as published"))),
    NoticeField("termination_reason", "text", "a 终止/废标公告's reason (项目终止的原因) as printed (parsers/termination.py)"),
    NoticeField("intents", "json", "a 采购意向公开's planned purchases: [{name, summary, budget_cny, planned (YYYY-MM), "
                "raw}] (parsers/intents.py)", empty=[], export=""),
    NoticeField("warnings", "list of text", "what a reader would expect in the notice but the parser did not find",
                empty=[], to_export=lambda v: list(v or [])),
)
BY_NAME = {f.name: f for f in NOTICE_FIELDS}
# what parsers also return and the store does not keep as a field, with the reason
UNSTORED = {"notice_type_raw": "the label the type was read from: the notice type is stored normalised",
            "parser_version": "stored as the notice's parse_version",
            "platform": "the trading platform a ggzy notice came from (信息来源): kept with the archived page "
                        "(list_meta shell_platform), not a notice column yet"}
SCORED = tuple(f.name for f in NOTICE_FIELDS if f.scored)


def stored_values(fields: dict, contract: tuple[NoticeField, ...] = NOTICE_FIELDS) -> dict[str, Any]:
    """A parser's output as Notice column values: capped, JSON fields made JSON-able, empties filled."""
    out: dict[str, Any] = {}
    for f in contract:
        value = fields.get(f.name)
        if f.cap:
            value = (value or None) and value[:f.cap]
        if f.empty is not None:
            value = value or (list(f.empty) if isinstance(f.empty, list) else f.empty)
        if f.kind == "json":
            value = jsonable(value)
        elif f.kind == "list of text":
            value = list(value or [])
        out[f.store_column] = value
    return out


_PY = {"text": str, "integer": int, "decimal": Decimal, "datetime": datetime, "json": (list, dict),
       "list of text": list}

# What a parser returns, typed from the contract: every key optional (a parser gives what it found)
NoticeFields = TypedDict("NoticeFields", {f.name: Any for f in NOTICE_FIELDS} | {k: Any for k in UNSTORED},
                         total=False)


def contract_errors(fields: dict, contract: tuple[NoticeField, ...] = NOTICE_FIELDS) -> list[str]:
    """What in a parser's output breaks the contract: keys it does not define (and UNSTORED does not excuse),
    values of another kind than the field's. Empty when the output keeps the contract."""
    known = {f.name: f for f in contract}
    errors = [f"{k}: not a field of the contract" for k in fields if k not in known and k not in UNSTORED]
    for k, v in fields.items():
        f = known.get(k)
        if f is None or v is None:
            continue
        kind = _PY[f.kind]
        if not isinstance(v, kind) or (f.kind == "integer" and isinstance(v, bool)):
            errors.append(f"{k}: {type(v).__name__} where the contract has {f.kind}")
    return errors
