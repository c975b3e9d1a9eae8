"""notice.changes: a 更正公告's changes as read by parsers/corrections.py — a list of {what, old, new, field}
(the new deadline / budget is also set on the correction's own fields)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('notice') as batch:
        batch.add_column(sa.Column('changes', sa.JSON(), nullable=True))  # filled when the pages are parsed again


def downgrade() -> None:
    with op.batch_alter_table('notice') as batch:
        batch.drop_column('changes')
