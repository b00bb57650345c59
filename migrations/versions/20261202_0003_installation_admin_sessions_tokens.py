"""Installation admin, session generations, named expiring revocable tokens, per-(account, address) lockout.

- users.installation_role: a grant above every hospital ('admin': province accounts and grants;
  'catalog': the shared catalogue). An existing installation's earliest admin account (by created_at,
  then id) becomes its installation admin, so somebody can still change the catalogue.
- users.session_generation: sessions and remember-me cookies carry it; bumping it ends them. Sessions
  issued before this revision carry no generation and are asked to log in again.
- api_tokens.name / expires_at / revoked_at: tokens issued before this revision expire 90 days
  after the upgrade (not after their creation, so no script stops the day of the upgrade).
- login_failures: failures of one account from one address (the lock applies to that pair only).
- change_log.entity may be 'user' (lockouts, role and grant changes, token revocations).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02

"""
from datetime import datetime, timedelta, UTC

from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

OLD_ENTITIES = ('action', 'assignment', 'catalog', 'evidence', 'hospital', 'plan', 'plan_entry', 'plan_target',
                'report_text', 'result', 'round', 'xsd_audit', 'xsd_follow_up', 'xsd_template')
NEW_ENTITIES = tuple(sorted(OLD_ENTITIES + ('user',)))


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('installation_role', sa.String(length=20), nullable=True))
        batch_op.create_check_constraint(op.f('ck_users_installation_role'), _in('installation_role', ('admin', 'catalog')))

    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.add_column(sa.Column('name', sa.String(length=100), server_default='', nullable=False))
        batch_op.add_column(sa.Column('expires_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('revoked_at', sa.DateTime(), nullable=True))

    op.create_table('login_failures',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('address', sa.String(length=45), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_failure_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_login_failures_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'address', name=op.f('pk_login_failures'))
    )

    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_change_log_entity'), type_='check')
        batch_op.create_check_constraint(op.f('ck_change_log_entity'), _in('entity', NEW_ENTITIES))

    users = sa.table('users', sa.column('id', sa.Integer), sa.column('role', sa.String),
                     sa.column('created_at', sa.DateTime), sa.column('installation_role', sa.String))
    bind = op.get_bind()
    earliest = bind.execute(
        sa.select(users.c.id).where(users.c.role == 'admin').order_by(users.c.created_at, users.c.id).limit(1)
    ).scalar()
    if earliest is not None:
        bind.execute(users.update().where(users.c.id == earliest).values(installation_role='admin'))
    tokens = sa.table('api_tokens', sa.column('expires_at', sa.DateTime))
    later = datetime.now(UTC).replace(tzinfo=None) + timedelta(days=90)
    bind.execute(tokens.update().where(tokens.c.expires_at.is_(None)).values(expires_at=later))


def downgrade():
    op.execute("DELETE FROM change_log WHERE entity = 'user'")
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_change_log_entity'), type_='check')
        batch_op.create_check_constraint(op.f('ck_change_log_entity'), _in('entity', OLD_ENTITIES))
    op.drop_table('login_failures')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_column('revoked_at')
        batch_op.drop_column('expires_at')
        batch_op.drop_column('name')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_users_installation_role'), type_='check')
        batch_op.drop_column('installation_role')
        batch_op.drop_column('session_generation')
