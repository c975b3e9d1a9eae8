"""short-word search on SQLite: notice_grams (FTS5 over unigrams and bigrams)

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name != 'sqlite':
        return
    from store.grams import grams

    op.execute("CREATE VIRTUAL TABLE notice_grams USING fts5(grams, tokenize='unicode61')")
    op.execute("CREATE TRIGGER notice_grams_ad AFTER DELETE ON notice BEGIN "
               "DELETE FROM notice_grams WHERE rowid = old.id; END")
    rows = bind.execute(sa.text("SELECT id, title, text FROM notice")).all()
    for i in range(0, len(rows), 1000):
        bind.execute(sa.text("INSERT INTO notice_grams (rowid, grams) VALUES (:id, :g)"),
                     [{"id": r[0], "g": grams(r[1], r[2])} for r in rows[i:i + 1000]])


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        op.execute("DROP TRIGGER IF EXISTS notice_grams_ad")
        op.execute("DROP TABLE IF EXISTS notice_grams")
