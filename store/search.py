"""Chinese-aware search over notice titles and texts, with the export filters.

Query language: words separated by spaces must all occur (a Chinese word is matched as a substring: 城市大脑);
"exact phrase" keeps its spaces; -word excludes. SQLite answers words of three characters and more from the FTS5
trigram index, shorter ones by a scan (LIKE); PostgreSQL uses pg_trgm indexes with ILIKE. Words are always bound
parameters or quoted FTS5 strings built here, so no input is ever read as SQL or as FTS5 syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, bindparam, case, func, literal_column, not_, or_, select, text
from sqlalchemy.orm import Session

from store.filters import AMOUNT, NoticeFilter, select_notices
from store.models import Classification, Notice

MAX_QUERY = 200  # characters
MAX_WORDS = 12
def _by_deadline(now: datetime) -> tuple:
    """The open ones, soonest first; then the expired ones, latest first; then the notices without a deadline."""
    due = Notice.current_deadline
    return (case((due.is_(None), 2), (due < now, 1), else_=0), case((due >= now, due)).asc(), due.desc(),
            Notice.id.desc())


# sort name → the ORDER BY, given now (Beijing time)
SORTS = {"date": lambda now: (Notice.published_at.desc(), Notice.id.desc()),
         "amount": lambda now: (AMOUNT.desc().nulls_last(), Notice.id.desc()),
         "deadline": _by_deadline}
SCOPES = ("all", "title")  # words in the title or the text / in the title only


class QueryError(ValueError):
    """A query that cannot be run as written: said in one line to the user."""


@dataclass
class Query:
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.include and not self.exclude


_TOKEN = re.compile(r'(-?)"([^"]*)"|(\S+)')


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def without_control(text: str) -> str:
    """User input with control characters as spaces: a NUL cannot even be a PostgreSQL parameter."""
    return _CONTROL.sub(" ", text)


def parse_query(q: str | None) -> Query:
    q = without_control(q or "").strip()
    if len(q) > MAX_QUERY:
        raise QueryError(f"查询过长：最多 {MAX_QUERY} 个字符（现在 {len(q):,} 个）")
    out = Query()
    for m in _TOKEN.finditer(q.replace("\u3000", " ")):
        neg, phrase, word = m.group(1), m.group(2), m.group(3)
        if phrase is not None:
            term, negative = phrase.strip(), bool(neg)
        else:
            negative = word.startswith("-") and len(word) > 1
            term = word[1:] if negative else word
            term = term.strip('"')
        if not term:
            continue
        (out.exclude if negative else out.include).append(term)
    if len(out.include) + len(out.exclude) > MAX_WORDS:
        raise QueryError(f"查询词过多：最多 {MAX_WORDS} 个")
    if out.exclude and not out.include:
        raise QueryError("只有排除词：请至少给出一个要查找的词（如 城市大脑 -监理）")
    return out


def _like(term: str):
    pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    # NULL-safe: NOT (NULL) would drop notices without a text from every exclusion
    return or_(func.coalesce(Notice.title, "").ilike(pattern, escape="\\"),
               func.coalesce(Notice.text, "").ilike(pattern, escape="\\"))


def _grams(include: list[str], exclude: list[str], any_of: bool = False):
    """Notices whose title or text start hold the one- or two-character words (store/grams.py)."""
    from store.grams import match

    expr = (" OR " if any_of else " AND ").join(match(t) for t in include)
    if exclude:
        expr += " NOT " + " NOT ".join(match(t) for t in exclude)
    return select(literal_column("rowid")).select_from(text("notice_grams")).where(
        text("notice_grams MATCH :g").bindparams(bindparam("g", expr, unique=True)))


def _fts_string(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _in_title(term: str):
    pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    return func.coalesce(Notice.title, "").ilike(pattern, escape="\\")


def condition(session: Session, query: Query, by_date_index: bool = False, scope: str = "all"):
    """The WHERE clause for a parsed query (None when the query is empty). ``scope="title"``: the words must occur
    in the title (and an excluded word only excludes a notice whose title holds it)."""
    if query.empty:
        return None
    if scope == "title":
        # the title index narrows: on SQLite the full-text condition of the included words first (title or text)
        wide = condition(session, Query(query.include, []), by_date_index) if query.include else None
        conds = [_in_title(t) for t in query.include] + [not_(_in_title(t)) for t in query.exclude]
        return and_(*([wide] if wide is not None else []), *conds)
    nid = literal_column("+notice.id") if by_date_index else Notice.id
    conds = []
    if session.get_bind().dialect.name == "sqlite":
        long_in = [t for t in query.include if len(t) >= 3]
        long_out = [t for t in query.exclude if len(t) >= 3]
        if long_in:
            expr = " AND ".join(_fts_string(t) for t in long_in)
            if long_out:
                expr += " NOT " + " NOT ".join(_fts_string(t) for t in long_out)
            ids = select(literal_column("rowid")).select_from(text("notice_fts")).where(
                text("notice_fts MATCH :fts").bindparams(bindparam("fts", expr, unique=True)))
            conds.append(nid.in_(ids))
        elif long_out:
            conds += [nid.not_in(select(literal_column("rowid")).select_from(text("notice_fts")).where(
                text("notice_fts MATCH :x").bindparams(bindparam("x", " OR ".join(_fts_string(t) for t in long_out),
                                                                 unique=True))))]
        short_in = [t for t in query.include if len(t) < 3]
        short_out = [t for t in query.exclude if len(t) < 3]
        if short_in:  # one FTS5 query: the index intersects the posting lists itself
            conds.append(nid.in_(_grams(short_in, short_out)))
        elif short_out:
            conds.append(nid.not_in(_grams(short_out, [], any_of=True)))
    else:
        conds += [_like(t) for t in query.include]
        conds += [not_(_like(t)) for t in query.exclude]
    return and_(*conds)


@dataclass
class Page:
    total: int  # exact up to COUNT_CAP, then COUNT_CAP with capped=True
    items: list  # (Notice, Classification | None)
    query: Query
    page: int
    per_page: int
    capped: bool = False


WALK_FROM = 2_000  # matches from which walking the date index beats sorting them (measured by bench/search.py)
COUNT_CAP = 10_000  # "10,000+": counting every match of 云 in a million notices is not worth a second


def matching_ids(session: Session, query: Query, f: NoticeFilter, scope: str = "all"):
    """The ids of the notices that a parsed query and a filter select (a SELECT to count, group or page)."""
    ids = select_notices(f, Notice.id, classified=False)
    cond = condition(session, query, scope=scope)
    return ids.where(cond) if cond is not None else ids


def search(session: Session, q: str | None, f: NoticeFilter | None = None, sort: str = "date", page: int = 1,
           per_page: int = 20, scope: str = "all", now: datetime | None = None) -> Page:
    from common.clock import beijing_now
    from store.filters import newest_classification

    query = parse_query(q)
    f = f or NoticeFilter()
    if sort not in SORTS:
        raise QueryError(f"排序方式只能是 {', '.join(SORTS)}")
    if scope not in SCOPES:
        raise QueryError(f"搜索范围只能是 {', '.join(SCOPES)}")
    page, per_page = max(1, int(page)), min(max(1, int(per_page)), 100)
    ids = matching_ids(session, query, f, scope)
    total = session.execute(select(func.count()).select_from(ids.limit(COUNT_CAP + 1).subquery())).scalar_one()
    capped = total > COUNT_CAP
    if sort == "date" and total >= WALK_FROM and session.get_bind().dialect.name == "sqlite":
        ids = select_notices(f, Notice.id, classified=False, by_date_index=True)
        cond = condition(session, query, by_date_index=True, scope=scope)
        if cond is not None:
            ids = ids.where(cond)
    order = SORTS[sort](now or beijing_now())
    page_ids = [i for (i,) in session.execute(ids.order_by(*order).limit(per_page)
                                              .offset((page - 1) * per_page)).all()]
    items = []
    if page_ids:
        rows = session.execute(select(Notice, Classification).select_from(Notice)
                               .join(Classification, Classification.id == newest_classification(), isouter=True)
                               .where(Notice.id.in_(page_ids))).all()
        by_id = {n.id: (n, c) for n, c in rows}
        items = [by_id[i] for i in page_ids if i in by_id]
    return Page(min(total, COUNT_CAP), items, query, page, per_page, capped)
