"""Shared fixtures: the ccgp mirror over real HTTP, and stores on SQLite and on a real PostgreSQL server.

PostgreSQL: TENDERWATCH_TEST_PG (default postgresql+psycopg://postgres@127.0.0.1:5432/test) names a server
where the tests may create and drop a database of their own. Without a server the PostgreSQL variants skip
with the reason, except in CI (CI=true), where a missing server is a failure.
"""

from __future__ import annotations

import os
import uuid

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from mirrors.ccgp.server import serve

# No test writes to the real per-user store (common.config.data_home): this process and every `tenders` it
# starts see a per-user data directory of their own, removed at the end.
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

_DATA_HOME = tempfile.mkdtemp(prefix="tenderwatch-test-xdg-")
os.environ["XDG_DATA_HOME"] = _DATA_HOME
for _name in ("TENDERWATCH_DB", "TENDERWATCH_ARCHIVE", "TENDERWATCH_REPORTS"):  # nor to a store set in the shell
    os.environ.pop(_name, None)
atexit.register(shutil.rmtree, _DATA_HOME, True)

# In CI the property-based tests run a fixed sequence of examples, so that a red CI is reproducible;
# locally they explore new examples on every run.
from hypothesis import settings as _hsettings  # noqa: E402

_hsettings.register_profile("ci", derandomize=True, print_blob=True)
if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
    _hsettings.load_profile("ci")

PG_ADMIN_URL = os.environ.get("TENDERWATCH_TEST_PG", "postgresql+psycopg://postgres@127.0.0.1:5432/test")
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


@pytest.fixture(scope="session")
def mirror():
    with serve() as server:
        yield server


def _pg_unavailable_reason() -> str | None:
    try:
        engine = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT", connect_args={"connect_timeout": 3})
        with engine.connect() as conn:
            conn.execute(text("select 1"))
        engine.dispose()
        return None
    except Exception as exc:  # noqa: BLE001 - any failure to connect means "no server here"
        return f"no PostgreSQL server at {make_url(PG_ADMIN_URL).render_as_string(hide_password=True)}: " \
               f"{str(exc).splitlines()[0]}"


@pytest.fixture(scope="session")
def pg_server_url():
    """URL of a fresh UTF-8 database on the PostgreSQL server, dropped at the end of the session."""
    reason = _pg_unavailable_reason()
    if reason:
        if IN_CI:
            pytest.fail(f"CI=true but {reason}")
        pytest.skip(reason)
    admin = create_engine(PG_ADMIN_URL, isolation_level="AUTOCOMMIT")
    created: list[str] = []

    def new_database() -> str:
        name = f"tw_test_{uuid.uuid4().hex[:12]}"
        with admin.connect() as conn:
            conn.execute(text(f"CREATE DATABASE {name} ENCODING 'UTF8' LC_COLLATE 'C.UTF-8' "
                              f"LC_CTYPE 'C.UTF-8' TEMPLATE template0"))
        created.append(name)
        return make_url(PG_ADMIN_URL).set(database=name).render_as_string(hide_password=False)

    yield new_database
    with admin.connect() as conn:
        for name in created:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
    admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path):
    """A fresh, empty database URL: once on SQLite, once on PostgreSQL."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tenderwatch.db'}"
    return request.getfixturevalue("pg_server_url")()


def crawl_mirror(mirror, root, since: str, until: str):  # noqa: ANN001, ANN201
    """`tenders crawl ccgp` against the running mirror into a store of its own under ``root`` (a subprocess, as a
    user runs it): (env, engine, Session). The caller disposes of the engine."""
    import subprocess
    import sys

    from store.db import open_store

    env = os.environ | {"TENDERWATCH_DB": f"sqlite:///{root / 'tw.db'}", "TENDERWATCH_ARCHIVE": str(root / "archive"),
                        "TENDERWATCH_REPORTS": str(root / "reports")}
    result = subprocess.run([sys.executable, "-m", "tenderwatch.cli", "crawl", "ccgp", "--base-url", mirror.base_url,
                             "--since", since, "--until", until], env=env, cwd=root, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stderr
    engine, Session = open_store(env["TENDERWATCH_DB"])
    return env, engine, Session


def launch_chromium(playwright):  # noqa: ANN001, ANN201
    """Debian's Chromium (never a downloaded browser), headless, with its background traffic off."""
    from pathlib import Path

    return playwright.chromium.launch(executable_path=str(Path("/usr/bin/chromium")), headless=True, args=[
        "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"])
