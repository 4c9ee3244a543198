"""finance: offers tagged with the green-taxonomy project types they finance (Decision 21/2025/QĐ-TTg)

Revision ID: 0033_offer_project_types
Revises: 0032_lead_messages
"""
from alembic import op
import sqlalchemy as sa

revision = "0033_offer_project_types"
down_revision = "0032_lead_messages"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("finance_offers", schema=None) as batch_op:
        batch_op.add_column(sa.Column("project_types", sa.JSON(), nullable=False, server_default="[]"))


def downgrade():
    with op.batch_alter_table("finance_offers", schema=None) as batch_op:
        batch_op.drop_column("project_types")
