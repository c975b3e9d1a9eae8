"""crawl run health

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29 20:54:44.950675
"""
from alembic import op
import sqlalchemy as sa


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def _columns() -> list[sa.Column]:
    return [
        sa.Column("spider", sa.String(length=64), nullable=True),
        sa.Column("listed", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("throttles", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("refused", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("host", sa.String(length=255), nullable=True),
        sa.Column("pid", sa.Integer(), nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("crawl_run") as batch:
        for col in _columns():
            batch.add_column(col)


def downgrade() -> None:
    with op.batch_alter_table("crawl_run") as batch:
        for col in reversed(_columns()):
            batch.drop_column(col.name)
