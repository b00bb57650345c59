"""Xanh – Sạch – Đẹp audits kept on a phone without network and sent later: a version per audit (the
sync sends the version its change was based on, a newer one is a conflict), the browser's id of an
audit started offline (unique per hospital: sent twice, created once) and of a photo (stored once).

Existing audits start at version 1 with no client id; existing photos have none.

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


def upgrade():
    with op.batch_alter_table('xsd_answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('photo_client_id', sa.String(length=36), nullable=True))

    with op.batch_alter_table('xsd_audits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.add_column(sa.Column('client_id', sa.String(length=36), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_xsd_audits_hospital_id_client_id'), ['hospital_id', 'client_id'])


def downgrade():
    with op.batch_alter_table('xsd_audits', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_xsd_audits_hospital_id_client_id'), type_='unique')
        batch_op.drop_column('client_id')
        batch_op.drop_column('version')

    with op.batch_alter_table('xsd_answers', schema=None) as batch_op:
        batch_op.drop_column('photo_client_id')
