"""Merge the knowledge hub and listing SKU branches (both built on 0014_search_index_state)

Revision ID: 0016_merge_knowledge_sku
Revises: 0015_knowledge, 0015_listing_sku
"""

revision = "0016_merge_knowledge_sku"
down_revision = ("0015_knowledge", "0015_listing_sku")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
