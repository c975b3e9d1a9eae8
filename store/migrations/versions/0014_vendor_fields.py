"""notice.opening, opening_raw, opening_place, documents, qualification: the terms of a call a vendor reads — the
开标 time and place, the 获取采购文件 window (from, to, place, price) and the 资格要求 summary (联合体, 中小企业), as read
by parsers/call_terms.py

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-02
"""
from alembic import op
import sqlalchemy as sa


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('notice') as batch:  # filled when the pages are parsed again
        batch.add_column(sa.Column('opening', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('opening_raw', sa.String(length=100), nullable=True))
        batch.add_column(sa.Column('opening_place', sa.Text(), nullable=True))
        batch.add_column(sa.Column('documents', sa.JSON(), nullable=True))
        batch.add_column(sa.Column('qualification', sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('notice') as batch:
        for column in ('qualification', 'documents', 'opening_place', 'opening_raw', 'opening'):
            batch.drop_column(column)
