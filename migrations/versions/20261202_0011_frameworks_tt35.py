"""Frameworks: the 83 criteria become framework "qd6858"; TT 35/2024 items and their answers.

- frameworks: code, name, version, kind of answer ("levels" for the 83 criteria, "yes_no_na" for TT 35).
  The row "qd6858" is created here and every existing round belongs to it (nothing changes for users).
- framework_items: the items of a yes/no framework with the provenance of their text (loaded by `catalog load`).
- item_results: one answer per item and round (Có / Không / Không áp dụng with its reason), note, evidence,
  department, review; item_evidence: the files attached to an item (checked and stored like evidence).
- rounds.framework_id; change_log.entity may be 'item_result' or 'framework_item'.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

OLD_ENTITIES = ('action', 'assignment', 'catalog', 'department', 'evidence', 'hospital', 'plan', 'plan_entry',
                'plan_target', 'report_text', 'result', 'round', 'user', 'xsd_audit', 'xsd_follow_up', 'xsd_template')
NEW_ENTITIES = tuple(sorted(OLD_ENTITIES + ('framework_item', 'item_result')))


def _in(column, values):
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def upgrade():
    op.create_table('frameworks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('version', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("kind IN ('levels', 'yes_no_na')", name=op.f('ck_frameworks_kind')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_frameworks')),
    sa.UniqueConstraint('code', name=op.f('uq_frameworks_code'))
    )
    op.create_table('framework_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('framework_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('group_code', sa.String(length=10), nullable=False),
    sa.Column('group_name', sa.String(length=300), nullable=False),
    sa.Column('heading', sa.String(length=300), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('provenance', sa.String(length=30), nullable=False),
    sa.Column('corrected_by_id', sa.Integer(), nullable=True),
    sa.Column('corrected_at', sa.DateTime(), nullable=True),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("provenance IN ('admin', 'imported', 'one-transcription', 'two-transcriptions')", name=op.f('ck_framework_items_provenance')),
    sa.ForeignKeyConstraint(['corrected_by_id'], ['users.id'], name=op.f('fk_framework_items_corrected_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['framework_id'], ['frameworks.id'], name=op.f('fk_framework_items_framework_id_frameworks'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_framework_items')),
    sa.UniqueConstraint('framework_id', 'code', name=op.f('uq_framework_items_framework_id_code'))
    )
    with op.batch_alter_table('framework_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_framework_items_framework_id'), ['framework_id'], unique=False)

    op.create_table('item_results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('answer', sa.String(length=10), nullable=True),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('review_status', sa.String(length=20), nullable=False),
    sa.Column('review_comment', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("answer IN ('na', 'no', 'yes')", name=op.f('ck_item_results_answer')),
    sa.CheckConstraint("answer IS NULL OR answer <> 'na' OR reason <> ''", name=op.f('ck_item_results_na_reason')),
    sa.CheckConstraint("review_status IN ('approved', 'draft', 'returned', 'submitted')", name=op.f('ck_item_results_review_status')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_item_results_department_id_departments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['item_id'], ['framework_items.id'], name=op.f('fk_item_results_item_id_framework_items'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_item_results_round_id_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_item_results_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_results')),
    sa.UniqueConstraint('round_id', 'item_id', name=op.f('uq_item_results_round_id_item_id'))
    )
    with op.batch_alter_table('item_results', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_results_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_item_results_round_id'), ['round_id'], unique=False)

    op.create_table('item_evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('item_result_id', sa.Integer(), nullable=False),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=False),
    sa.Column('mimetype', sa.String(length=120), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['item_result_id'], ['item_results.id'], name=op.f('fk_item_evidence_item_result_id_item_results'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['round_id', 'hospital_id'], ['rounds.id', 'rounds.hospital_id'], name=op.f('fk_item_evidence_round_id_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_item_evidence_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_evidence')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_item_evidence_stored_name'))
    )
    with op.batch_alter_table('item_evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_evidence_hospital_id'), ['hospital_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_item_evidence_item_result_id'), ['item_result_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_item_evidence_round_id'), ['round_id'], unique=False)

    frameworks = sa.table('frameworks', sa.column('id', sa.Integer), sa.column('code', sa.String),
                          sa.column('name', sa.String), sa.column('version', sa.String), sa.column('kind', sa.String),
                          sa.column('position', sa.Integer))
    op.bulk_insert(frameworks, [{'id': 1, 'code': 'qd6858', 'name': 'Bộ tiêu chí chất lượng bệnh viện Việt Nam (QĐ 6858/QĐ-BYT)',
                                 'version': '2.0', 'kind': 'levels', 'position': 1}])
    if op.get_bind().dialect.name == 'postgresql':  # the explicit id leaves the sequence behind
        op.execute("SELECT setval(pg_get_serial_sequence('frameworks', 'id'), (SELECT MAX(id) FROM frameworks))")

    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.add_column(sa.Column('framework_id', sa.Integer(), nullable=True))
    op.execute("UPDATE rounds SET framework_id = (SELECT id FROM frameworks WHERE code = 'qd6858')")
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.alter_column('framework_id', existing_type=sa.Integer(), nullable=False)
        batch_op.create_index(batch_op.f('ix_rounds_framework_id'), ['framework_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_rounds_framework_id_frameworks'), 'frameworks', ['framework_id'], ['id'], ondelete='RESTRICT')

    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_change_log_entity'), type_='check')
        batch_op.create_check_constraint(op.f('ck_change_log_entity'), _in('entity', NEW_ENTITIES))


def downgrade():
    op.execute("DELETE FROM change_log WHERE entity IN ('framework_item', 'item_result')")
    with op.batch_alter_table('change_log', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_change_log_entity'), type_='check')
        batch_op.create_check_constraint(op.f('ck_change_log_entity'), _in('entity', OLD_ENTITIES))
    # The rounds of other frameworks cannot be kept without their framework.
    op.execute("DELETE FROM rounds WHERE framework_id <> (SELECT id FROM frameworks WHERE code = 'qd6858')")
    with op.batch_alter_table('rounds', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_rounds_framework_id_frameworks'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_rounds_framework_id'))
        batch_op.drop_column('framework_id')

    with op.batch_alter_table('item_results', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_results_round_id'))
        batch_op.drop_index(batch_op.f('ix_item_results_item_id'))

    op.drop_table('item_evidence')
    op.drop_table('item_results')
    with op.batch_alter_table('framework_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_framework_items_framework_id'))

    op.drop_table('framework_items')
    op.drop_table('frameworks')
