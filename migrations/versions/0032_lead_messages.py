"""finance: the conversation of a lead (institution ↔ business)

Revision ID: 0032_lead_messages
Revises: 0031_label_texts_vi
"""
from alembic import op
import sqlalchemy as sa

revision = "0032_lead_messages"
down_revision = "0031_label_texts_vi"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "finance_lead_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("lead_id", sa.Integer(), nullable=False),
        sa.Column("sender_org_id", sa.Integer(), nullable=False),
        sa.Column("sender_user_id", sa.Integer(), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["lead_id"], ["finance_leads.id"], name=op.f("fk_finance_lead_messages_lead_id_finance_leads"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sender_org_id"], ["organisations.id"],
                                name=op.f("fk_finance_lead_messages_sender_org_id_organisations"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["sender_user_id"], ["users.id"], name=op.f("fk_finance_lead_messages_sender_user_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_lead_messages")),
    )
    with op.batch_alter_table("finance_lead_messages", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_finance_lead_messages_lead_id"), ["lead_id"], unique=False)


def downgrade():
    with op.batch_alter_table("finance_lead_messages", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finance_lead_messages_lead_id"))
    op.drop_table("finance_lead_messages")
