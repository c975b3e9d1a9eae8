"""Paths and connection strings, all overridable from the environment.

| variable              | default (the per-user data directory, DATA) | meaning                                  |
| --------------------- | -------------------------------------------- | ---------------------------------------- |
| TENDERWATCH_DB        | sqlite:///DATA/tenderwatch.db                | SQLAlchemy URL (postgresql+psycopg://…)  |
| TENDERWATCH_ARCHIVE   | DATA/archive                                 | raw page archive (gzip, content hash)    |
| TENDERWATCH_REPORTS   | DATA/reports                                 | where weekly reports are written         |

The rule: the store is the configured one (TENDERWATCH_*), else the one in the per-user data directory
DATA = ``platformdirs.user_data_dir("tenderwatch")`` (``$XDG_DATA_HOME/tenderwatch``, by default
``~/.local/share/tenderwatch``), so every command opens the same store from any directory, under cron or
systemd too. Relative paths in TENDERWATCH_* (a relative SQLite file included) are resolved once, against the
working directory, to absolute ones. Only DATA itself is ever created (by commands that write); a directory
named by TENDERWATCH_DB never is.
"""

from __future__ import annotations

import os
from pathlib import Path

DB_FILE = "tenderwatch.db"
VARIABLES = ("TENDERWATCH_DB", "TENDERWATCH_ARCHIVE", "TENDERWATCH_REPORTS")


def data_home() -> Path:
    """The per-user data directory (not created here)."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("tenderwatch", appauthor=False)).absolute()


def default_db_url() -> str:
    return f"sqlite:///{data_home() / DB_FILE}"


def _absolute_sqlite(url: str) -> str:
    """A SQLite URL with a relative file made absolute (against the working directory); others unchanged."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError:
        return url  # make_engine says it is no URL
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:" \
            or parsed.database.startswith("file:"):
        return url
    path = Path(parsed.database)
    if path.is_absolute():
        return url
    return parsed.set(database=str(path.absolute())).render_as_string(hide_password=False)


def db_url() -> str:
    url = os.environ.get("TENDERWATCH_DB", "").strip()
    return _absolute_sqlite(url) if url else default_db_url()


def db_configured() -> bool:
    return bool(os.environ.get("TENDERWATCH_DB", "").strip())


def archive_dir() -> Path:
    value = os.environ.get("TENDERWATCH_ARCHIVE", "").strip()
    return Path(value).absolute() if value else data_home() / "archive"


def reports_dir() -> Path:
    value = os.environ.get("TENDERWATCH_REPORTS", "").strip()
    return Path(value).absolute() if value else data_home() / "reports"


def store_label(url: str | None = None) -> str:
    """The store as a user should read it: the SQLite file's absolute path, or the URL with its password hidden."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    url = url or db_url()
    try:
        parsed = make_url(url)
    except ArgumentError:
        return url
    if parsed.get_backend_name() == "sqlite" and parsed.database and parsed.database != ":memory:":
        return str(Path(parsed.database).absolute())
    return parsed.render_as_string(hide_password=True)


def environment() -> dict[str, str]:
    """TENDERWATCH_DB, _ARCHIVE and _REPORTS as every process must see them: resolved, absolute."""
    return {"TENDERWATCH_DB": db_url(), "TENDERWATCH_ARCHIVE": str(archive_dir()),
            "TENDERWATCH_REPORTS": str(reports_dir())}
