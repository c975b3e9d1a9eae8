"""Paths and connection strings, all overridable from the environment.

| variable              | default                   | meaning                                   |
| --------------------- | ------------------------- | ----------------------------------------- |
| TENDERWATCH_DB        | sqlite:///data/tenderwatch.db | SQLAlchemy URL (postgresql+psycopg://…) |
| TENDERWATCH_ARCHIVE   | data/archive              | raw page archive (gzip, content hash)     |
| TENDERWATCH_REPORTS   | reports/out               | where weekly reports are written          |

Relative paths are resolved against the current working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

DEFAULT_DB_FILE = Path("data") / "tenderwatch.db"


def db_url() -> str:
    url = os.environ.get("TENDERWATCH_DB", "").strip()
    if url:
        return url
    return f"sqlite:///{DEFAULT_DB_FILE}"


def archive_dir() -> Path:
    return Path(os.environ.get("TENDERWATCH_ARCHIVE", "data/archive"))


def reports_dir() -> Path:
    return Path(os.environ.get("TENDERWATCH_REPORTS", "reports/out"))
