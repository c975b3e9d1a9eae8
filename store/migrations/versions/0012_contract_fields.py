"""notice.contract, notice.termination_reason, notice.intents: a 合同公告's contract {number, name, supplier,
amount_cny, signed_date, term, raw} (parsers/contract_notice.py), a 终止/废标公告's reason as printed
(parsers/termination.py) and a 采购意向公开's planned purchases [{name, summary, budget_cny, planned, raw}]
(parsers/intents.py)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('notice') as batch:  # filled when the pages are parsed again
        batch.add_column(sa.Column('contract', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('termination_reason', sa.Text(), nullable=True))
        batch.add_column(sa.Column('intents', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('notice') as batch:
        batch.drop_column('intents')
        batch.drop_column('termination_reason')
        batch.drop_column('contract')
