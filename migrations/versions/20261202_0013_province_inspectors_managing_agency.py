"""Province inspectors and the managing agency.

- users.role may be 'inspector': the health department's inspection team (no hospital).
- inspector_hospitals: the hospitals an inspector is given (by the installation admin); both foreign
  keys cascade (a removed account or hospital takes its assignments with it).
- rounds.province_team: the round was entered by the province team (only for kind 'inspection'); the
  hospital reads it, only the team writes it. Existing rounds are the hospitals' own (false).
- hospitals.managing_agency: cơ quan chủ quản, printed above the hospital in document headings
  (empty: "Sở Y tế <province>" as before).

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

OLD_ROLES = ('admin', 'assessor', 'dept_head', 'director', 'ksnk', 'ksnk_lead', 'province', 'quality')
NEW_ROLES = tuple(sorted(OLD_ROLES + ('inspector',)))


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    op.create_table('inspector_hospitals',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_inspector_hospitals_hospital_id_hospitals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_inspector_hospitals_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'hospital_id', name=op.f('pk_inspector_hospitals'))
    )
    with op.batch_alter_table('inspector_hospitals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_inspector_hospitals_hospital_id'), ['hospital_id'], unique=False)

    with op.batch_alter_table('hospitals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('managing_agency', sa.String(length=200), server_default='', nullable=False))

    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('province_team', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.create_check_constraint(op.f('ck_rounds_province_team_inspection'), "NOT province_team OR kind = 'inspection'")

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_users_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_users_role'), _in('role', NEW_ROLES))


def downgrade():
    users = sa.table('users', sa.column('role', sa.String), sa.column('active', sa.Boolean))
    op.execute(users.update().where(users.c.role == 'inspector').values(role='province', active=False))  # kept, switched off
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_users_role'), type_='check')
        batch_op.create_check_constraint(op.f('ck_users_role'), _in('role', OLD_ROLES))

    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_rounds_province_team_inspection'), type_='check')
        batch_op.drop_column('province_team')

    with op.batch_alter_table('hospitals', schema=None) as batch_op:
        batch_op.drop_column('managing_agency')

    with op.batch_alter_table('inspector_hospitals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_inspector_hospitals_hospital_id'))

    op.drop_table('inspector_hospitals')
