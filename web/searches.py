"""The saved-search pages of `tenders serve`.

/searches lists the saved searches, each with a form to edit it and a button to delete it (POST /searches/ID/edit,
POST /searches/ID/delete); POST /searches saves one (the form under the search results). /unsubscribe/TOKEN is the
one-click link of every alert e-mail: GET shows what it would do and a button, and changes nothing; POST does it,
the button's and a mail client's RFC 8058 one-click POST alike (List-Unsubscribe-Post: List-Unsubscribe=One-Click).
The token is the search's own unguessable unsubscribe token, not its feed token.

A refused form answers 400 with the message in Chinese; a search that does not exist, 404. State changes are POST
only, under the app's Origin check (web/app.py).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Annotated, Callable

from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import select

from store.filters import FilterError, NoticeFilter
from store.models import SavedSearch
from store.search import QueryError, without_control
from web.schemas import SearchForm, _page_error

MAX_ID = 2 ** 31 - 1
NO_STORE = {"Cache-Control": "no-store"}


def _yuan_to_wan(v) -> str:  # noqa: ANN001
    """A stored amount (yuan) as the form asks for it (万元)."""
    try:
        d = Decimal(str(v)) / 10_000
    except (InvalidOperation, ValueError):
        return str(v)
    return format(d.normalize(), "f")


def form_values(ss: SavedSearch) -> dict:
    """A saved search as the edit form's values (the names of the search form, amounts in 万元)."""
    out = {"name": ss.name, "q": ss.query or "", "email": ss.email or "", "webhook": ss.webhook_url or ""}
    for k, v in (ss.filters or {}).items():
        if k in ("min_amount", "max_amount"):
            out[k] = _yuan_to_wan(v)
        elif k == "relevant_only":
            out["relevant"] = "1" if v else ""
        else:
            out[k] = str(v)
    return out


def filter_tags(ss: SavedSearch) -> list[str]:
    """The saved filters as the list shows them (``level=地市级``), amounts in 万元 as the form takes them."""
    return [f"{k}={_yuan_to_wan(v)}万元" if k in ("min_amount", "max_amount") else f"{k}={v}"
            for k, v in (ss.filters or {}).items()]


def add_routes(app: FastAPI, Session, templates, parse_filter: Callable[[dict], NoticeFilter]) -> None:  # noqa: ANN001
    """The saved-search routes on ``app``; ``parse_filter`` reads the search form's filters (web.app._filter)."""

    def _form(form: SearchForm) -> dict:
        return {k: without_control(str(v)) for k, v in form.model_dump().items() if v not in (None, "")}

    def _listing(request: Request, status: int = 200, error: str | None = None, editing: dict | None = None,
                 editing_id: int | None = None) -> Response:
        with Session() as s:
            rows = s.execute(select(SavedSearch).order_by(SavedSearch.id.desc())).scalars().all()
            values = {ss.id: form_values(ss) for ss in rows}
            tags = {ss.id: filter_tags(ss) for ss in rows}
            if editing_id is not None and editing is not None:
                values[editing_id] = editing  # what was entered, shown again beside the message
            return templates.TemplateResponse(request, "searches.html", {
                "searches": rows, "values": values, "tags": tags, "error": error, "editing_id": editing_id},
                status_code=status)

    def _load(s, sid: int) -> SavedSearch:  # noqa: ANN001
        ss = s.get(SavedSearch, sid) if 0 < sid <= MAX_ID else None
        if ss is None:
            raise HTTPException(404, "没有这个保存的搜索（可能已删除）")
        return ss

    refused = _page_error("没有保存（名称重复、空的搜索、筛选、邮箱或 Webhook 不对）")
    cross_site = _page_error("跨站请求（Origin/Referer 不是本站）")

    @app.post("/searches", status_code=303, response_class=RedirectResponse, responses={
        303: {"description": "已保存：转到已保存的搜索"}, 400: refused, 403: cross_site,
        422: _page_error("表单字段缺失或过长")})
    def save_search(request: Request, form: Annotated[SearchForm, Form()]):
        from schedules.alerts import AlertError, create

        params = _form(form)
        try:
            f = parse_filter(params)
            with Session.begin() as s:
                create(s, params.get("name", ""), params.get("q", ""), f, params.get("email"), params.get("webhook"),
                       scope=params.get("scope"))
        except (AlertError, FilterError, QueryError) as exc:
            return templates.TemplateResponse(request, "error.html", {"status": 400, "message": f"没有保存：{exc}"},
                                              status_code=400)
        return RedirectResponse("/searches", status_code=303)

    @app.get("/searches", response_class=HTMLResponse)
    def saved_searches(request: Request):
        return _listing(request)

    @app.post("/searches/{sid}/edit", status_code=303, response_class=RedirectResponse, responses={
        303: {"description": "已修改：转到已保存的搜索"}, 400: refused, 403: cross_site,
        404: _page_error("没有这个保存的搜索"), 422: _page_error("表单字段缺失或过长，或 id 不是整数")})
    def edit_search(request: Request, sid: int, form: Annotated[SearchForm, Form()]):
        from schedules.alerts import AlertError, update

        params = _form(form)
        try:
            f = parse_filter(params)
            with Session.begin() as s:
                update(s, _load(s, sid), params.get("name", ""), params.get("q", ""), f, params.get("email"),
                       params.get("webhook"), scope=params.get("scope"))
        except (AlertError, FilterError, QueryError) as exc:
            return _listing(request, 400, f"没有修改：{exc}", params, sid)
        return RedirectResponse("/searches", status_code=303)

    @app.post("/searches/{sid}/delete", status_code=303, response_class=RedirectResponse, responses={
        303: {"description": "已删除：转到已保存的搜索"}, 403: cross_site, 404: _page_error("没有这个保存的搜索"),
        422: _page_error("id 不是整数")})
    def delete_search(sid: int):
        from schedules.alerts import delete

        with Session.begin() as s:
            delete(s, _load(s, sid))
        return RedirectResponse("/searches", status_code=303)

    bad_link = _page_error("退订链接无效（搜索已删除，或邮箱已改过）")

    def _subscription(s, token: str) -> SavedSearch:  # noqa: ANN001
        from schedules.alerts import by_unsubscribe_token

        ss = by_unsubscribe_token(s, token)
        if ss is None:
            raise HTTPException(404, "退订链接无效：这个保存的搜索已删除，或它的邮箱已改过（旧邮件里的链接随之失效）")
        return ss

    @app.get("/unsubscribe/{token}", response_class=HTMLResponse, responses={404: bad_link,
                                                                            422: _page_error("参数不对")})
    def unsubscribe_page(request: Request, token: str):
        """What the e-mail's link would do, with a button: a GET changes nothing (link scanners follow links)."""
        with Session() as s:
            ss = _subscription(s, token)
            return templates.TemplateResponse(request, "unsubscribe.html", {"ss": ss, "done": False},
                                              headers=NO_STORE)

    @app.post("/unsubscribe/{token}", response_class=HTMLResponse, responses={
        403: cross_site, 404: bad_link, 422: _page_error("参数不对")})
    def unsubscribe(request: Request, token: str):
        """Unsubscribe the search's e-mail address (a mail client's one-click POST too): 200 with a page."""
        from schedules.alerts import unsubscribe as remove_address

        with Session.begin() as s:
            ss = _subscription(s, token)
            address = ss.email
            remove_address(s, ss)
            return templates.TemplateResponse(request, "unsubscribe.html", {"ss": ss, "done": True,
                                                                          "address": address}, headers=NO_STORE)
