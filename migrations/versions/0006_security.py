"""Security: failed logins per client address (login throttling)

Revision ID: 0006_security
Revises: 0001_core
Create Date: 2026-11-23 11:11:34.489351

"""
import sqlalchemy as sa
from alembic import op


# revision identifiers, used by Alembic.
revision = "0006_security"
down_revision = "0003_plans"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("login_addresses",
    sa.Column("address", sa.String(length=45), nullable=False),
    sa.Column("failures", sa.Integer(), nullable=False),
    sa.Column("locked_until", sa.DateTime(), nullable=True),
    sa.Column("last_failure_at", sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint("address", name=op.f("pk_login_addresses"))
    )


def downgrade():
    op.drop_table("login_addresses")
