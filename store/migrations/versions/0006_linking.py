"""project linking and organisation names: organization.key/credit code index, organization_alias,
project buyer/stem/dates, project_link

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-30
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('organization') as batch:
        batch.add_column(sa.Column('key', sa.String(length=300), nullable=True))
        batch.create_index('ix_organization_key', ['key'])
        batch.create_index('ix_organization_credit_code', ['credit_code'])
    op.create_table(
        'organization_alias',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=300), nullable=False),
        sa.Column('organization_id', sa.Integer(), nullable=False),
        sa.Column('evidence', sa.String(length=500), nullable=True),
        sa.ForeignKeyConstraint(['organization_id'], ['organization.id']),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('name'),
    )
    op.create_index('ix_organization_alias_organization_id', 'organization_alias', ['organization_id'])
    with op.batch_alter_table('project') as batch:
        batch.add_column(sa.Column('code_key', sa.String(length=200), nullable=True))
        batch.add_column(sa.Column('stem', sa.Text(), nullable=True))
        batch.add_column(sa.Column('buyer_id', sa.Integer(), nullable=True))
        batch.add_column(sa.Column('first_published', sa.DateTime(), nullable=True))
        batch.add_column(sa.Column('last_published', sa.DateTime(), nullable=True))
        batch.create_foreign_key('fk_project_buyer_id_organization', 'organization', ['buyer_id'], ['id'])
        batch.create_index('ix_project_code_key', ['code_key'])
        batch.create_index('ix_project_buyer_id', ['buyer_id'])
    op.create_table(
        'project_link',
        sa.Column('notice_id', sa.Integer(), nullable=False),
        sa.Column('project_id', sa.Integer(), nullable=False),
        sa.Column('method', sa.String(length=20), nullable=False),
        sa.Column('confidence', sa.Float(), nullable=False),
        sa.Column('lot', sa.String(length=40), nullable=True),
        sa.Column('evidence', sa.Text(), nullable=True),
        sa.Column('conflicts', sa.JSON(), nullable=True),
        sa.Column('linked_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['notice_id'], ['notice.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['project_id'], ['project.id']),
        sa.PrimaryKeyConstraint('notice_id'),
    )
    op.create_index('ix_project_link_project_id', 'project_link', ['project_id'])


def downgrade() -> None:
    op.drop_index('ix_project_link_project_id', table_name='project_link')
    op.drop_table('project_link')
    with op.batch_alter_table('project') as batch:
        batch.drop_index('ix_project_buyer_id')
        batch.drop_index('ix_project_code_key')
        batch.drop_constraint('fk_project_buyer_id_organization', type_='foreignkey')
        for column in ('last_published', 'first_published', 'buyer_id', 'stem', 'code_key'):
            batch.drop_column(column)
    op.drop_index('ix_organization_alias_organization_id', table_name='organization_alias')
    op.drop_table('organization_alias')
    with op.batch_alter_table('organization') as batch:
        batch.drop_index('ix_organization_credit_code')
        batch.drop_index('ix_organization_key')
        batch.drop_column('key')
