"""fairs: B2B meetings are requested, then accepted (status, decided_at); earlier meetings stay accepted

Revision ID: 0028_meeting_requests
Revises: 0027_buying
"""
from alembic import op
import sqlalchemy as sa

revision = "0028_meeting_requests"
down_revision = "0027_buying"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("fair_meetings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("status", sa.String(length=10), server_default="accepted", nullable=False))
        batch_op.add_column(sa.Column("decided_at", sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table("fair_meetings", schema=None) as batch_op:
        batch_op.drop_column("decided_at")
        batch_op.drop_column("status")
