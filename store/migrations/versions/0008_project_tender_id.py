"""project.tender_id: the OCDS tender id of a project (its 项目编号, else its first call's source id), settled with
the ocid from what the sources publish (store/ocids.py)

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-01
"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('project') as batch:
        batch.add_column(sa.Column('tender_id', sa.String(length=300), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('project') as batch:
        batch.drop_column('tender_id')
