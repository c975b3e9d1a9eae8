"""Alembic environment: runs on the connection handed over by store.db.migrate, or on TENDERWATCH_DB."""

from alembic import context
from sqlalchemy import pool

from store.db import include_object
from store.models import Base

config = context.config
target_metadata = Base.metadata


def _run(connection) -> None:  # noqa: ANN001
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        include_object=include_object,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = config.attributes.get("connection")
if connection is not None:
    _run(connection)
else:
    from sqlalchemy import create_engine

    from common.config import db_url

    engine = create_engine(config.get_main_option("sqlalchemy.url") or db_url(), poolclass=pool.NullPool)
    with engine.begin() as conn:
        _run(conn)
