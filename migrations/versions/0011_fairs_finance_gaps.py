"""fairs and finance gaps: meeting reminder flags

Revision ID: 0011_fairs_finance_gaps
Revises: 0009_jobs
Create Date: 2026-11-25 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0011_fairs_finance_gaps"
down_revision = "0009_jobs"
branch_labels = ("fairs_finance_gaps",)
depends_on = None


def upgrade():
    with op.batch_alter_table("fair_meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reminded_24h_at", sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column("reminded_1h_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("fair_meetings", schema=None) as batch_op:
        batch_op.drop_column("reminded_1h_at")
        batch_op.drop_column("reminded_24h_at")
