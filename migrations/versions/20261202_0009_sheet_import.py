"""Checklists from the hospital's own workbooks: remembered sheet mappings, bands per template, severe risk.

- xsd_sheet_mappings: per hospital, the header row and column of each field of a workbook layout
  (keyed by the normalized header signature), remembered after an import for the next upload.
- xsd_templates.bands: the template's own grade bands (NULL: the hospital's).
- xsd_items.severe_risk: "nguy cơ cao", unmet it forces the lowest band.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('xsd_sheet_mappings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('signature', sa.String(length=64), nullable=False),
    sa.Column('header_row', sa.Integer(), nullable=False),
    sa.Column('columns', sa.JSON(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('header_row >= 1', name=op.f('ck_xsd_sheet_mappings_header_row')),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_xsd_sheet_mappings_hospital_id_hospitals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xsd_sheet_mappings')),
    sa.UniqueConstraint('hospital_id', 'signature', name=op.f('uq_xsd_sheet_mappings_hospital_id_signature'))
    )
    with op.batch_alter_table('xsd_items', schema=None) as batch_op:
        batch_op.add_column(sa.Column('severe_risk', sa.Boolean(), server_default=sa.false(), nullable=False))

    with op.batch_alter_table('xsd_templates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('bands', sa.JSON(), nullable=True))



def downgrade():
    with op.batch_alter_table('xsd_templates', schema=None) as batch_op:
        batch_op.drop_column('bands')

    with op.batch_alter_table('xsd_items', schema=None) as batch_op:
        batch_op.drop_column('severe_risk')

    op.drop_table('xsd_sheet_mappings')
