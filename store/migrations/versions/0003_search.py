"""search: notice.text, and the full-text indexes (SQLite FTS5 trigram; PostgreSQL pg_trgm)

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('notice') as batch:
        batch.add_column(sa.Column('text', sa.Text(), nullable=True))
    if op.get_bind().dialect.name == 'sqlite':
        # external-content FTS5 over notice(title, text); triggers keep it in step with every write
        op.execute("CREATE VIRTUAL TABLE notice_fts USING fts5(title, text, content='notice', content_rowid='id', "
                   "tokenize='trigram')")
        op.execute("CREATE TRIGGER notice_fts_ai AFTER INSERT ON notice BEGIN "
                   "INSERT INTO notice_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END")
        op.execute("CREATE TRIGGER notice_fts_ad AFTER DELETE ON notice BEGIN "
                   "INSERT INTO notice_fts(notice_fts, rowid, title, text) VALUES ('delete', old.id, old.title, "
                   "old.text); END")
        op.execute("CREATE TRIGGER notice_fts_au AFTER UPDATE OF title, text ON notice BEGIN "
                   "INSERT INTO notice_fts(notice_fts, rowid, title, text) VALUES ('delete', old.id, old.title, "
                   "old.text); INSERT INTO notice_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END")
        op.execute("INSERT INTO notice_fts(notice_fts) VALUES ('rebuild')")
    else:
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        op.execute("CREATE INDEX notice_trgm_title ON notice USING gin (title gin_trgm_ops)")
        op.execute("CREATE INDEX notice_trgm_text ON notice USING gin (text gin_trgm_ops)")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        for trigger in ('notice_fts_ai', 'notice_fts_ad', 'notice_fts_au'):
            op.execute(f"DROP TRIGGER IF EXISTS {trigger}")
        op.execute("DROP TABLE IF EXISTS notice_fts")
    else:
        op.execute("DROP INDEX IF EXISTS notice_trgm_text")
        op.execute("DROP INDEX IF EXISTS notice_trgm_title")
    with op.batch_alter_table('notice') as batch:
        batch.drop_column('text')
