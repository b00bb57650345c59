"""Improvement plans: yearly targets, plans, entries, actions, progress notes.

Revision ID: 0003_plans
Revises: 0004_reports
Create Date: 2026-11-23 11:09:06.251222

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003_plans'
down_revision = "0004_reports"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('plan_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('mean_min', sa.Double(), nullable=True),
    sa.Column('mean_max', sa.Double(), nullable=True),
    sa.Column('no_level_1', sa.Boolean(), nullable=False),
    sa.Column('xsd_target', sa.Double(), nullable=True),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_plan_targets_hospital_id_hospitals')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_targets')),
    sa.UniqueConstraint('hospital_id', 'year', name=op.f('uq_plan_targets_hospital_id_year'))
    )
    with op.batch_alter_table('plan_targets', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_targets_hospital_id'), ['hospital_id'], unique=False)

    op.create_table('plans',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('include_level_3', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_plans_approved_by_id_users')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_plans_created_by_id_users')),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_plans_hospital_id_hospitals')),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_plans_round_id_rounds')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans')),
    sa.UniqueConstraint('hospital_id', 'year', name=op.f('uq_plans_hospital_id_year'))
    )
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plans_hospital_id'), ['hospital_id'], unique=False)

    op.create_table('plan_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('current_level', sa.Integer(), nullable=False),
    sa.Column('target_level', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['criteria.id'], name=op.f('fk_plan_entries_criterion_id_criteria')),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_plan_entries_hospital_id_hospitals')),
    sa.ForeignKeyConstraint(['plan_id'], ['plans.id'], name=op.f('fk_plan_entries_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_entries')),
    sa.UniqueConstraint('plan_id', 'criterion_id', name=op.f('uq_plan_entries_plan_id_criterion_id'))
    )
    with op.batch_alter_table('plan_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_entries_hospital_id'), ['hospital_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_entries_plan_id'), ['plan_id'], unique=False)

    op.create_table('plan_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('entry_id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('responsible_id', sa.Integer(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_plan_actions_department_id_departments')),
    sa.ForeignKeyConstraint(['entry_id'], ['plan_entries.id'], name=op.f('fk_plan_actions_entry_id_plan_entries')),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_plan_actions_hospital_id_hospitals')),
    sa.ForeignKeyConstraint(['responsible_id'], ['users.id'], name=op.f('fk_plan_actions_responsible_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_actions'))
    )
    with op.batch_alter_table('plan_actions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_actions_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_actions_entry_id'), ['entry_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_actions_hospital_id'), ['hospital_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_actions_responsible_id'), ['responsible_id'], unique=False)

    op.create_table('plan_progress_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['action_id'], ['plan_actions.id'], name=op.f('fk_plan_progress_notes_action_id_plan_actions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_plan_progress_notes_hospital_id_hospitals')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_plan_progress_notes_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_progress_notes'))
    )
    with op.batch_alter_table('plan_progress_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_plan_progress_notes_action_id'), ['action_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_plan_progress_notes_hospital_id'), ['hospital_id'], unique=False)



def downgrade():
    with op.batch_alter_table('plan_progress_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_progress_notes_hospital_id'))
        batch_op.drop_index(batch_op.f('ix_plan_progress_notes_action_id'))

    op.drop_table('plan_progress_notes')
    with op.batch_alter_table('plan_actions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_actions_responsible_id'))
        batch_op.drop_index(batch_op.f('ix_plan_actions_hospital_id'))
        batch_op.drop_index(batch_op.f('ix_plan_actions_entry_id'))
        batch_op.drop_index(batch_op.f('ix_plan_actions_department_id'))

    op.drop_table('plan_actions')
    with op.batch_alter_table('plan_entries', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_entries_plan_id'))
        batch_op.drop_index(batch_op.f('ix_plan_entries_hospital_id'))

    op.drop_table('plan_entries')
    with op.batch_alter_table('plans', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plans_hospital_id'))

    op.drop_table('plans')
    with op.batch_alter_table('plan_targets', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_plan_targets_hospital_id'))

    op.drop_table('plan_targets')
