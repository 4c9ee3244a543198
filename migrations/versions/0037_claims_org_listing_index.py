"""claims: index (organisation_id, listing_id), so an organisation's own claims are found without reading
every claim of its listings (issue 14: a listing page read ~6,000 claim rows twice at 100k listings)

Revision ID: 0037_claims_org_listing_index
Revises: 0036_province_codes
"""
from alembic import op

revision = "0037_claims_org_listing_index"
down_revision = "0036_province_codes"
branch_labels = None
depends_on = None


def upgrade():
    op.create_index("ix_claims_organisation_id_listing_id", "claims", ["organisation_id", "listing_id"], unique=False)


def downgrade():
    op.drop_index("ix_claims_organisation_id_listing_id", table_name="claims")
