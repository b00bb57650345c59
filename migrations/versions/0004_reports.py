"""reports: the written sections V–IX of a round report

Revision ID: 0004_reports
Revises: 0001_core
Create Date: 2026-11-23 11:08:42.110757

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_reports'
down_revision = "0002_checklists"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('report_texts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('strengths', sa.Text(), nullable=False),
    sa.Column('weaknesses', sa.Text(), nullable=False),
    sa.Column('priorities', sa.Text(), nullable=False),
    sa.Column('solutions', sa.Text(), nullable=False),
    sa.Column('commitment', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_report_texts_hospital_id_hospitals')),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_report_texts_round_id_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_report_texts_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_texts')),
    sa.UniqueConstraint('round_id', name=op.f('uq_report_texts_round_id'))
    )
    with op.batch_alter_table('report_texts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_report_texts_hospital_id'), ['hospital_id'], unique=False)



def downgrade():
    with op.batch_alter_table('report_texts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_report_texts_hospital_id'))

    op.drop_table('report_texts')
