"""`tenders serve`: FastAPI with server-rendered Jinja2 pages (they work without JavaScript) and a JSON API
(OpenAPI at /openapi.json).

Pages: / (search with filters), /notices/{id} (every field with its raw text, the classification with its evidence,
the source link, the archived page), /projects/{id} (the timeline of a project's notices), /reports/ (the weekly
report archive). API: /api/search, /api/notices/{id}. Scraped text is autoescaped everywhere; a source URL that is
not http(s) is never a link; the archived page is served as plain text under a sandboxing CSP; errors are pages
that say what went wrong, never a traceback.
"""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

from fastapi import FastAPI, HTTPException, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, PlainTextResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy import select
from starlette.exceptions import HTTPException as StarletteHTTPException

from classify.labels import CATEGORIES, DELIVERY_MODELS, LEVELS
from reports.weekly import safe_url, wan
from store.filters import FilterError, NoticeFilter
from store.projects import project_figures
from store.models import (Classification, ClassificationCategory, Notice, Organization, Project, ProjectLink,
                          RawPage, SavedSearch)
from store.search import SORTS, QueryError, search, without_control

TEMPLATES = Jinja2Templates(directory=str(Path(__file__).with_name("templates")))
TEMPLATES.env.filters["wan"] = lambda v: "" if v is None else wan(v)
TEMPLATES.env.globals.update(levels=LEVELS, categories=CATEGORIES, models=DELIVERY_MODELS, safe_url=safe_url,
                             sorts=list(SORTS))
NOTICE_TYPES = ["招标/采购公告", "中标/成交公告", "更正公告", "终止/废标公告", "合同公告", "资格预审公告"]
TEMPLATES.env.globals["notice_types"] = NOTICE_TYPES
CSP = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; frame-ancestors 'none'"


def create_app(db_url: str | None = None, reports: Path | None = None, archive: Path | None = None) -> FastAPI:
    from store.archive import RawArchive
    from store.db import open_store
    from tenderwatch.config import archive_dir, reports_dir

    engine, Session = open_store(db_url)
    reports = reports or reports_dir()
    raw = RawArchive(archive or archive_dir())
    app = FastAPI(title="tenderwatch", description="Chinese government procurement for the smart-city market",
                  docs_url=None, redoc_url=None)  # the interactive docs load scripts from a CDN: not here

    @app.middleware("http")
    async def headers(request: Request, call_next):  # noqa: ANN001, ANN202
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):  # noqa: ANN202
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": exc.detail}, status_code=exc.status_code)
        return TEMPLATES.TemplateResponse(request, "error.html", {"status": exc.status_code, "message": exc.detail},
                                          status_code=exc.status_code)

    @app.exception_handler(Exception)
    async def crash(request: Request, exc: Exception):  # noqa: ANN202 - a bug: one line, no traceback shown
        message = f"内部错误：{type(exc).__name__}"
        if request.url.path.startswith("/api/"):
            return JSONResponse({"error": message}, status_code=500)
        return TEMPLATES.TemplateResponse(request, "error.html", {"status": 500, "message": message}, status_code=500)

    def run_search(params: dict) -> dict:
        """Search for the page and the API alike; bad input is a message, not an error status."""
        params = {k: without_control(v) if isinstance(v, str) else v for k, v in params.items()}
        out = {"params": params, "error": None, "page": None}
        try:
            f = _filter(params)
            with Session() as s:
                out["page"] = search(s, params.get("q"), f, params.get("sort") or "date", params.get("page") or 1)
                out["page"].items = [(n, c, _cats(s, c)) for n, c in out["page"].items]
        except (QueryError, FilterError) as exc:
            out["error"] = str(exc)
        return out

    @app.get("/", response_class=HTMLResponse)
    def home(request: Request, q: str | None = None, region: str | None = None, level: str | None = None,
             category: str | None = None, delivery_model: str | None = None, method: str | None = None,
             notice_type: str | None = None, min_amount: str | None = None, max_amount: str | None = None,
             published_from: str | None = None, published_to: str | None = None, deadline_days: str | None = None,
             relevant: str | None = None, sort: str | None = None, page: int = Query(1, ge=1, le=10_000)):
        params = {k: v for k, v in locals().items() if k not in ("request",) and v not in (None, "")}
        return TEMPLATES.TemplateResponse(request, "search.html", run_search(params))

    @app.get("/api/search")
    def api_search(q: str | None = None, region: str | None = None, level: str | None = None,
                   category: str | None = None, delivery_model: str | None = None, method: str | None = None,
                   notice_type: str | None = None, min_amount: str | None = None, max_amount: str | None = None,
                   published_from: str | None = None, published_to: str | None = None,
                   deadline_days: str | None = None, relevant: str | None = None, sort: str | None = None,
                   page: int = Query(1, ge=1, le=10_000)) -> dict:
        """Search notices: words (all must occur), "exact phrases", -excluded words; filters as on the page."""
        params = {k: v for k, v in locals().items() if v not in (None, "")}
        out = run_search(params)
        if out["error"]:
            return {"error": out["error"], "total": 0, "items": []}
        p = out["page"]
        return {"total": p.total, "page": p.page, "per_page": p.per_page,
                "items": [_notice_json(n, c, cats) for n, c, cats in p.items]}

    @app.get("/notices/{nid}", response_class=HTMLResponse)
    def notice_page(request: Request, nid: int):
        with Session() as s:
            n, c, cats, project = _load(s, nid)
            return TEMPLATES.TemplateResponse(request, "notice.html", {"n": n, "c": c, "cats": cats,
                                                                       "project": project})

    @app.get("/api/notices/{nid}")
    def api_notice(nid: int) -> dict:
        with Session() as s:
            n, c, cats, _ = _load(s, nid)
            return _notice_json(n, c, cats, full=True)

    @app.get("/notices/{nid}/archived", response_class=PlainTextResponse)
    def archived(nid: int):
        with Session() as s:
            n = s.get(Notice, nid)
            page = s.get(RawPage, n.raw_page_id) if n is not None and n.raw_page_id else None
            if page is None:
                raise HTTPException(404, "这条公告没有存档页面")
            try:
                body = raw.get(page.archive_key)
            except (OSError, ValueError):
                raise HTTPException(404, "存档页面读不到了") from None
        # the raw page as text: never rendered as HTML, whatever it contains
        text = body.decode(page.encoding or "utf-8", errors="replace")
        return PlainTextResponse(text, headers={"Content-Security-Policy": "sandbox; default-src 'none'"})

    @app.get("/projects/{pid}", response_class=HTMLResponse)
    def project_page(request: Request, pid: int):
        with Session() as s:
            project = s.get(Project, pid)
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

    @app.get("/reports/{name}")
    def report_file(name: str):
        if not re.fullmatch(r"\d{4}-W\d{2}(\.[a-z_]+)?\.(html|csv)|index\.html", name):
            raise HTTPException(404, "没有这个文件")
        path = reports / name
        if not path.is_file():
            raise HTTPException(404, "没有这份周报：先运行 tenders report")
        return FileResponse(path, media_type="text/html; charset=utf-8" if name.endswith(".html") else
                            "text/csv; charset=utf-8")

    @app.post("/searches")
    async def save_search(request: Request):
        from schedules.alerts import AlertError, create

        form = await request.form()
        params = {k: without_control(str(v)) for k, v in form.items() if v not in (None, "")}
        try:
            f = _filter(params)
            with Session.begin() as s:
                create(s, params.get("name", ""), params.get("q", ""), f, params.get("email"), params.get("webhook"))
        except (AlertError, FilterError, QueryError) as exc:
            return TEMPLATES.TemplateResponse(request, "error.html", {"status": 400, "message": f"没有保存：{exc}"},
                                              status_code=400)
        return RedirectResponse("/searches", status_code=303)

    @app.get("/searches", response_class=HTMLResponse)
    def saved_searches(request: Request):
        with Session() as s:
            rows = s.execute(select(SavedSearch).order_by(SavedSearch.id.desc())).scalars().all()
            return TEMPLATES.TemplateResponse(request, "searches.html", {"searches": rows})

    @app.get("/feeds/{token}.atom")
    def feed(request: Request, token: str):
        from schedules.alerts import atom

        with Session() as s:
            ss = s.execute(select(SavedSearch).where(SavedSearch.feed_token == token)).scalar()
            if ss is None:
                raise HTTPException(404, "没有这个订阅")
            xml = atom(s, ss, str(request.base_url).rstrip("/"))
        return Response(xml, media_type="application/atom+xml; charset=utf-8")

    app.state.engine = engine
    return app


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
    n = s.get(Notice, nid)
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
           "deadline": n.deadline.isoformat() if n.deadline else None, "project_id": n.project_id,
           "relevant": None if c is None else c.relevant, "level": None if c is None else c.level,
           "categories": cats, "delivery_model": None if c is None else c.delivery_model}
    if full:
        out |= {"project_code": n.project_code, "agency": n.agency_raw, "budget_raw": n.budget_raw,
                "award_raw": n.award_raw, "suppliers": n.suppliers, "period_raw": n.period_raw,
                "deadline_raw": n.deadline_raw, "ppp": n.ppp, "lots": n.lots, "warnings": n.warnings,
                "evidence": None if c is None else c.evidence,
                "model_version": None if c is None else c.model_version}
    return out
