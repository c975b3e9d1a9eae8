"""notice.current_opening, notice.current_budget_cny: the opening time and budget in force (a 更正公告 that moves them
moves them for the call and its project: store/in_force.py), beside current_deadline (0010)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('notice') as batch:
        batch.add_column(sa.Column('current_opening', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('current_budget_cny', sa.Numeric(precision=20, scale=2), nullable=True))
    op.execute("UPDATE notice SET current_budget_cny = budget_cny")  # the next linking pass applies corrections


def downgrade() -> None:
    with op.batch_alter_table('notice') as batch:
        batch.drop_column('current_budget_cny')
        batch.drop_column('current_opening')
