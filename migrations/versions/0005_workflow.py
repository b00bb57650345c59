"""workflow: assignments and evidence

Revision ID: 0005_workflow
Revises: 0006_security
Create Date: 2026-11-23 11:09:13.270057

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_workflow'
down_revision = '0006_security'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('assignments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('lead_department_id', sa.Integer(), nullable=True),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['criterion_id'], ['criteria.id'], name=op.f('fk_assignments_criterion_id_criteria')),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_assignments_hospital_id_hospitals')),
    sa.ForeignKeyConstraint(['lead_department_id'], ['departments.id'], name=op.f('fk_assignments_lead_department_id_departments')),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_assignments_round_id_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_assignments_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignments')),
    sa.UniqueConstraint('round_id', 'criterion_id', name=op.f('uq_assignments_round_id_criterion_id'))
    )
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_assignments_criterion_id'), ['criterion_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignments_due_date'), ['due_date'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignments_hospital_id'), ['hospital_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_assignments_round_id'), ['round_id'], unique=False)

    op.create_table('assignment_assessors',
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_assignment_assessors_assignment_id_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_assignment_assessors_user_id_users')),
    sa.PrimaryKeyConstraint('assignment_id', 'user_id', name=op.f('pk_assignment_assessors'))
    )
    op.create_table('assignment_departments',
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_assignment_departments_assignment_id_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_assignment_departments_department_id_departments')),
    sa.PrimaryKeyConstraint('assignment_id', 'department_id', name=op.f('pk_assignment_departments'))
    )
    op.create_table('evidence',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('sub_item_id', sa.Integer(), nullable=True),
    sa.Column('original_name', sa.String(length=255), nullable=False),
    sa.Column('stored_name', sa.String(length=80), nullable=False),
    sa.Column('mimetype', sa.String(length=120), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', sa.DateTime(), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['criterion_id'], ['criteria.id'], name=op.f('fk_evidence_criterion_id_criteria')),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_evidence_hospital_id_hospitals')),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_evidence_round_id_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sub_item_id'], ['sub_items.id'], name=op.f('fk_evidence_sub_item_id_sub_items')),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_evidence_uploaded_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_evidence_stored_name'))
    )
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_evidence_criterion_id'), ['criterion_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_hospital_id'), ['hospital_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_evidence_round_id'), ['round_id'], unique=False)



def downgrade():
    with op.batch_alter_table('evidence', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_evidence_round_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_hospital_id'))
        batch_op.drop_index(batch_op.f('ix_evidence_criterion_id'))

    op.drop_table('evidence')
    op.drop_table('assignment_departments')
    op.drop_table('assignment_assessors')
    with op.batch_alter_table('assignments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_assignments_round_id'))
        batch_op.drop_index(batch_op.f('ix_assignments_hospital_id'))
        batch_op.drop_index(batch_op.f('ix_assignments_due_date'))
        batch_op.drop_index(batch_op.f('ix_assignments_criterion_id'))

    op.drop_table('assignments')
