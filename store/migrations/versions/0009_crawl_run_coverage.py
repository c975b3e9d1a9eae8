"""crawl_run.expected / crawl_run.archived: what the site's list counts say exist vs what the run archived (a run
with fewer archived than expected ends ``incomplete``)

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('crawl_run') as batch:
        batch.add_column(sa.Column('expected', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('archived', sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('crawl_run') as batch:
        batch.drop_column('archived')
        batch.drop_column('expected')
