"""A hospital may set its own time zone (hospitals.timezone, IANA name; none: the installation's TIMEZONE).

Times stay stored in UTC; the zone only decides how they are shown and what "today" is.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-02

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('hospitals', schema=None) as batch_op:
        batch_op.add_column(sa.Column('timezone', sa.String(length=64), nullable=True))


def downgrade():
    with op.batch_alter_table('hospitals', schema=None) as batch_op:
        batch_op.drop_column('timezone')
