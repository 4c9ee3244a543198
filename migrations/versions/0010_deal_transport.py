"""deal transport: FK from logistics_routes.deal_id to deals (a deal's transport is arranged by one of its
parties) and the optional listings.unit_weight_kg (shipping weight of one unit, for transport CO2e)

Revision ID: 0010_deal_transport
Revises: 0009_jobs
Create Date: 2026-11-26 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0010_deal_transport"
down_revision = "0009_jobs"
branch_labels = ("deal_transport",)
depends_on = None


def upgrade():
    # routes pointing at a deal that does not exist (the column had no FK) lose the link
    op.execute("UPDATE logistics_routes SET deal_id = NULL "
               "WHERE deal_id IS NOT NULL AND deal_id NOT IN (SELECT id FROM deals)")
    with op.batch_alter_table("logistics_routes", schema=None) as batch_op:
        batch_op.create_foreign_key(batch_op.f("fk_logistics_routes_deal_id_deals"), "deals", ["deal_id"], ["id"],
                                    ondelete="SET NULL")
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("unit_weight_kg", sa.Float(), nullable=True))


def downgrade():
    with op.batch_alter_table("listings", schema=None) as batch_op:
        batch_op.drop_column("unit_weight_kg")
    with op.batch_alter_table("logistics_routes", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_logistics_routes_deal_id_deals"), type_="foreignkey")
