"""finance: financing needs of businesses (amount, tenor, purpose, green-taxonomy project type, environmental
evidence, consent to share with banks), the banks already told about a need, and leads opened from a need

Revision ID: 0034_financing_needs
Revises: 0033_offer_project_types
"""
from alembic import op
import sqlalchemy as sa

revision = "0034_financing_needs"
down_revision = "0033_offer_project_types"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "finance_needs",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("tenor_months", sa.Integer(), nullable=False),
        sa.Column("purpose", sa.String(length=40), nullable=False),
        sa.Column("project_type", sa.String(length=20), nullable=False),
        sa.Column("evidence_kind", sa.Enum("eia_decision", "environmental_permit", "environmental_registration",
                                           name="evidencekind", native_enum=False, length=30), nullable=True),
        sa.Column("evidence_number", sa.String(length=100), nullable=False),
        sa.Column("evidence_date", sa.Date(), nullable=True),
        sa.Column("evidence_agency", sa.String(length=200), nullable=False),
        sa.Column("evidence_document_id", sa.Integer(), nullable=True),
        sa.Column("consent_given_at", sa.DateTime(), nullable=True),
        sa.Column("status", sa.Enum("open", "closed", name="needstatus", native_enum=False, length=10), nullable=False),
        sa.Column("closed_at", sa.DateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["organisation_id"], ["organisations.id"],
                                name=op.f("fk_finance_needs_organisation_id_organisations"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["created_by_id"], ["users.id"], name=op.f("fk_finance_needs_created_by_id_users"),
                                ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["evidence_document_id"], ["finance_documents.id"],
                                name=op.f("fk_finance_needs_evidence_document_id_finance_documents"), ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_needs")),
    )
    with op.batch_alter_table("finance_needs", schema=None) as batch_op:
        batch_op.create_index("ix_finance_needs_org_status", ["organisation_id", "status"], unique=False)
        batch_op.create_index("ix_finance_needs_status_consent", ["status", "consent_given_at"], unique=False)
        batch_op.create_index(batch_op.f("ix_finance_needs_project_type"), ["project_type"], unique=False)
    op.create_table(
        "finance_need_notices",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("need_id", sa.Integer(), nullable=False),
        sa.Column("offer_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(["need_id"], ["finance_needs.id"], name=op.f("fk_finance_need_notices_need_id_finance_needs"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["offer_id"], ["finance_offers.id"],
                                name=op.f("fk_finance_need_notices_offer_id_finance_offers"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_finance_need_notices")),
    )
    with op.batch_alter_table("finance_need_notices", schema=None) as batch_op:
        batch_op.create_index("uq_finance_need_notices_need_offer", ["need_id", "offer_id"], unique=True)
    with op.batch_alter_table("finance_leads", schema=None) as batch_op:
        batch_op.add_column(sa.Column("need_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_finance_leads_need_id"), ["need_id"], unique=False)
        batch_op.create_foreign_key(batch_op.f("fk_finance_leads_need_id_finance_needs"), "finance_needs", ["need_id"],
                                    ["id"], ondelete="SET NULL")


def downgrade():
    with op.batch_alter_table("finance_leads", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_finance_leads_need_id_finance_needs"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_finance_leads_need_id"))
        batch_op.drop_column("need_id")
    with op.batch_alter_table("finance_need_notices", schema=None) as batch_op:
        batch_op.drop_index("uq_finance_need_notices_need_offer")
    op.drop_table("finance_need_notices")
    with op.batch_alter_table("finance_needs", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_finance_needs_project_type"))
        batch_op.drop_index("ix_finance_needs_status_consent")
        batch_op.drop_index("ix_finance_needs_org_status")
    op.drop_table("finance_needs")
