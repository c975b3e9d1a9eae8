"""saved_search: names unique, an unsubscribe token per search (the e-mails' one-click link) and when the address
was unsubscribed. Names saved twice before keep the first; a later one gets its id appended (「城市大脑（7）」), so
no search is lost; every existing search gets a token of its own.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03
"""
import secrets

from alembic import op
import sqlalchemy as sa


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('saved_search') as batch:
        batch.add_column(sa.Column('unsubscribe_token', sa.String(length=64), nullable=True))
        batch.add_column(sa.Column('unsubscribed_at', sa.DateTime(), nullable=True))
    conn = op.get_bind()
    taken: set[str] = set()
    for sid, name in conn.execute(sa.text("SELECT id, name FROM saved_search ORDER BY id")).all():
        unique, n = name, 0
        while unique in taken:
            n += 1
            suffix = f"（{sid}）" if n == 1 else f"（{sid}-{n}）"
            unique = name[:200 - len(suffix)] + suffix
        taken.add(unique)
        conn.execute(sa.text("UPDATE saved_search SET name = :name, unsubscribe_token = :token WHERE id = :id"),
                     {"name": unique, "token": secrets.token_urlsafe(24), "id": sid})
    with op.batch_alter_table('saved_search') as batch:
        batch.alter_column('unsubscribe_token', existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint('uq_saved_search_name', ['name'])
        batch.create_unique_constraint('uq_saved_search_unsubscribe_token', ['unsubscribe_token'])


def downgrade() -> None:
    with op.batch_alter_table('saved_search') as batch:
        batch.drop_constraint('uq_saved_search_unsubscribe_token', type_='unique')
        batch.drop_constraint('uq_saved_search_name', type_='unique')
        batch.drop_column('unsubscribed_at')
        batch.drop_column('unsubscribe_token')
