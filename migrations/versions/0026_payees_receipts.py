"""payments: payee accounts (NAPAS bank by BIN, account number, name) for organisations and the platform;
payment receipts

Revision ID: 0026_payees_receipts
Revises: 0025_race_promotions
"""
from alembic import op
import sqlalchemy as sa

revision = "0026_payees_receipts"
down_revision = "0025_race_promotions"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "payee_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=20), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=True),
        sa.Column("bank_bin", sa.String(length=6), nullable=False),
        sa.Column("account_number", sa.String(length=19), nullable=False),
        sa.Column("account_name", sa.String(length=70), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_payee_accounts_organisation_id_organisations"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["updated_by_id"], ["users.id"], name=op.f("fk_payee_accounts_updated_by_id_users"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_payee_accounts")),
        sa.UniqueConstraint("owner", name="uq_payee_accounts_owner"),
    )
    with op.batch_alter_table("payee_accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_payee_accounts_organisation_id"), ["organisation_id"], unique=False)
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.add_column(sa.Column("receipt_path", sa.String(length=300), nullable=True))


def downgrade():
    with op.batch_alter_table("payments", schema=None) as batch_op:
        batch_op.drop_column("receipt_path")
    with op.batch_alter_table("payee_accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_payee_accounts_organisation_id"))
    op.drop_table("payee_accounts")
