"""notice details

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-29 21:59:51.429695
"""
from alembic import op
import sqlalchemy as sa


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def _columns() -> list[sa.Column]:
    return [
        sa.Column("buyer_address", sa.Text(), nullable=True),
        sa.Column("plan_code", sa.String(length=200), nullable=True),
        sa.Column("contacts", sa.JSON(), nullable=True),
        sa.Column("ppp", sa.JSON(), nullable=True),
        sa.Column("lots", sa.JSON(), nullable=True),
    ]


def upgrade() -> None:
    with op.batch_alter_table("notice") as batch:
        for col in _columns():
            batch.add_column(col)


def downgrade() -> None:
    with op.batch_alter_table("notice") as batch:
        for col in reversed(_columns()):
            batch.drop_column(col.name)
