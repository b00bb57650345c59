"""Two new title provenances: "two-sources" and "one-source".

The criterion titles were checked against an independent public list
(criteria_data/sources/criteria-titles-external.csv): titles that agree are "two-sources", titles that
differed were replaced by the external one and are "one-source". Only the CHECK changes here; the rows
follow on the next `flask catalog load` (which `flask setup` runs after the migrations): the data file
is the one copy of the titles, and the loader already keeps titles an admin corrected ("admin") or the
official list imported ("imported").

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02

"""
from alembic import op


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

BEFORE = "title_confidence IN ('admin', 'imported', 'recalled', 'recalled-uncertain', 'verified')"
AFTER = ("title_confidence IN ('admin', 'imported', 'one-source', 'recalled', 'recalled-uncertain', "
         "'two-sources', 'verified')")


def upgrade():
    with op.batch_alter_table('criteria', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_criteria_title_confidence'), type_='check')
        batch_op.create_check_constraint(op.f('ck_criteria_title_confidence'), AFTER)


def downgrade():
    # The old CHECK does not know the new values: they go back to "recalled" (the next load of an
    # older data file sets them again).
    op.execute("UPDATE criteria SET title_confidence = 'recalled' WHERE title_confidence IN ('two-sources', 'one-source')")
    with op.batch_alter_table('criteria', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_criteria_title_confidence'), type_='check')
        batch_op.create_check_constraint(op.f('ck_criteria_title_confidence'), BEFORE)
