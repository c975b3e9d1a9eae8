"""more notice fields

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29 21:54:51.953067
"""
from alembic import op
import sqlalchemy as sa


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def _columns() -> list[sa.Column]:
    return [
        sa.Column("max_price_raw", sa.Text(), nullable=True),
        sa.Column("max_price_cny", sa.Numeric(precision=20, scale=2), nullable=True),
        sa.Column("rate_raw", sa.Text(), nullable=True),
        sa.Column("period_days", sa.Integer(), nullable=True),
        sa.Column("period_months", sa.Integer(), nullable=True),
        sa.Column("attachments", sa.JSON(), nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("notice") as batch:
        for col in _columns():
            batch.add_column(col)


def downgrade() -> None:
    with op.batch_alter_table("notice") as batch:
        for col in reversed(_columns()):
            batch.drop_column(col.name)
