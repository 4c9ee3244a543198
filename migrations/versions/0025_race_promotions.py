"""One promotion waiting for payment per listing (the last line behind promotions.buy()'s lock; issue 13,
finding 10).

Revision ID: 0025_race_promotions
Revises: 0024_race_rules_more
"""
from alembic import op
import sqlalchemy as sa

revision = "0025_race_promotions"
down_revision = "0024_race_rules_more"
branch_labels = None
depends_on = None

PENDING = sa.text("status = 'pending_payment'")


def upgrade():
    op.create_index("uq_promotions_listing_pending", "promotions", ["listing_id"], unique=True,
                    sqlite_where=PENDING, postgresql_where=PENDING)


def downgrade():
    op.drop_index("uq_promotions_listing_pending", table_name="promotions")
