"""More constraints behind business rules that concurrent requests raced (issue 13, finding 10):
one active application per organisation and fair, one lead with consent in force per finance offer and
business, one transport route per deal.

Revision ID: 0024_race_rules_more
Revises: 0023_programme
"""
from alembic import op
import sqlalchemy as sa

revision = "0024_race_rules_more"
down_revision = "0023_programme"
branch_labels = None
depends_on = None

ACTIVE_APPLICATION = sa.text("status IN ('submitted', 'approved', 'waitlisted')")
CONSENT_IN_FORCE = sa.text("consent_withdrawn_at IS NULL")


def upgrade():
    op.create_index("uq_fair_applications_fair_org_active", "fair_applications", ["fair_id", "organisation_id"],
                    unique=True, sqlite_where=ACTIVE_APPLICATION, postgresql_where=ACTIVE_APPLICATION)
    op.create_index("uq_finance_leads_offer_business_active", "finance_leads", ["offer_id", "business_org_id"],
                    unique=True, sqlite_where=CONSENT_IN_FORCE, postgresql_where=CONSENT_IN_FORCE)
    op.drop_index("ix_logistics_routes_deal_id", table_name="logistics_routes")
    op.create_index("ix_logistics_routes_deal_id", "logistics_routes", ["deal_id"], unique=True)


def downgrade():
    op.drop_index("ix_logistics_routes_deal_id", table_name="logistics_routes")
    op.create_index("ix_logistics_routes_deal_id", "logistics_routes", ["deal_id"], unique=False)
    op.drop_index("uq_finance_leads_offer_business_active", table_name="finance_leads")
    op.drop_index("uq_fair_applications_fair_org_active", table_name="fair_applications")
