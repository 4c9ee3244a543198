"""jobs: job_runs table; merges the domain branches (sourcing, logistics, finance, fairs) into one head

Revision ID: 0009_jobs
Revises: 0005_sourcing, 0006_logistics, 0007_finance, 0008_fairs_payments
Create Date: 2026-11-24 13:30:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0009_jobs"
down_revision = ("0005_sourcing", "0006_logistics", "0007_finance", "0008_fairs_payments")
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "job_runs",
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("last_started_at", sa.DateTime(), nullable=True),
        sa.Column("last_finished_at", sa.DateTime(), nullable=True),
        sa.Column("last_result", sa.String(length=200), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_job_runs")),
    )


def downgrade():
    op.drop_table("job_runs")
