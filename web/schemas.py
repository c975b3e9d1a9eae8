"""What the web's routes accept and answer, as OpenAPI documents it: the JSON models, the saved-search form, the
error responses, and the Chinese wording of a request that fails validation."""

from __future__ import annotations

from typing import Any

from fastapi.exceptions import RequestValidationError
from pydantic import BaseModel, Field, create_model

from common.contract import NOTICE_FIELDS


class ErrorBody(BaseModel):
    """Every error of the JSON API."""
    error: str


class NoticeItem(BaseModel):
    """A notice in the API: its fields as stored, amounts in yuan as decimal strings, times in ISO 8601."""
    id: int
    title: str | None
    notice_type: str | None
    url: str | None
    published_at: str | None
    buyer: str | None
    buyer_region_code: str | None
    method: str | None
    budget_cny: str | None
    award_cny: str | None
    deadline: str | None
    current_deadline: str | None  # the deadline in force: a correction's new deadline (store/in_force.py)
    project_id: int | None
    relevant: bool | None
    level: str | None
    categories: list[str]
    delivery_model: str | None


_API_TYPE = {"text": str | None, "integer": int | None, "decimal": str | None, "datetime": str | None,
             "json": Any, "list of text": Any}

# every field of the notice-field contract (common/contract.py), so a new field reaches the API from its entry
NoticeDetail = create_model(
    "NoticeDetail", __base__=NoticeItem, __doc__="A notice with every field of the contract, its raw texts and the "
    "classification's evidence.", evidence=(Any, None), model_version=(str | None, None),
    **{f.name: (_API_TYPE[f.kind], None) for f in NOTICE_FIELDS if f.name not in NoticeItem.model_fields})


class SearchResults(BaseModel):
    total: int
    page: int
    per_page: int
    items: list[NoticeItem]


def _api_error(description: str) -> dict:
    return {"model": ErrorBody, "description": description}


def _page_error(description: str) -> dict:
    return {"description": description + "（HTML 页面，中文说明）",
            "content": {"text/html": {"schema": {"type": "string"}}}}


class SearchForm(BaseModel):
    """The form that saves a search (application/x-www-form-urlencoded): the search's own fields plus where to
    deliver new matches."""
    name: str = Field(min_length=1, max_length=200, description="名称")
    q: str = Field("", max_length=1000, description="关键词")
    email: str = Field("", max_length=320, description="邮箱（可选）")
    webhook: str = Field("", max_length=2000, description="Webhook（可选，http(s)，只能是公网地址）")
    region: str = ""
    level: str = ""
    category: str = ""
    delivery_model: str = ""
    method: str = ""
    notice_type: str = ""
    min_amount: str = ""
    max_amount: str = ""
    published_from: str = ""
    published_to: str = ""
    deadline_days: str = ""
    relevant: str = ""
    scope: str = Field("", max_length=10, description="all（标题和正文）或 title（只搜标题）")


_VALIDATION = {"int_parsing": "应为整数", "int_from_float": "应为整数", "missing": "必填",
               "greater_than_equal": "应不小于 {ge}", "less_than_equal": "应不大于 {le}",
               "string_too_long": "最多 {max_length} 个字符", "string_too_short": "至少 {min_length} 个字符",
               "string_type": "应为文字"}


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for e in exc.errors()[:5]:
        loc = [str(x) for x in e.get("loc", ()) if x not in ("body", "query", "path")]
        template = _VALIDATION.get(e.get("type", ""))
        try:
            why = template.format(**(e.get("ctx") or {})) if template else str(e.get("msg", ""))
        except (KeyError, IndexError, ValueError):
            why = str(e.get("msg", ""))
        parts.append(f"{'.'.join(loc) or '参数'} {why}")
    return "参数不对：" + "；".join(parts or ["请求无法读取"])
