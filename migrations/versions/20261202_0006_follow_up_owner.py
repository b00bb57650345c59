"""Xanh – Sạch – Đẹp follow-up actions: an owner (a person; the department is the row's department_id)
and progress updates (status, note, photo) reported by the department head.

Existing follow-ups keep no owner (owner_id NULL) and no updates; their status stays as it was.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('xsd_follow_ups', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_xsd_follow_ups_owner_id_users'), 'users', ['owner_id'], ['id'], ondelete='SET NULL')
        batch_op.create_index(batch_op.f('ix_xsd_follow_ups_owner_id'), ['owner_id'])

    op.create_table('xsd_follow_up_updates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('follow_up_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('photo_name', sa.String(length=80), nullable=True),
    sa.Column('photo_type', sa.String(length=40), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('done', 'in_progress', 'not_started')", name=op.f('ck_xsd_follow_up_updates_status')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_xsd_follow_up_updates_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['follow_up_id'], ['xsd_follow_ups.id'], name=op.f('fk_xsd_follow_up_updates_follow_up_id_xsd_follow_ups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xsd_follow_up_updates'))
    )
    op.create_index(op.f('ix_xsd_follow_up_updates_follow_up_id'), 'xsd_follow_up_updates', ['follow_up_id'])


def downgrade():
    # The updates' photo files stay under UPLOAD_FOLDER/xsd/ (the rows naming them are gone).
    op.drop_index(op.f('ix_xsd_follow_up_updates_follow_up_id'), table_name='xsd_follow_up_updates')
    op.drop_table('xsd_follow_up_updates')
    with op.batch_alter_table('xsd_follow_ups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_xsd_follow_ups_owner_id'))
        batch_op.drop_constraint(batch_op.f('fk_xsd_follow_ups_owner_id_users'), type_='foreignkey')
        batch_op.drop_column('owner_id')
