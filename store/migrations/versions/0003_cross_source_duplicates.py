"""cross-source duplicates

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-29 21:09:50.804386
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("notice") as batch:
        batch.add_column(sa.Column("duplicate_of", sa.Integer(), nullable=True))
        batch.create_foreign_key("fk_notice_duplicate_of", "notice", ["duplicate_of"], ["id"])
        batch.create_index("ix_notice_duplicate_of", ["duplicate_of"])


def downgrade() -> None:
    with op.batch_alter_table("notice") as batch:
        batch.drop_index("ix_notice_duplicate_of")
        batch.drop_constraint("fk_notice_duplicate_of", type_="foreignkey")
        batch.drop_column("duplicate_of")
