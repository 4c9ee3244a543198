"""listings: the producer's own SKU, unique per organisation (bulk import updates by SKU)

Revision ID: 0015_listing_sku
Revises: 0014_search_index_state
Create Date: 2026-12-01 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0015_listing_sku"
down_revision = "0014_search_index_state"
branch_labels = ("listing_sku",)
depends_on = None


def upgrade():
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("sku", sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint("uq_listings_org_sku", ["organisation_id", "sku"])


def downgrade():
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.drop_constraint("uq_listings_org_sku", type_="unique")
        batch_op.drop_column("sku")
