"""Xanh – Sạch – Đẹp forms per department and inspection teams: templates given to departments (by code),
teams with members, the member who scores each item in a team's audit, an audit's team, and who last
scored each answer.

Additive: existing templates stay hospital-wide (no rows), existing audits have no team (team_id NULL) and
their answers no scorer (scored_by_id NULL) and version 0 (a team member's save names the version it saw).

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

# The trail names teams too ("xsd_team"): the CHECK of change_log.entity grows by one value.
# OLD_ENTITIES is the list as 0011 left it (0011 added the TT 35 items and their answers).
OLD_ENTITIES = ('action', 'assignment', 'catalog', 'department', 'evidence', 'framework_item', 'hospital', 'item_result', 'plan',
                'plan_entry', 'plan_target', 'report_text', 'result', 'round', 'user', 'xsd_audit', 'xsd_follow_up', 'xsd_template')
NEW_ENTITIES = tuple(sorted(OLD_ENTITIES + ('xsd_team',)))


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    op.create_table('xsd_teams',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_xsd_teams_hospital_id_hospitals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xsd_teams')),
    sa.UniqueConstraint('hospital_id', 'name', name=op.f('uq_xsd_teams_hospital_id_name')),
    sa.UniqueConstraint('id', 'hospital_id', name=op.f('uq_xsd_teams_id_hospital_id'))
    )
    with op.batch_alter_table('xsd_teams', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_xsd_teams_hospital_id'), ['hospital_id'], unique=False)

    op.create_table('xsd_template_departments',
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('template_code', sa.String(length=60), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['department_id', 'hospital_id'], ['departments.id', 'departments.hospital_id'], name=op.f('fk_xsd_template_departments_department_id_departments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('hospital_id', 'template_code', 'department_id', name=op.f('pk_xsd_template_departments'))
    )
    with op.batch_alter_table('xsd_template_departments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_xsd_template_departments_department_id'), ['department_id'], unique=False)

    op.create_table('xsd_team_members',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.String(length=100), nullable=False),
    sa.ForeignKeyConstraint(['team_id', 'hospital_id'], ['xsd_teams.id', 'xsd_teams.hospital_id'], name=op.f('fk_xsd_team_members_team_id_xsd_teams'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_xsd_team_members_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xsd_team_members')),
    sa.UniqueConstraint('id', 'team_id', name=op.f('uq_xsd_team_members_id_team_id')),
    sa.UniqueConstraint('team_id', 'user_id', name=op.f('uq_xsd_team_members_team_id_user_id'))
    )
    with op.batch_alter_table('xsd_team_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_xsd_team_members_team_id'), ['team_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_xsd_team_members_user_id'), ['user_id'], unique=False)

    op.create_table('xsd_team_items',
    sa.Column('team_id', sa.Integer(), nullable=False),
    sa.Column('template_code', sa.String(length=60), nullable=False),
    sa.Column('item_code', sa.String(length=20), nullable=False),
    sa.Column('member_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['member_id', 'team_id'], ['xsd_team_members.id', 'xsd_team_members.team_id'], name=op.f('fk_xsd_team_items_member_id_xsd_team_members'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('team_id', 'template_code', 'item_code', name=op.f('pk_xsd_team_items'))
    )
    with op.batch_alter_table('xsd_team_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_xsd_team_items_member_id'), ['member_id'], unique=False)

    with op.batch_alter_table('xsd_answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('scored_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('scored_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='0', nullable=False))
        batch_op.create_foreign_key(batch_op.f('fk_xsd_answers_scored_by_id_users'), 'users', ['scored_by_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('xsd_audits', schema=None) as batch_op:
        batch_op.add_column(sa.Column('team_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_xsd_audits_team_id'), ['team_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_xsd_audits_team_id_xsd_teams'), 'xsd_teams', ['team_id', 'hospital_id'], ['id', 'hospital_id'], ondelete='RESTRICT')

    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_change_log_entity'), type_='check')
        batch_op.create_check_constraint(op.f('ck_change_log_entity'), _in('entity', NEW_ENTITIES))



def downgrade():
    op.execute("DELETE FROM change_log WHERE entity = 'xsd_team'")
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_change_log_entity'), type_='check')
        batch_op.create_check_constraint(op.f('ck_change_log_entity'), _in('entity', OLD_ENTITIES))

    with op.batch_alter_table('xsd_audits', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_xsd_audits_team_id_xsd_teams'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_xsd_audits_team_id'))
        batch_op.drop_column('team_id')

    with op.batch_alter_table('xsd_answers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_xsd_answers_scored_by_id_users'), type_='foreignkey')
        batch_op.drop_column('version')
        batch_op.drop_column('scored_at')
        batch_op.drop_column('scored_by_id')

    with op.batch_alter_table('xsd_team_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_xsd_team_items_member_id'))

    op.drop_table('xsd_team_items')
    with op.batch_alter_table('xsd_team_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_xsd_team_members_user_id'))
        batch_op.drop_index(batch_op.f('ix_xsd_team_members_team_id'))

    op.drop_table('xsd_team_members')
    with op.batch_alter_table('xsd_template_departments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_xsd_template_departments_department_id'))

    op.drop_table('xsd_template_departments')
    with op.batch_alter_table('xsd_teams', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_xsd_teams_hospital_id'))

    op.drop_table('xsd_teams')
