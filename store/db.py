"""Engine, schema migration and idempotent upserts for SQLite (WAL) and PostgreSQL."""

from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, event, select, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

MIGRATIONS = Path(__file__).with_name("migrations")


class StoreError(RuntimeError):
    """The store cannot be opened or used; the message is meant for the user."""


class StoreMissing(StoreError):
    """A command that only reads found no store where the configuration points."""


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise StoreError(f"TENDERWATCH_DB is not a database URL: {url!r}") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":  # never creates a directory: see open_store
        engine = create_engine(parsed, connect_args={"timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):  # noqa: ANN001
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")  # WAL: durable on commit against crashes, fsync at checkpoints
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=30000")
            cur.close()

        return engine
    if backend == "postgresql":
        return create_engine(parsed, pool_pre_ping=True)
    raise StoreError(f"unsupported database {backend!r}: use sqlite:///… or postgresql+psycopg://…")


MIGRATION_LOCK_KEY = 0x7465_6E64  # pg_advisory_lock key: "tend"


@contextmanager
def _sqlite_file_lock(engine: Engine):
    """Serialise migrations of one SQLite file across processes (several workers may start at once)."""
    database = engine.url.database
    if not database or database == ":memory:":
        yield
        return
    import fcntl

    with open(f"{database}.migrate-lock", "a+") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


SEARCH_OBJECTS = ("notice_fts", "notice_trgm_", "notice_grams")  # made by migration 0003 by hand: FTS5 tables, trigram indexes
UNDECLARED = SEARCH_OBJECTS + ("scheduler_job",)  # + APScheduler's job table, made by its own job store


def include_object(obj, name, type_, reflected, compare_to) -> bool:  # noqa: ANN001
    """Alembic comparisons skip the objects that the models do not declare (search indexes, APScheduler's table)."""
    return not (name or "").startswith(UNDECLARED)


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest Alembic revision; safe when several processes start at once."""
    from alembic import command
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    try:
        if engine.dialect.name == "sqlite":
            with _sqlite_file_lock(engine), engine.begin() as conn:
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
        else:
            with engine.begin() as conn:
                conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
    except OperationalError as exc:
        raise StoreError(f"cannot open the database {engine.url.render_as_string(hide_password=True)}: "
                         f"{exc.orig}") from exc


def _where(url: str) -> str:
    from common.config import db_configured, db_url, default_db_url, store_label

    if db_configured() and url == db_url():
        return f"{store_label(url)} (TENDERWATCH_DB={os.environ['TENDERWATCH_DB'].strip()})"
    if url == default_db_url():
        return f"{store_label(url)} (the per-user default: TENDERWATCH_DB is not set)"
    return store_label(url)


def check_sqlite_file(url: str, create: bool) -> None:
    """For a SQLite store file that does not exist: ``create`` False → StoreMissing; ``create`` True → only the
    per-user data directory may be made for it, never a directory that a URL names (StoreError)."""
    from common.config import data_home

    try:
        parsed = make_url(url)
    except ArgumentError:
        return  # make_engine says so
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:" \
            or database.startswith("file:"):
        return
    path = Path(database).absolute()
    if path.exists():
        return
    if not create:
        raise StoreMissing(f"no store at {_where(url)}: run `tenders crawl` (or `tenders demo`) to create one, "
                           "or set TENDERWATCH_DB to an existing store")
    if path.parent.is_dir():
        return
    if path.parent == data_home():
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    raise StoreError(f"no directory {path.parent} for the store {_where(url)}: create it, or fix TENDERWATCH_DB")


def open_store(url: str | None = None, create: bool = True) -> tuple[Engine, sessionmaker[Session]]:
    """Engine + session factory for ``url`` (default: TENDERWATCH_DB, else the per-user store), schema migrated.

    ``create=False`` (commands that only read): a SQLite file that does not exist raises StoreMissing instead of
    becoming a new, empty store. Directories are never created, except the per-user data directory."""
    from common.config import db_url

    url = url or db_url()
    check_sqlite_file(url, create)
    engine = make_engine(url)
    migrate(engine)
    return engine, sessionmaker(engine, expire_on_commit=False)


def upsert(session: Session, model: Any, values: dict[str, Any], keys: tuple[str, ...]) -> int:
    """Insert ``values`` or update the row that has the same ``keys``; return its primary key.

    Idempotent: running it twice with the same values leaves one row with those values.
    """
    table = model.__table__
    dialect = session.get_bind().dialect.name
    if dialect == "sqlite":
        stmt = sqlite.insert(table).values(**values)
    elif dialect == "postgresql":
        stmt = postgresql.insert(table).values(**values)
    else:  # pragma: no cover - make_engine refuses other dialects
        raise StoreError(f"upsert not supported on {dialect}")
    update = {k: stmt.excluded[k] for k in values if k not in keys and k != "id"}
    if update:
        stmt = stmt.on_conflict_do_update(index_elements=list(keys), set_=update)
    else:
        stmt = stmt.on_conflict_do_nothing(index_elements=list(keys))
    stmt = stmt.returning(table.c.id)
    row = session.execute(stmt).first()
    if row is not None:
        return row[0]
    # on_conflict_do_nothing returns no row when the row existed already
    cond = [table.c[k] == values[k] for k in keys]
    return session.execute(select(table.c.id).where(*cond)).scalar_one()


def insert_or_get(session: Session, model, values: dict, key: str) -> int:  # noqa: ANN001
    """Insert a row unless one with the same unique ``key`` exists (another writer may insert it at the same
    moment: concurrent workers share one store); the row's id either way."""
    insert = sqlite.insert if session.get_bind().dialect.name == "sqlite" else postgresql.insert
    session.execute(insert(model.__table__).values(**values).on_conflict_do_nothing(index_elements=[key]))
    return session.execute(select(model.id).where(getattr(model, key) == values[key])).scalar_one()


def upsert_many(session: Session, model: Any, rows: list[dict[str, Any]], keys: tuple[str, ...]) -> None:
    """``upsert`` for many rows in one statement (rows must share their columns; later rows win on a tie)."""
    if not rows:
        return
    dedup: dict[tuple, dict[str, Any]] = {tuple(r[k] for k in keys): r for r in rows}
    table = model.__table__
    dialect = session.get_bind().dialect.name
    insert = sqlite.insert if dialect == "sqlite" else postgresql.insert
    stmt = insert(table).values(list(dedup.values()))
    columns = next(iter(dedup.values())).keys()
    stmt = stmt.on_conflict_do_update(index_elements=list(keys),
                                      set_={k: stmt.excluded[k] for k in columns if k not in keys and k != "id"})
    session.execute(stmt)


def store_counts() -> dict[str, int]:
    """How many raw pages and notices the store holds."""
    from sqlalchemy import func

    from store.models import Notice, RawPage

    engine, Session = open_store()
    with Session() as session:
        out = {
            "raw_pages": session.execute(select(func.count()).select_from(RawPage)).scalar_one(),
            "notices": session.execute(select(func.count()).select_from(Notice)).scalar_one(),
        }
    engine.dispose()
    return out
