"""Public procurement: tender lists and their items.

Revision ID: 0030_procurement
Revises: 0028_meeting_requests
"""
from alembic import op
import sqlalchemy as sa

revision = "0030_procurement"
down_revision = "0028_meeting_requests"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "tender_lists",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("organisation_id", sa.Integer(), sa.ForeignKey("organisations.id", ondelete="CASCADE"), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("product_group", sa.String(60), nullable=False),
        sa.Column("created_by_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_tender_lists_organisation_id", "tender_lists", ["organisation_id"])
    op.create_table(
        "tender_items",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("tender_list_id", sa.Integer(), sa.ForeignKey("tender_lists.id", ondelete="CASCADE"), nullable=False),
        sa.Column("listing_id", sa.Integer(), sa.ForeignKey("listings.id", ondelete="CASCADE"), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("tender_list_id", "listing_id", name="uq_tender_item_listing"),
    )
    op.create_index("ix_tender_items_tender_list_id", "tender_items", ["tender_list_id"])
    op.create_index("ix_tender_items_listing_id", "tender_items", ["listing_id"])


def downgrade():
    op.drop_table("tender_items")
    op.drop_table("tender_lists")
