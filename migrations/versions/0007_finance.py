"""finance: green-finance offers, business documents, leads (expressions of interest) and lead notes

Revision ID: 0007_finance
Revises: 0001
Create Date: 2026-11-24

Claims and listings are referenced by id inside JSON snapshots (no foreign keys to the catalog/labels
tables), so this branch builds on the foundation only.
"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0007_finance"
down_revision = "0001"
branch_labels = ("finance",)
depends_on = None


def upgrade():
    op.create_table('finance_documents',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('doc_type', sa.String(length=40), nullable=False),
    sa.Column('path', sa.String(length=300), nullable=False),
    sa.Column('mime', sa.String(length=60), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('uploaded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_finance_documents_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['uploaded_by_id'], ['users.id'], name=op.f('fk_finance_documents_uploaded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finance_documents'))
    )
    with op.batch_alter_table('finance_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finance_documents_organisation_id'), ['organisation_id'], unique=False)

    op.create_table('finance_offers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('title_en', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('description_en', sa.Text(), nullable=False),
    sa.Column('product_type', sa.String(length=40), nullable=False),
    sa.Column('purposes', sa.JSON(), nullable=False),
    sa.Column('currency', sa.String(length=3), nullable=False),
    sa.Column('amount_min', sa.BigInteger(), nullable=True),
    sa.Column('amount_max', sa.BigInteger(), nullable=True),
    sa.Column('rate_min', sa.Float(), nullable=True),
    sa.Column('rate_max', sa.Float(), nullable=True),
    sa.Column('rate_text', sa.String(length=200), nullable=False),
    sa.Column('tenor_min_months', sa.Integer(), nullable=True),
    sa.Column('tenor_max_months', sa.Integer(), nullable=True),
    sa.Column('collateral', sa.Text(), nullable=False),
    sa.Column('documents_required', sa.JSON(), nullable=False),
    sa.Column('documents_note', sa.Text(), nullable=False),
    sa.Column('eligible_kinds', sa.JSON(), nullable=False),
    sa.Column('eligible_sectors', sa.JSON(), nullable=False),
    sa.Column('eligible_sizes', sa.JSON(), nullable=False),
    sa.Column('eligible_provinces', sa.JSON(), nullable=False),
    sa.Column('required_labels', sa.JSON(), nullable=False),
    sa.Column('labels_match', sa.String(length=3), nullable=False),
    sa.Column('min_years_operating', sa.Integer(), nullable=True),
    sa.Column('min_certified_share', sa.Integer(), nullable=True),
    sa.Column('valid_from', sa.Date(), nullable=True),
    sa.Column('valid_until', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'published', 'closed', name='offerstatus', native_enum=False, length=12), nullable=False),
    sa.Column('published_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_finance_offers_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_finance_offers_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finance_offers'))
    )
    with op.batch_alter_table('finance_offers', schema=None) as batch_op:
        batch_op.create_index('ix_finance_offers_org_status', ['organisation_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_finance_offers_product_type'), ['product_type'], unique=False)
        batch_op.create_index(batch_op.f('ix_finance_offers_status'), ['status'], unique=False)

    op.create_table('finance_leads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('offer_id', sa.Integer(), nullable=False),
    sa.Column('finance_org_id', sa.Integer(), nullable=False),
    sa.Column('business_org_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('new', 'contacted', 'in_review', 'approved', 'declined', name='leadstatus', native_enum=False, length=20), nullable=False),
    sa.Column('status_changed_at', sa.DateTime(), nullable=True),
    sa.Column('need_purpose', sa.String(length=40), nullable=False),
    sa.Column('need_amount', sa.BigInteger(), nullable=True),
    sa.Column('need_timeline', sa.String(length=200), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('shared_profile', sa.JSON(), nullable=False),
    sa.Column('shared_claim_ids', sa.JSON(), nullable=False),
    sa.Column('shared_claims', sa.JSON(), nullable=False),
    sa.Column('shared_document_ids', sa.JSON(), nullable=False),
    sa.Column('eligibility', sa.JSON(), nullable=False),
    sa.Column('consent_text', sa.Text(), nullable=False),
    sa.Column('consent_given_at', sa.DateTime(), nullable=False),
    sa.Column('consent_withdrawn_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['business_org_id'], ['organisations.id'], name=op.f('fk_finance_leads_business_org_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_finance_leads_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['finance_org_id'], ['organisations.id'], name=op.f('fk_finance_leads_finance_org_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['offer_id'], ['finance_offers.id'], name=op.f('fk_finance_leads_offer_id_finance_offers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finance_leads'))
    )
    with op.batch_alter_table('finance_leads', schema=None) as batch_op:
        batch_op.create_index('ix_finance_leads_business', ['business_org_id', 'offer_id'], unique=False)
        batch_op.create_index('ix_finance_leads_finance_status', ['finance_org_id', 'status'], unique=False)
        batch_op.create_index(batch_op.f('ix_finance_leads_offer_id'), ['offer_id'], unique=False)

    op.create_table('finance_lead_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lead_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_finance_lead_notes_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lead_id'], ['finance_leads.id'], name=op.f('fk_finance_lead_notes_lead_id_finance_leads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_finance_lead_notes'))
    )
    with op.batch_alter_table('finance_lead_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_finance_lead_notes_lead_id'), ['lead_id'], unique=False)


def downgrade():
    with op.batch_alter_table('finance_lead_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finance_lead_notes_lead_id'))

    op.drop_table('finance_lead_notes')
    with op.batch_alter_table('finance_leads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finance_leads_offer_id'))
        batch_op.drop_index('ix_finance_leads_finance_status')
        batch_op.drop_index('ix_finance_leads_business')

    op.drop_table('finance_leads')
    with op.batch_alter_table('finance_offers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finance_offers_status'))
        batch_op.drop_index(batch_op.f('ix_finance_offers_product_type'))
        batch_op.drop_index('ix_finance_offers_org_status')

    op.drop_table('finance_offers')
    with op.batch_alter_table('finance_documents', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_finance_documents_organisation_id'))

    op.drop_table('finance_documents')
