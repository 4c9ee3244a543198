"""merge deal transport and fairs/finance follow-ups into one head

Revision ID: 0012_merge
Revises: 0010_deal_transport, 0011_fairs_finance_gaps
Create Date: 2026-11-24 13:55:00

"""

revision = "0012_merge"
down_revision = ("0010_deal_transport", "0011_fairs_finance_gaps")
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
