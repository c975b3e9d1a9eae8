"""schedules: job_run (history of each firing) and scheduler_lock (one scheduler at a time); APScheduler's own
job table (scheduler_job) is made by its SQLAlchemyJobStore

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'job_run',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('job_id', sa.String(length=100), nullable=False),
        sa.Column('scheduled_for', sa.DateTime(), nullable=False),
        sa.Column('started_at', sa.DateTime(), nullable=False),
        sa.Column('finished_at', sa.DateTime(), nullable=True),
        sa.Column('outcome', sa.String(length=20), nullable=False),
        sa.Column('attempt', sa.Integer(), nullable=False),
        sa.Column('duration_s', sa.Float(), nullable=True),
        sa.Column('message', sa.Text(), nullable=True),
        sa.Column('host', sa.String(length=255), nullable=True),
        sa.Column('pid', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('job_id', 'scheduled_for', name='uq_job_run_firing'),
    )
    op.create_index('ix_job_run_job_id', 'job_run', ['job_id'])
    op.create_table(
        'scheduler_lock',
        sa.Column('name', sa.String(length=40), nullable=False),
        sa.Column('holder', sa.String(length=300), nullable=False),
        sa.Column('host', sa.String(length=255), nullable=False),
        sa.Column('pid', sa.Integer(), nullable=False),
        sa.Column('heartbeat_at', sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint('name'),
    )


def downgrade() -> None:
    op.drop_table('scheduler_lock')
    op.drop_index('ix_job_run_job_id', table_name='job_run')
    op.drop_table('job_run')
