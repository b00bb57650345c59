"""Approvals are signatures: the hospital's four-eyes switch, and what a plan's approval covers.

hospitals.four_eyes (on for every hospital, existing ones included): whoever saved an answer or
changed a plan may not approve it. plans.edited_by_id: who last changed the plan's content.
plans.approval_withdrawn_at / _reason: a content change took the approval back, the director
must approve again (cleared by the next approval).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('hospitals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('four_eyes', sa.Boolean(), server_default=sa.true(), nullable=False))

    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.add_column(sa.Column('edited_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('approval_withdrawn_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('approval_withdrawn_reason', sa.Text(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_plans_edited_by_id_users'), 'users', ['edited_by_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_plans_edited_by_id_users'), type_='foreignkey')
        batch_op.drop_column('approval_withdrawn_reason')
        batch_op.drop_column('approval_withdrawn_at')
        batch_op.drop_column('edited_by_id')

    with op.batch_alter_table('hospitals', schema=None) as batch_op:
        batch_op.drop_column('four_eyes')
