"""notice.current_deadline: the deadline in force (a 更正公告 that moves a call's deadline moves it for the call and its
project: store/deadlines.py), indexed for search's deadline filter and sort and the report's pipeline

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('notice') as batch:
        batch.add_column(sa.Column('current_deadline', sa.DateTime(), nullable=True))
        batch.create_index('ix_notice_current_deadline', ['current_deadline'])
    op.execute("UPDATE notice SET current_deadline = deadline")  # the next linking pass applies corrections


def downgrade() -> None:
    with op.batch_alter_table('notice') as batch:
        batch.drop_index('ix_notice_current_deadline')
        batch.drop_column('current_deadline')
