"""Storage: SQLAlchemy models, Alembic migrations, idempotent upserts (SQLite default, PostgreSQL in production)."""
