"""buyer region code

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-29 22:09:00.330207
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notice") as batch:
        batch.add_column(sa.Column("buyer_region_code", sa.String(length=6), nullable=True))
        batch.create_index("ix_notice_buyer_region_code", ["buyer_region_code"])


def downgrade() -> None:
    with op.batch_alter_table("notice") as batch:
        batch.drop_index("ix_notice_buyer_region_code")
        batch.drop_column("buyer_region_code")
