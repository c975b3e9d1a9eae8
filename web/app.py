"""`tenders serve`: FastAPI with server-rendered Jinja2 pages (they work without JavaScript) and a JSON API
(OpenAPI at /openapi.json).

Pages: / (search with filters), /notices/{id} (every field with its raw text, the classification with its evidence,
the source link, the archived page), /projects/{id} (the timeline of a project's notices), /reports/ (the weekly
report archive). API: /api/search, /api/notices/{id}. Scraped text is autoescaped everywhere; a source URL that is
not http(s) is never a link; the archived page is served as plain text under a sandboxing CSP; errors are pages
that say what went wrong, never a traceback.

What it refuses: a state-changing request (POST, PUT, PATCH, DELETE) whose Origin — or, without one, Referer — is
present and is not this app's own origin (the request's scheme and host, or TENDERWATCH_BASE_URL) gets 403; a
request with neither header (curl, scripts) passes. Bad input is 400 (a filter or query the search refuses) or 422
(a parameter of the wrong type or range), an id that cannot exist (beyond the id columns' 32 bits) is 404: JSON ``{"error": …}``
under /api/, a page with the message in Chinese elsewhere. Links are relative, or absolute from
TENDERWATCH_BASE_URL, never built from the Host header. Every status a route gives is declared in /openapi.json.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import select
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.routing import Match

from common.contract import NOTICE_FIELDS
from common.labels import CATEGORIES, DELIVERY_MODELS, LEVELS
from reports.format import money, safe_url, wan
from store.filters import FilterError, NoticeFilter
from store.projects import project_figures
from store.models import (Classification, ClassificationCategory, Notice, Organization, Project, ProjectLink,
                          RawPage, SavedSearch)
from store.facets import FACETS, facets
from store.search import SORTS, QueryError, search, without_control
from web import views
from common.origins import configured_base_url, origin_of
from web.searches import add_routes as add_search_routes
from web.schemas import (NoticeDetail, SearchResults, _api_error, _page_error,
                         _validation_message)
from common.clock import beijing_now
from common.notice_types import FILTERABLE
from parsers.methods import METHODS as METHOD_OCDS

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
TEMPLATES.env.filters["wan"] = lambda v: "" if v is None else wan(v)
TEMPLATES.env.filters["money"] = money  # an amount with its unit, 未公布 when unknown
TEMPLATES.env.filters["mark"] = lambda text, words: views.marked(text, words)
TEMPLATES.env.globals.update(levels=LEVELS, categories=CATEGORIES, models=DELIVERY_MODELS, safe_url=safe_url,
                             sorts=list(SORTS))
NOTICE_TYPES = FILTERABLE
METHODS = tuple(METHOD_OCDS)  # the 政府采购法 methods, the search's choice list
TEMPLATES.env.globals["notice_types"] = NOTICE_TYPES
CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"
# same-origin, not no-referrer: under no-referrer a browser sends "Origin: null" with the page's own form POST
REFERRER_POLICY = "same-origin"
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
MAX_ID = 2 ** 31 - 1  # ids are INTEGER columns (32-bit on PostgreSQL, 64 on SQLite): beyond, none can exist


def create_app(db_url: str | None = None, reports: Path | None = None, archive: Path | None = None,
               base_url: str | None = None) -> FastAPI:
    """``base_url`` (default TENDERWATCH_BASE_URL) is the public address: absolute links (the Atom feed) are built
    from it, and it counts as the app's own origin besides the request's scheme and host."""
    from store.archive import RawArchive
    from store.db import open_store
    from common.config import archive_dir, reports_dir

    engine, Session = open_store(db_url)
    reports = reports or reports_dir()
    raw = RawArchive(archive or archive_dir())
    base_url = (base_url or configured_base_url() or "").rstrip("/") or None
    if base_url and origin_of(base_url) is None:
        raise ValueError(f"TENDERWATCH_BASE_URL must be an http(s) URL, not {base_url!r}")
    app = FastAPI(title="tenderwatch", description="Chinese government procurement for the smart-city market",
                  docs_url=None, redoc_url=None)  # the interactive docs load scripts from a CDN: not here

    def error(request: Request, status: int, message: str, headers: dict | None = None) -> Response:
        """An error: JSON {"error": …} under /api/, a page with the message elsewhere."""
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=status, headers=headers)
        return TEMPLATES.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                          status_code=status, headers=headers)

    def own_origins(request: Request) -> set[str]:
        try:
            own = {origin_of(str(request.base_url))}
        except ValueError:  # a Host header that makes no URL
            own = set()
        return {o for o in own | {origin_of(base_url)} if o}

    def foreign_origin(request: Request) -> str | None:
        """The Origin (or, without one, the Referer) of a state-changing request when it is not this app's own."""
        if request.method not in STATE_CHANGING:
            return None
        sent = request.headers.get("origin")
        if sent is None:
            sent = request.headers.get("referer")
        if sent is None:
            return None  # curl, scripts: no browser to abuse
        return None if origin_of(sent) in own_origins(request) else (sent.strip()[:100] or "（空）")

    def allowed_methods(request: Request) -> list[str]:
        methods: set[str] = set()
        for route in app.router.routes:
            match, _ = route.matches({**request.scope, "method": "GET"})
            if match != Match.NONE:
                methods |= set(getattr(route, "methods", None) or ())
        return sorted(methods)

    @app.middleware("http")
    async def headers(request: Request, call_next):  # noqa: ANN001, ANN202
        foreign = foreign_origin(request)
        if foreign is not None:
            response = error(request, 403, f"拒绝跨站请求：来源 {foreign} 不是本站，修改数据只能从本站页面提交")
        else:
            response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = REFERRER_POLICY
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):  # noqa: ANN202
        message, headers = exc.detail, getattr(exc, "headers", None)
        if exc.status_code == 405:  # Starlette names the methods of one route only: name those of every route here
            allow = ", ".join(allowed_methods(request)) or (headers or {}).get("Allow", "")
            headers = {**(headers or {}), "Allow": allow}
            message = f"不支持 {request.method} 请求：这里只接受 {allow}"
        elif exc.status_code == 404 and message == "Not Found":
            message = "没有这个页面"
        return error(request, exc.status_code, str(message), headers=headers)

    @app.exception_handler(RequestValidationError)
    async def bad_input(request: Request, exc: RequestValidationError):  # noqa: ANN202
        return error(request, 422, _validation_message(exc))

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception):  # noqa: ANN202 - a bug: one line, no traceback shown
        return error(request, 500, f"内部错误：{type(exc).__name__}")

    def run_search(params: dict, with_facets: bool = False) -> dict:
        """Search for the page and the API alike; bad input is a message (``error``), answered with 400."""
        params = {k: without_control(v) if isinstance(v, str) else v for k, v in params.items()}
        out = {"params": params, "error": None, "page": None, "facets": {}}
        try:
            f = _filter(params)
            scope = params.get("scope") or "all"
            with Session() as s:
                out["page"] = search(s, params.get("q"), f, params.get("sort") or "date", params.get("page") or 1,
                                     scope=scope)
                out["page"].items = [(n, c, _cats(s, c)) for n, c in out["page"].items]
                if with_facets:
                    out["facets"] = facets(s, out["page"].query, f, scope)
        except QueryError as exc:
            out["error"] = str(exc)
        except FilterError as exc:  # store.filters words some of these in English: say in Chinese what it is
            out["error"] = f"筛选条件不对：{exc}"
        return out

    search_errors_page = {400: _page_error("筛选条件或查询不对"), 422: _page_error("参数类型或范围不对")}
    search_errors_api = {400: _api_error("筛选条件或查询不对"), 422: _api_error("参数类型或范围不对")}

    @app.get("/", response_class=HTMLResponse, responses=search_errors_page)
    def home(request: Request, q: str | None = None, region: str | None = None, level: str | None = None,
             category: str | None = None, delivery_model: str | None = None, method: str | None = None,
             notice_type: str | None = None, min_amount: str | None = None, max_amount: str | None = None,
             published_from: str | None = None, published_to: str | None = None, deadline_days: str | None = None,
             relevant: str | None = None, sort: str | None = None, scope: str | None = None,
             page: int = Query(1, ge=1, le=10_000)):
        out = run_search(_search_params(locals()), with_facets=True)
        kept = {k: v for k, v in out["params"].items() if k != "page"}
        out["page_link"] = lambda n: "?" + urlencode({**kept, "page": n})  # relative: never from the Host header
        out["facet_link"] = lambda name, value: "?" + urlencode({**kept, name: value})
        out["facet_names"] = dict(FACETS)
        out["methods"] = METHODS
        out["now"] = beijing_now()
        words = out["page"].query.include if out["page"] else []
        out["words"] = words
        out["snippets"] = {n.id: views.snippet(n.text, words) for n, _, _ in (out["page"].items if out["page"] else [])}
        return TEMPLATES.TemplateResponse(request, "search.html", out, status_code=400 if out["error"] else 200)

    @app.get("/api/search", response_model=SearchResults, responses=search_errors_api)
    def api_search(q: str | None = None, region: str | None = None, level: str | None = None,
                   category: str | None = None, delivery_model: str | None = None, method: str | None = None,
                   notice_type: str | None = None, min_amount: str | None = None, max_amount: str | None = None,
                   published_from: str | None = None, published_to: str | None = None,
                   deadline_days: str | None = None, relevant: str | None = None, sort: str | None = None,
                   scope: str | None = None, page: int = Query(1, ge=1, le=10_000)) -> Any:
        """Search notices: words (all must occur), "exact phrases", -excluded words, in the title and text (scope=all)
        or the title only (scope=title); filters as on the page."""
        out = run_search(_search_params(locals()))
        if out["error"]:
            return JSONResponse({"error": out["error"]}, status_code=400)
        p = out["page"]
        return {"total": p.total, "page": p.page, "per_page": p.per_page,
                "items": [_notice_json(n, c, cats) for n, c, cats in p.items]}

    no_notice_page = {404: _page_error("没有这条公告"), 422: _page_error("id 不是整数")}

    @app.get("/notices/{nid}", response_class=HTMLResponse, responses=no_notice_page)
    def notice_page(request: Request, nid: int):
        from common.clock import beijing_now

        with Session() as s:
            n, c, cats, project = _load(s, nid)
            timeline = s.execute(select(Notice).where(Notice.project_id == n.project_id)
                                 .order_by(Notice.published_at, Notice.id)).scalars().all() if n.project_id else []
            return TEMPLATES.TemplateResponse(request, "notice.html", {
                "n": n, "c": c, "cats": cats, "project": project, "timeline": timeline,
                "left": views.days_left(n.current_deadline or n.deadline, beijing_now()),
                "body": views.paragraphs(n.text), "contacts": views.contact_rows(n.contacts),
                "lots": views.lot_rows(n.lots, n.suppliers)})

    @app.get("/api/notices/{nid}", response_model=NoticeDetail,
             responses={404: _api_error("没有这条公告"), 422: _api_error("id 不是整数")})
    def api_notice(nid: int) -> Any:
        with Session() as s:
            n, c, cats, _ = _load(s, nid)
            return _notice_json(n, c, cats, full=True)

    def archived_page(nid: int):  # noqa: ANN202
        with Session() as s:
            n = s.get(Notice, nid) if 0 < nid <= MAX_ID else None
            page = s.get(RawPage, n.raw_page_id) if n is not None and n.raw_page_id else None
            if page is None:
                raise HTTPException(404, "这条公告没有存档页面")
            try:
                body = raw.get(page.archive_key)
            except (OSError, ValueError):
                raise HTTPException(404, "存档页面读不到了") from None
            return n, page, body

    no_archive = {404: _page_error("没有这条公告或它的存档页面"), 422: _page_error("id 不是整数")}

    @app.get("/notices/{nid}/archived", response_class=HTMLResponse, responses=no_archive)
    def archived(request: Request, nid: int):
        """The archived page as the site showed its text: every tag and script dropped, the text autoescaped."""
        n, page, body = archived_page(nid)
        return TEMPLATES.TemplateResponse(request, "archived.html", {
            "n": n, "page": page, "text": views.page_text(body, page.encoding)})

    @app.get("/notices/{nid}/archived/source", response_class=PlainTextResponse, responses=no_archive)
    def archived_source(nid: int):
        _, page, body = archived_page(nid)
        # the raw page as text: never rendered as HTML, whatever it contains
        text = body.decode(page.encoding or "utf-8", errors="replace")
        return PlainTextResponse(text, headers={"Content-Security-Policy": "sandbox; default-src 'none'"})

    @app.get("/projects/{pid}", response_class=HTMLResponse,
             responses={404: _page_error("没有这个项目"), 422: _page_error("id 不是整数")})
    def project_page(request: Request, pid: int):
        with Session() as s:
            project = s.get(Project, pid) if 0 < pid <= MAX_ID else None
            if project is None:
                raise HTTPException(404, "没有这个项目")
            notices = s.execute(select(Notice).where(Notice.project_id == pid)
                                .order_by(Notice.published_at, Notice.id)).scalars().all()
            links = {link.notice_id: link for link in s.execute(
                select(ProjectLink).where(ProjectLink.project_id == pid)).scalars()}
            timeline = [(n, _newest(s, n.id), links.get(n.id)) for n in notices]
            buyer = s.get(Organization, project.buyer_id) if project.buyer_id else None
            return TEMPLATES.TemplateResponse(request, "project.html", {
                "p": project, "timeline": timeline, "buyer": buyer, "figures": project_figures(notices)})

    @app.get("/reports/", response_class=HTMLResponse)
    def report_archive(request: Request):
        weeks = sorted((p.stem for p in reports.glob("*.html") if re.fullmatch(r"\d{4}-W\d{2}", p.stem)),
                       reverse=True) if reports.is_dir() else []
        return TEMPLATES.TemplateResponse(request, "reports.html", {"weeks": weeks})

    @app.get("/reports/{name}", response_class=FileResponse, responses={
        200: {"description": "周报（HTML 或 CSV）", "content": {"text/html": {}, "text/csv": {}}},
        404: _page_error("没有这个文件"), 422: _page_error("参数不对")})
    def report_file(name: str):
        if not re.fullmatch(r"\d{4}-W\d{2}(\.[a-z_]+)?\.(html|csv)|index\.html", name):
            raise HTTPException(404, "没有这个文件")
        path = reports / name
        if not path.is_file():
            raise HTTPException(404, "没有这份周报：先运行 tenders report")
        return FileResponse(path, media_type="text/html; charset=utf-8" if name.endswith(".html") else
                            "text/csv; charset=utf-8")

    add_search_routes(app, Session, TEMPLATES, _filter)  # /searches, edit, delete, /unsubscribe: web/searches.py

    @app.get("/feeds/{token}.atom", response_class=Response, responses={
        200: {"description": "Atom 订阅源", "content": {"application/atom+xml": {"schema": {"type": "string"}}}},
        404: _page_error("没有这个订阅"), 422: _page_error("参数不对")})
    def feed(token: str):
        from schedules.alerts import atom

        with Session() as s:
            ss = s.execute(select(SavedSearch).where(SavedSearch.feed_token == token)).scalar()
            if ss is None:
                raise HTTPException(404, "没有这个订阅")
            xml = atom(s, ss, base_url or "")  # links: absolute from the configured base URL, else relative
        return Response(xml, media_type="application/atom+xml; charset=utf-8")

    app.state.engine = engine
    return app


SEARCH_PARAMS = ("q", "region", "level", "category", "delivery_model", "method", "notice_type", "min_amount",
                 "max_amount", "published_from", "published_to", "deadline_days", "relevant", "sort", "scope", "page")


def _search_params(given: dict) -> dict:
    """A search route's parameters that were given: its locals() also hold the closure's names (run_search), which
    must never reach the search or the page's form."""
    return {k: given[k] for k in SEARCH_PARAMS if given.get(k) not in (None, "")}


def _decimal(v: str | None, name: str) -> Decimal | None:
    if v in (None, ""):
        return None
    try:
        d = Decimal(str(v).replace(",", ""))
    except InvalidOperation:
        raise FilterError(f"{name} 不是数字：{str(v)[:30]!r}") from None
    if not d.is_finite() or d < 0:
        raise FilterError(f"{name} 必须是非负数")
    if d > 10 ** 11:  # 万元: 10^15 yuan
        raise FilterError(f"{name} 过大")
    return d * 10_000  # the form asks for 万元


def _date(v: str | None, name: str) -> datetime | None:
    if v in (None, ""):
        return None
    try:
        return datetime.strptime(str(v)[:10], "%Y-%m-%d")
    except ValueError:
        raise FilterError(f"{name} 应为 YYYY-MM-DD：{str(v)[:30]!r}") from None


def _filter(p: dict) -> NoticeFilter:
    days = p.get("deadline_days")
    if days not in (None, "") and not str(days).isdigit():
        raise FilterError("截止天数应为整数")
    f = NoticeFilter(region=p.get("region"), level=p.get("level"), category=p.get("category"),
                     delivery_model=p.get("delivery_model"), method=p.get("method"), notice_type=p.get("notice_type"),
                     min_amount=_decimal(p.get("min_amount"), "最低金额"), max_amount=_decimal(p.get("max_amount"), "最高金额"),
                     published_from=_date(p.get("published_from"), "发布起始日"),
                     published_to=_date(p.get("published_to"), "发布截止日"),
                     deadline_within_days=int(days) if days not in (None, "") else None,
                     relevant_only=p.get("relevant") in ("1", "on", "true"))
    f.check()
    f.region_prefix()
    return f


def _newest(s, nid: int) -> Classification | None:  # noqa: ANN001
    return s.execute(select(Classification).where(Classification.notice_id == nid)
                     .order_by(Classification.id.desc()).limit(1)).scalar()


def _cats(s, c: Classification | None) -> list[str]:  # noqa: ANN001
    if c is None:
        return []
    rows = s.execute(select(ClassificationCategory.category, ClassificationCategory.confidence)
                     .where(ClassificationCategory.classification_id == c.id)).all()
    return [cat for cat, _ in sorted(rows, key=lambda r: -(r[1] or 0))]


def _load(s, nid: int):  # noqa: ANN001, ANN202
    n = s.get(Notice, nid) if 0 < nid <= MAX_ID else None
    if n is None:
        raise HTTPException(404, "没有这条公告")
    c = _newest(s, nid)
    return n, c, _cats(s, c), s.get(Project, n.project_id) if n.project_id else None


def _notice_json(n: Notice, c: Classification | None, cats: list[str], full: bool = False) -> dict:
    out = {"id": n.id, "title": n.title, "notice_type": n.notice_type, "url": n.url,
           "published_at": n.published_at.isoformat() if n.published_at else None, "buyer": n.buyer_raw,
           "buyer_region_code": n.buyer_region_code, "method": n.method,
           "budget_cny": str(n.budget_cny) if n.budget_cny is not None else None,
           "award_cny": str(n.award_cny) if n.award_cny is not None else None,
           "deadline": n.deadline.isoformat() if n.deadline else None,
           "current_deadline": n.current_deadline.isoformat() if n.current_deadline else None, "project_id": n.project_id,
           "relevant": None if c is None else c.relevant, "level": None if c is None else c.level,
           "categories": cats, "delivery_model": None if c is None else c.delivery_model}
    if full:  # every field of the contract (web/schemas.py NoticeDetail declares the same list)
        out |= {f.name: _api_value(getattr(n, f.column or f.name)) for f in NOTICE_FIELDS if f.name not in out}
        out |= {"evidence": None if c is None else c.evidence, "model_version": None if c is None else c.model_version}
    return out


def _api_value(v):  # noqa: ANN001, ANN202
    """Amounts as decimal strings, times in ISO 8601, the rest as stored."""
    if isinstance(v, Decimal):
        return str(v)
    return v.isoformat() if isinstance(v, datetime) else v
