"""Constraints behind the business rules that concurrent requests raced (issue 13, finding 10):
one submitted quote per supplier and request, one deal per request.

Revision ID: 0021_race_rules
Revises: 0020_trace
"""
from alembic import op
import sqlalchemy as sa

revision = "0021_race_rules"
down_revision = "0020_trace"
branch_labels = None
depends_on = None

SUBMITTED = sa.text("status = 'submitted'")


def upgrade():
    op.create_index("uq_quotes_rfq_supplier_submitted", "quotes", ["rfq_id", "supplier_org_id"], unique=True,
                    sqlite_where=SUBMITTED, postgresql_where=SUBMITTED)
    op.drop_index("ix_deals_rfq_id", table_name="deals")
    op.create_index("ix_deals_rfq_id", "deals", ["rfq_id"], unique=True)


def downgrade():
    op.drop_index("ix_deals_rfq_id", table_name="deals")
    op.create_index("ix_deals_rfq_id", "deals", ["rfq_id"], unique=False)
    op.drop_index("uq_quotes_rfq_supplier_submitted", table_name="quotes")
