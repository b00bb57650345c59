"""Next year from this year, and undo: carried answers, chapter N/A, reopened rounds' versions.

- results.needs_confirmation: a criterion carried with its answers from an earlier round is provisional
  ("cần xác nhận lại") until an assessor confirms or saves it; the round cannot be submitted before.
- results.na_by_chapter: made not applicable with its whole chapter (the chapter's undo clears exactly these).
- round_versions: the lock-time summary of a round an admin reopened, with who, when and why.
- change_log.entity may be 'department' (renamed, merged, deactivated: the trail keeps the old names).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

OLD_ENTITIES = ('action', 'assignment', 'catalog', 'evidence', 'hospital', 'plan', 'plan_entry', 'plan_target',
                'report_text', 'result', 'round', 'user', 'xsd_audit', 'xsd_follow_up', 'xsd_template')
NEW_ENTITIES = tuple(sorted(OLD_ENTITIES + ('department',)))


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    with op.batch_alter_table('results', schema=None) as batch_op:
        batch_op.add_column(sa.Column('needs_confirmation', sa.Boolean(), server_default=sa.false(), nullable=False))
        batch_op.add_column(sa.Column('na_by_chapter', sa.Boolean(), server_default=sa.false(), nullable=False))

    op.create_table('round_versions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('snapshot', sa.JSON(), nullable=False),
    sa.Column('locked_at', sa.DateTime(), nullable=True),
    sa.Column('locked_by_id', sa.Integer(), nullable=True),
    sa.Column('reopened_at', sa.DateTime(), nullable=False),
    sa.Column('reopened_by_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['locked_by_id'], ['users.id'], name=op.f('fk_round_versions_locked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['reopened_by_id'], ['users.id'], name=op.f('fk_round_versions_reopened_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id', 'hospital_id'], ['rounds.id', 'rounds.hospital_id'], name=op.f('fk_round_versions_round_id_rounds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_versions'))
    )
    op.create_index(op.f('ix_round_versions_hospital_id'), 'round_versions', ['hospital_id'])
    op.create_index(op.f('ix_round_versions_round_id'), 'round_versions', ['round_id'])

    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_change_log_entity'), type_='check')
        batch_op.create_check_constraint(op.f('ck_change_log_entity'), _in('entity', NEW_ENTITIES))


def downgrade():
    op.execute("DELETE FROM change_log WHERE entity = 'department'")
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_change_log_entity'), type_='check')
        batch_op.create_check_constraint(op.f('ck_change_log_entity'), _in('entity', OLD_ENTITIES))
    op.drop_index(op.f('ix_round_versions_round_id'), table_name='round_versions')
    op.drop_index(op.f('ix_round_versions_hospital_id'), table_name='round_versions')
    op.drop_table('round_versions')
    with op.batch_alter_table('results', schema=None) as batch_op:
        batch_op.drop_column('na_by_chapter')
        batch_op.drop_column('needs_confirmation')
