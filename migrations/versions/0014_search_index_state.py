"""search index generations: the marker each kind's index must carry (app.indexing.state)

Revision ID: 0014_search_index_state
Revises: 0013_token_stamp
Create Date: 2026-11-26 09:00:00

"""
from alembic import op
import sqlalchemy as sa


revision = "0014_search_index_state"
down_revision = "0013_token_stamp"
branch_labels = ("search_index_state",)
depends_on = None


def upgrade():
    op.create_table(
        "search_index_state",
        sa.Column("kind", sa.String(length=30), nullable=False),
        sa.Column("generation", sa.String(length=40), nullable=False),
        sa.Column("built_at", sa.DateTime(), nullable=False),
        sa.Column("documents", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("kind", name=op.f("pk_search_index_state")),
    )


def downgrade():
    op.drop_table("search_index_state")
