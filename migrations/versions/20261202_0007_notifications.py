"""In-app notifications: one row per user and event (assigned, returned, approved, a plan to approve,
due soon, overdue, a carried criterion to confirm), with its read state.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

KINDS = "kind IN ('approved', 'assigned', 'due_soon', 'overdue', 'plan_to_approve', 'returned', 'to_confirm')"


def upgrade():
    op.create_table(
        'notifications',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('subject', sa.String(length=300), nullable=False),
        sa.Column('comment', sa.Text(), nullable=True),
        sa.Column('round_id', sa.Integer(), nullable=True),
        sa.Column('criterion_code', sa.String(length=20), nullable=True),
        sa.Column('plan_id', sa.Integer(), nullable=True),
        sa.Column('due_date', sa.Date(), nullable=True),
        sa.Column('key', sa.String(length=200), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.Column('read_at', sa.DateTime(), nullable=True),
        sa.CheckConstraint(KINDS, name=op.f('ck_notifications_kind')),
        sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_notifications_plan_id_plans'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_notifications_round_id_rounds'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
        sa.UniqueConstraint('user_id', 'key', name=op.f('uq_notifications_user_id_key')),
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_user_id_created_at', ['user_id', 'created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_round_id'), ['round_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_plan_id'), ['plan_id'], unique=False)


def downgrade():
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_plan_id'))
        batch_op.drop_index(batch_op.f('ix_notifications_round_id'))
        batch_op.drop_index('ix_notifications_user_id_created_at')
    op.drop_table('notifications')
