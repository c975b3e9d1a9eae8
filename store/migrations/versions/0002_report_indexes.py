"""indexes for the weekly report: notice.project_id and notice.deadline

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30
"""
from alembic import op


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_notice_project_id', 'notice', ['project_id'], unique=False)
    op.create_index('ix_notice_deadline', 'notice', ['deadline'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_notice_deadline', table_name='notice')
    op.drop_index('ix_notice_project_id', table_name='notice')
