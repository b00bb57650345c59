"""The whole schema, from the models.

No installation existed before it, so the six earlier revisions were squashed into this one.
Every enum-like column has its CHECK (built from the code's constants, see database.one_of),
every foreign key says what a delete does, and each copied hospital_id is tied to its parent's
by a composite foreign key.

Revision ID: 0001
Revises:
Create Date: 2026-12-01

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('hospitals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('grade', sa.String(length=40), nullable=False),
    sa.Column('province', sa.String(length=100), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('director_name', sa.String(length=200), nullable=False),
    sa.Column('has_obstetrics', sa.Boolean(), nullable=False),
    sa.Column('has_paediatrics', sa.Boolean(), nullable=False),
    sa.Column('xsd_target', sa.Double(), nullable=False),
    sa.Column('xsd_bands', sa.JSON(), nullable=False),
    sa.Column('logo_path', sa.String(length=300), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hospitals')),
    sa.UniqueConstraint('name', name=op.f('uq_hospitals_name'))
    )
    op.create_table('login_addresses',
    sa.Column('address', sa.String(length=45), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('last_failure_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('address', name=op.f('pk_login_addresses'))
    )
    op.create_table('parts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=2), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_parts')),
    sa.UniqueConstraint('code', name=op.f('uq_parts_code'))
    )
    op.create_table('chapters',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('part_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=5), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('coefficient', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['part_id'], ['parts.id'], name=op.f('fk_chapters_part_id_parts'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_chapters')),
    sa.UniqueConstraint('code', name=op.f('uq_chapters_code'))
    )
    op.create_index(op.f('ix_chapters_part_id'), 'chapters', ['part_id'])

    op.create_table('departments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.CheckConstraint("kind IN ('clinical', 'office', 'paraclinical')", name=op.f('ck_departments_kind')),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_departments_hospital_id_hospitals'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_departments')),
    sa.UniqueConstraint('hospital_id', 'name', name=op.f('uq_departments_hospital_id_name')),
    sa.UniqueConstraint('id', 'hospital_id', name=op.f('uq_departments_id_hospital_id'))
    )
    op.create_table('plan_targets',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('mean_min', sa.Double(), nullable=True),
    sa.Column('mean_max', sa.Double(), nullable=True),
    sa.Column('no_level_1', sa.Boolean(), nullable=False),
    sa.Column('xsd_target', sa.Double(), nullable=True),
    sa.Column('criteria', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_plan_targets_hospital_id_hospitals'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_targets')),
    sa.UniqueConstraint('hospital_id', 'year', name=op.f('uq_plan_targets_hospital_id_year'))
    )
    op.create_table('xsd_templates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=True),
    sa.Column('code', sa.String(length=60), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=300), nullable=False),
    sa.Column('source', sa.Text(), nullable=False),
    sa.Column('total_points', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_xsd_templates_hospital_id_hospitals'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xsd_templates')),
    sa.UniqueConstraint('hospital_id', 'code', 'version', name=op.f('uq_xsd_templates_hospital_id_code_version'))
    )
    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('username', sa.String(length=80), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=200), nullable=True),
    sa.Column('password_hash', sa.String(length=256), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=True),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('must_change_password', sa.Boolean(), nullable=False),
    sa.Column('failed_logins', sa.Integer(), nullable=False),
    sa.Column('locked_until', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("role IN ('admin', 'assessor', 'dept_head', 'director', 'ksnk', 'ksnk_lead', 'province', 'quality')", name=op.f('ck_users_role')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_users_department_id_departments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_users_hospital_id_hospitals'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('username', name=op.f('uq_users_username'))
    )
    op.create_index(op.f('ix_users_hospital_id'), 'users', ['hospital_id'])

    op.create_table('xsd_groups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['template_id'], ['xsd_templates.id'], name=op.f('fk_xsd_groups_template_id_xsd_templates'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xsd_groups'))
    )
    op.create_index(op.f('ix_xsd_groups_template_id'), 'xsd_groups', ['template_id'])

    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_used_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    op.create_index(op.f('ix_api_tokens_user_id'), 'api_tokens', ['user_id'])

    op.create_table('criteria',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('chapter_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=10), nullable=False),
    sa.Column('title', sa.Text(), nullable=False),
    sa.Column('title_confidence', sa.String(length=30), nullable=False),
    sa.Column('title_corrected_by_id', sa.Integer(), nullable=True),
    sa.Column('title_corrected_at', sa.DateTime(), nullable=True),
    sa.Column('coefficient', sa.Integer(), nullable=False),
    sa.Column('applicability', sa.String(length=20), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint("applicability IN ('all', 'obstetrics', 'paediatrics')", name=op.f('ck_criteria_applicability')),
    sa.CheckConstraint("title_confidence IN ('admin', 'imported', 'recalled', 'recalled-uncertain', 'verified')", name=op.f('ck_criteria_title_confidence')),
    sa.ForeignKeyConstraint(['chapter_id'], ['chapters.id'], name=op.f('fk_criteria_chapter_id_chapters'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['title_corrected_by_id'], ['users.id'], name=op.f('fk_criteria_title_corrected_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_criteria')),
    sa.UniqueConstraint('code', name=op.f('uq_criteria_code'))
    )
    op.create_index(op.f('ix_criteria_chapter_id'), 'criteria', ['chapter_id'])
    op.create_index(op.f('ix_criteria_position'), 'criteria', ['position'])

    op.create_table('rounds',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('source_round_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('locked_at', sa.DateTime(), nullable=True),
    sa.Column('locked_by_id', sa.Integer(), nullable=True),
    sa.Column('submit_override_reason', sa.Text(), nullable=True),
    sa.Column('snapshot', sa.JSON(), nullable=True),
    sa.CheckConstraint("kind IN ('inspection', 'self')", name=op.f('ck_rounds_kind')),
    sa.CheckConstraint("status IN ('draft', 'locked', 'submitted')", name=op.f('ck_rounds_status')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_rounds_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_rounds_hospital_id_hospitals'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['locked_by_id'], ['users.id'], name=op.f('fk_rounds_locked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_round_id'], ['rounds.id'], name=op.f('fk_rounds_source_round_id_rounds'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rounds')),
    sa.UniqueConstraint('id', 'hospital_id', name=op.f('uq_rounds_id_hospital_id'))
    )
    op.create_index(op.f('ix_rounds_hospital_id'), 'rounds', ['hospital_id'])

    op.create_table('xsd_audits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('template_id', sa.Integer(), nullable=False),
    sa.Column('auditor_id', sa.Integer(), nullable=True),
    sa.Column('audit_date', sa.Date(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint("status IN ('draft', 'submitted')", name=op.f('ck_xsd_audits_status')),
    sa.ForeignKeyConstraint(['auditor_id'], ['users.id'], name=op.f('fk_xsd_audits_auditor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['department_id', 'hospital_id'], ['departments.id', 'departments.hospital_id'], name=op.f('fk_xsd_audits_department_id_departments'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['template_id'], ['xsd_templates.id'], name=op.f('fk_xsd_audits_template_id_xsd_templates'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xsd_audits'))
    )
    op.create_index(op.f('ix_xsd_audits_audit_date'), 'xsd_audits', ['audit_date'])
    op.create_index(op.f('ix_xsd_audits_department_id'), 'xsd_audits', ['department_id'])
    op.create_index('ix_xsd_audits_hospital_id_audit_date', 'xsd_audits', ['hospital_id', 'audit_date'])
    op.create_index(op.f('ix_xsd_audits_template_id'), 'xsd_audits', ['template_id'])

    op.create_table('xsd_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('group_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('max_points', sa.Integer(), nullable=False),
    sa.Column('critical', sa.Boolean(), nullable=False),
    sa.Column('guidance', sa.Text(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['group_id'], ['xsd_groups.id'], name=op.f('fk_xsd_items_group_id_xsd_groups'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xsd_items'))
    )
    op.create_index(op.f('ix_xsd_items_group_id'), 'xsd_items', ['group_id'])

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
    sa.ForeignKeyConstraint(['criterion_id'], ['criteria.id'], name=op.f('fk_assignments_criterion_id_criteria'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['lead_department_id'], ['departments.id'], name=op.f('fk_assignments_lead_department_id_departments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id', 'hospital_id'], ['rounds.id', 'rounds.hospital_id'], name=op.f('fk_assignments_round_id_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_assignments_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_assignments')),
    sa.UniqueConstraint('round_id', 'criterion_id', name=op.f('uq_assignments_round_id_criterion_id'))
    )
    op.create_index(op.f('ix_assignments_criterion_id'), 'assignments', ['criterion_id'])
    op.create_index(op.f('ix_assignments_due_date'), 'assignments', ['due_date'])
    op.create_index(op.f('ix_assignments_hospital_id'), 'assignments', ['hospital_id'])

    op.create_table('change_log',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('entity', sa.String(length=40), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=True),
    sa.Column('criterion_code', sa.String(length=20), nullable=True),
    sa.Column('field', sa.String(length=80), nullable=False),
    sa.Column('old', sa.Text(), nullable=True),
    sa.Column('new', sa.Text(), nullable=True),
    sa.CheckConstraint("entity IN ('action', 'assignment', 'catalog', 'evidence', 'hospital', 'plan', 'plan_entry', 'plan_target', 'report_text', 'result', 'round', 'xsd_audit', 'xsd_follow_up', 'xsd_template')", name=op.f('ck_change_log_entity')),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_change_log_hospital_id_hospitals'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_change_log_round_id_rounds'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_change_log_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_change_log'))
    )
    op.create_index(op.f('ix_change_log_at'), 'change_log', ['at'])
    op.create_index('ix_change_log_entity', 'change_log', ['entity', 'entity_id'])
    op.create_index(op.f('ix_change_log_hospital_id'), 'change_log', ['hospital_id'])
    op.create_index('ix_change_log_round_id_criterion_code_at', 'change_log', ['round_id', 'criterion_code', 'at'])

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
    sa.CheckConstraint("status IN ('approved', 'draft', 'in_progress')", name=op.f('ck_plans_status')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_plans_approved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_plans_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['hospital_id'], ['hospitals.id'], name=op.f('fk_plans_hospital_id_hospitals'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['round_id', 'hospital_id'], ['rounds.id', 'rounds.hospital_id'], name=op.f('fk_plans_round_id_rounds'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plans')),
    sa.UniqueConstraint('hospital_id', 'year', name=op.f('uq_plans_hospital_id_year')),
    sa.UniqueConstraint('id', 'hospital_id', name=op.f('uq_plans_id_hospital_id'))
    )
    op.create_index(op.f('ix_plans_round_id'), 'plans', ['round_id'])

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
    sa.ForeignKeyConstraint(['round_id', 'hospital_id'], ['rounds.id', 'rounds.hospital_id'], name=op.f('fk_report_texts_round_id_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_report_texts_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_report_texts')),
    sa.UniqueConstraint('round_id', name=op.f('uq_report_texts_round_id'))
    )
    op.create_index(op.f('ix_report_texts_hospital_id'), 'report_texts', ['hospital_id'])

    op.create_table('results',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('not_applicable', sa.Boolean(), nullable=False),
    sa.Column('na_reason', sa.Text(), nullable=False),
    sa.Column('finding_l1', sa.Boolean(), nullable=True),
    sa.Column('met_l2', sa.Boolean(), nullable=True),
    sa.Column('met_l3', sa.Boolean(), nullable=True),
    sa.Column('met_l4', sa.Boolean(), nullable=True),
    sa.Column('met_l5', sa.Boolean(), nullable=True),
    sa.Column('level', sa.Integer(), nullable=True),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('review_status', sa.String(length=20), nullable=False),
    sa.Column('review_comment', sa.Text(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=True),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint("review_status IN ('approved', 'draft', 'returned', 'submitted')", name=op.f('ck_results_review_status')),
    sa.CheckConstraint('level BETWEEN 1 AND 5', name=op.f('ck_results_level')),
    sa.ForeignKeyConstraint(['criterion_id'], ['criteria.id'], name=op.f('fk_results_criterion_id_criteria'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['round_id'], ['rounds.id'], name=op.f('fk_results_round_id_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_results_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_results')),
    sa.UniqueConstraint('round_id', 'criterion_id', name=op.f('uq_results_round_id_criterion_id'))
    )
    op.create_index(op.f('ix_results_criterion_id'), 'results', ['criterion_id'])

    op.create_table('sub_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=20), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('method', sa.Text(), nullable=False),
    sa.Column('evidence', sa.Text(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.CheckConstraint('level BETWEEN 1 AND 5', name=op.f('ck_sub_items_level')),
    sa.ForeignKeyConstraint(['criterion_id'], ['criteria.id'], name=op.f('fk_sub_items_criterion_id_criteria'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sub_items')),
    sa.UniqueConstraint('code', name=op.f('uq_sub_items_code'))
    )
    op.create_index(op.f('ix_sub_items_criterion_id'), 'sub_items', ['criterion_id'])

    op.create_table('xsd_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('audit_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sa.Integer(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=True),
    sa.Column('not_applicable', sa.Boolean(), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('photo_name', sa.String(length=80), nullable=True),
    sa.Column('photo_type', sa.String(length=40), nullable=True),
    sa.ForeignKeyConstraint(['audit_id'], ['xsd_audits.id'], name=op.f('fk_xsd_answers_audit_id_xsd_audits'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['item_id'], ['xsd_items.id'], name=op.f('fk_xsd_answers_item_id_xsd_items'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xsd_answers')),
    sa.UniqueConstraint('audit_id', 'item_id', name=op.f('uq_xsd_answers_audit_id_item_id'))
    )
    op.create_index(op.f('ix_xsd_answers_item_id'), 'xsd_answers', ['item_id'])

    op.create_table('xsd_follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.Column('audit_id', sa.Integer(), nullable=True),
    sa.Column('item_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('due_date', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint("status IN ('done', 'in_progress', 'not_started')", name=op.f('ck_xsd_follow_ups_status')),
    sa.ForeignKeyConstraint(['audit_id'], ['xsd_audits.id'], name=op.f('fk_xsd_follow_ups_audit_id_xsd_audits'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_xsd_follow_ups_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['department_id', 'hospital_id'], ['departments.id', 'departments.hospital_id'], name=op.f('fk_xsd_follow_ups_department_id_departments'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['item_id'], ['xsd_items.id'], name=op.f('fk_xsd_follow_ups_item_id_xsd_items'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_xsd_follow_ups'))
    )
    op.create_index(op.f('ix_xsd_follow_ups_audit_id'), 'xsd_follow_ups', ['audit_id'])
    op.create_index(op.f('ix_xsd_follow_ups_department_id'), 'xsd_follow_ups', ['department_id'])
    op.create_index(op.f('ix_xsd_follow_ups_hospital_id'), 'xsd_follow_ups', ['hospital_id'])

    op.create_table('assignment_assessors',
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_assignment_assessors_assignment_id_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_assignment_assessors_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assignment_id', 'user_id', name=op.f('pk_assignment_assessors'))
    )
    op.create_index(op.f('ix_assignment_assessors_user_id'), 'assignment_assessors', ['user_id'])

    op.create_table('assignment_departments',
    sa.Column('assignment_id', sa.Integer(), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['assignment_id'], ['assignments.id'], name=op.f('fk_assignment_departments_assignment_id_assignments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_assignment_departments_department_id_departments'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('assignment_id', 'department_id', name=op.f('pk_assignment_departments'))
    )
    op.create_index(op.f('ix_assignment_departments_department_id'), 'assignment_departments', ['department_id'])

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
    sa.ForeignKeyConstraint(['criterion_id'], ['criteria.id'], name=op.f('fk_evidence_criterion_id_criteria'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['round_id', 'hospital_id'], ['rounds.id', 'rounds.hospital_id'], name=op.f('fk_evidence_round_id_rounds'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sub_item_id'], ['sub_items.id'], name=op.f('fk_evidence_sub_item_id_sub_items'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_evidence_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_evidence')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_evidence_stored_name'))
    )
    op.create_index(op.f('ix_evidence_criterion_id'), 'evidence', ['criterion_id'])
    op.create_index(op.f('ix_evidence_hospital_id'), 'evidence', ['hospital_id'])
    op.create_index(op.f('ix_evidence_round_id'), 'evidence', ['round_id'])

    op.create_table('plan_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('plan_id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('criterion_id', sa.Integer(), nullable=False),
    sa.Column('current_level', sa.Integer(), nullable=False),
    sa.Column('target_level', sa.Integer(), nullable=False),
    sa.CheckConstraint('current_level BETWEEN 1 AND 5', name=op.f('ck_plan_entries_current_level')),
    sa.CheckConstraint('target_level BETWEEN 1 AND 5', name=op.f('ck_plan_entries_target_level')),
    sa.ForeignKeyConstraint(['criterion_id'], ['criteria.id'], name=op.f('fk_plan_entries_criterion_id_criteria'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['plan_id', 'hospital_id'], ['plans.id', 'plans.hospital_id'], name=op.f('fk_plan_entries_plan_id_plans'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_entries')),
    sa.UniqueConstraint('id', 'hospital_id', name=op.f('uq_plan_entries_id_hospital_id')),
    sa.UniqueConstraint('plan_id', 'criterion_id', name=op.f('uq_plan_entries_plan_id_criterion_id'))
    )
    op.create_index(op.f('ix_plan_entries_criterion_id'), 'plan_entries', ['criterion_id'])
    op.create_index(op.f('ix_plan_entries_hospital_id'), 'plan_entries', ['hospital_id'])

    op.create_table('sub_item_answers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('result_id', sa.Integer(), nullable=False),
    sa.Column('sub_item_id', sa.Integer(), nullable=False),
    sa.Column('value', sa.String(length=10), nullable=False),
    sa.CheckConstraint("value IN ('absent', 'met', 'na', 'present', 'unmet')", name=op.f('ck_sub_item_answers_value')),
    sa.ForeignKeyConstraint(['result_id'], ['results.id'], name=op.f('fk_sub_item_answers_result_id_results'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sub_item_id'], ['sub_items.id'], name=op.f('fk_sub_item_answers_sub_item_id_sub_items'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sub_item_answers')),
    sa.UniqueConstraint('result_id', 'sub_item_id', name=op.f('uq_sub_item_answers_result_id_sub_item_id'))
    )
    op.create_index(op.f('ix_sub_item_answers_sub_item_id'), 'sub_item_answers', ['sub_item_id'])

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
    sa.CheckConstraint("status IN ('doing', 'done', 'todo')", name=op.f('ck_plan_actions_status')),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], name=op.f('fk_plan_actions_department_id_departments'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['entry_id', 'hospital_id'], ['plan_entries.id', 'plan_entries.hospital_id'], name=op.f('fk_plan_actions_entry_id_plan_entries'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['responsible_id'], ['users.id'], name=op.f('fk_plan_actions_responsible_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_actions')),
    sa.UniqueConstraint('id', 'hospital_id', name=op.f('uq_plan_actions_id_hospital_id'))
    )
    op.create_index(op.f('ix_plan_actions_department_id'), 'plan_actions', ['department_id'])
    op.create_index(op.f('ix_plan_actions_entry_id'), 'plan_actions', ['entry_id'])
    op.create_index(op.f('ix_plan_actions_hospital_id'), 'plan_actions', ['hospital_id'])
    op.create_index(op.f('ix_plan_actions_responsible_id'), 'plan_actions', ['responsible_id'])

    op.create_table('plan_progress_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('action_id', sa.Integer(), nullable=False),
    sa.Column('hospital_id', sa.Integer(), nullable=False),
    sa.Column('on', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['action_id', 'hospital_id'], ['plan_actions.id', 'plan_actions.hospital_id'], name=op.f('fk_plan_progress_notes_action_id_plan_actions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_plan_progress_notes_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_progress_notes'))
    )
    op.create_index(op.f('ix_plan_progress_notes_action_id'), 'plan_progress_notes', ['action_id'])
    op.create_index(op.f('ix_plan_progress_notes_hospital_id'), 'plan_progress_notes', ['hospital_id'])


def downgrade():
    op.drop_table('plan_progress_notes')
    op.drop_table('plan_actions')
    op.drop_table('sub_item_answers')
    op.drop_table('plan_entries')
    op.drop_table('evidence')
    op.drop_table('assignment_departments')
    op.drop_table('assignment_assessors')
    op.drop_table('xsd_follow_ups')
    op.drop_table('xsd_answers')
    op.drop_table('sub_items')
    op.drop_table('results')
    op.drop_table('report_texts')
    op.drop_table('plans')
    op.drop_table('change_log')
    op.drop_table('assignments')
    op.drop_table('xsd_items')
    op.drop_table('xsd_audits')
    op.drop_table('rounds')
    op.drop_table('criteria')
    op.drop_table('api_tokens')
    op.drop_table('xsd_groups')
    op.drop_table('users')
    op.drop_table('xsd_templates')
    op.drop_table('plan_targets')
    op.drop_table('departments')
    op.drop_table('chapters')
    op.drop_table('parts')
    op.drop_table('login_addresses')
    op.drop_table('hospitals')
