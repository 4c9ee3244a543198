"""sourcing: requests, invitations, quotes, deals, threads, saved searches

Revision ID: 0005_sourcing
Revises: 0002
Create Date: 2026-11-24 13:02:07.590245

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_sourcing'
down_revision = "0002"
branch_labels = ("sourcing",)
depends_on = None


def upgrade():
    op.create_table('sourcing_match_alerts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_type', sa.String(length=10), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sourcing_match_alerts')),
    sa.UniqueConstraint('target_type', 'target_id', 'listing_id', name='uq_sourcing_match_alerts')
    )

    op.create_table('rfqs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('buyer_org_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('category', sa.String(length=60), nullable=True),
    sa.Column('quantity', sa.Float(), nullable=False),
    sa.Column('unit', sa.String(length=10), nullable=False),
    sa.Column('frequency', sa.Enum('one_off', 'monthly', name='frequency', native_enum=False, length=20), nullable=False),
    sa.Column('target_price_min', sa.BigInteger(), nullable=True),
    sa.Column('target_price_max', sa.BigInteger(), nullable=True),
    sa.Column('required_labels', sa.JSON(), nullable=False),
    sa.Column('preferred_labels', sa.JSON(), nullable=False),
    sa.Column('min_recycled_pct', sa.Integer(), nullable=True),
    sa.Column('delivery_province', sa.String(length=8), nullable=False),
    sa.Column('needed_by', sa.Date(), nullable=True),
    sa.Column('visibility', sa.Enum('public', 'invited', name='visibility', native_enum=False, length=20), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('max_quotes', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'open', 'closed', 'awarded', 'expired', name='rfqstatus', native_enum=False, length=20), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('close_reason', sa.String(length=300), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['buyer_org_id'], ['organisations.id'], name=op.f('fk_rfqs_buyer_org_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_rfqs_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rfqs'))
    )

    with op.batch_alter_table('rfqs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rfqs_buyer_org_id'), ['buyer_org_id'], unique=False)
        batch_op.create_index('ix_rfqs_status_visibility', ['status', 'visibility'], unique=False)

    op.create_table('saved_searches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('params', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('unsubscribed_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_saved_searches_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_saved_searches_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_searches'))
    )

    with op.batch_alter_table('saved_searches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_searches_organisation_id'), ['organisation_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_saved_searches_user_id'), ['user_id'], unique=False)

    op.create_table('sourcing_digests',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('last_sent_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_sourcing_digests_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', name=op.f('pk_sourcing_digests'))
    )

    op.create_table('quotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rfq_id', sa.Integer(), nullable=False),
    sa.Column('supplier_org_id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=True),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('unit_price_vnd', sa.BigInteger(), nullable=False),
    sa.Column('quantity', sa.Float(), nullable=False),
    sa.Column('lead_time_days', sa.Integer(), nullable=False),
    sa.Column('valid_until', sa.Date(), nullable=False),
    sa.Column('incoterm', sa.String(length=3), nullable=True),
    sa.Column('delivery_terms', sa.String(length=300), nullable=False),
    sa.Column('notes', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('submitted', 'withdrawn', 'accepted', 'declined', name='quotestatus', native_enum=False, length=20), nullable=False),
    sa.Column('decline_reason', sa.String(length=500), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_quotes_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['rfq_id'], ['rfqs.id'], name=op.f('fk_quotes_rfq_id_rfqs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supplier_org_id'], ['organisations.id'], name=op.f('fk_quotes_supplier_org_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_quotes'))
    )

    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_quotes_rfq_id'), ['rfq_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_quotes_supplier_org_id'), ['supplier_org_id'], unique=False)

    op.create_table('rfq_invitations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rfq_id', sa.Integer(), nullable=False),
    sa.Column('supplier_org_id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=True),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('invited_at', sa.DateTime(), nullable=False),
    sa.Column('first_response_at', sa.DateTime(), nullable=True),
    sa.Column('declined_at', sa.DateTime(), nullable=True),
    sa.Column('decline_reason', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_rfq_invitations_invited_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['rfq_id'], ['rfqs.id'], name=op.f('fk_rfq_invitations_rfq_id_rfqs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supplier_org_id'], ['organisations.id'], name=op.f('fk_rfq_invitations_supplier_org_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rfq_invitations')),
    sa.UniqueConstraint('rfq_id', 'supplier_org_id', name='uq_rfq_invitations_rfq_supplier')
    )

    with op.batch_alter_table('rfq_invitations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rfq_invitations_rfq_id'), ['rfq_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rfq_invitations_supplier_org_id'), ['supplier_org_id'], unique=False)

    op.create_table('rfq_threads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rfq_id', sa.Integer(), nullable=False),
    sa.Column('supplier_org_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('last_message_at', sa.DateTime(), nullable=True),
    sa.Column('buyer_read_at', sa.DateTime(), nullable=True),
    sa.Column('supplier_read_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['rfq_id'], ['rfqs.id'], name=op.f('fk_rfq_threads_rfq_id_rfqs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supplier_org_id'], ['organisations.id'], name=op.f('fk_rfq_threads_supplier_org_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rfq_threads')),
    sa.UniqueConstraint('rfq_id', 'supplier_org_id', name='uq_rfq_threads_rfq_supplier')
    )

    with op.batch_alter_table('rfq_threads', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rfq_threads_rfq_id'), ['rfq_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_rfq_threads_supplier_org_id'), ['supplier_org_id'], unique=False)

    op.create_table('sourcing_attachments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('owner_type', sa.String(length=10), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=False),
    sa.Column('rfq_id', sa.Integer(), nullable=False),
    sa.Column('supplier_org_id', sa.Integer(), nullable=False),
    sa.Column('path', sa.String(length=300), nullable=False),
    sa.Column('mime', sa.String(length=60), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['rfq_id'], ['rfqs.id'], name=op.f('fk_sourcing_attachments_rfq_id_rfqs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supplier_org_id'], ['organisations.id'], name=op.f('fk_sourcing_attachments_supplier_org_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sourcing_attachments'))
    )

    with op.batch_alter_table('sourcing_attachments', schema=None) as batch_op:
        batch_op.create_index('ix_sourcing_attachments_owner', ['owner_type', 'owner_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sourcing_attachments_rfq_id'), ['rfq_id'], unique=False)

    op.create_table('deals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('rfq_id', sa.Integer(), nullable=False),
    sa.Column('quote_id', sa.Integer(), nullable=False),
    sa.Column('buyer_org_id', sa.Integer(), nullable=False),
    sa.Column('supplier_org_id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=True),
    sa.Column('quantity', sa.Float(), nullable=False),
    sa.Column('unit', sa.String(length=10), nullable=False),
    sa.Column('frequency', sa.Enum('one_off', 'monthly', name='frequency', native_enum=False, length=20), nullable=False),
    sa.Column('unit_price_vnd', sa.BigInteger(), nullable=False),
    sa.Column('total_vnd', sa.BigInteger(), nullable=False),
    sa.Column('incoterm', sa.String(length=3), nullable=True),
    sa.Column('delivery_province', sa.String(length=8), nullable=False),
    sa.Column('agreed_at', sa.DateTime(), nullable=False),
    sa.Column('delivery_by', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('active', 'completed', 'cancelled', name='dealstatus', native_enum=False, length=20), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['buyer_org_id'], ['organisations.id'], name=op.f('fk_deals_buyer_org_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['quote_id'], ['quotes.id'], name=op.f('fk_deals_quote_id_quotes'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['rfq_id'], ['rfqs.id'], name=op.f('fk_deals_rfq_id_rfqs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['supplier_org_id'], ['organisations.id'], name=op.f('fk_deals_supplier_org_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_deals')),
    sa.UniqueConstraint('quote_id', name=op.f('uq_deals_quote_id'))
    )

    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_deals_buyer_org_id'), ['buyer_org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deals_rfq_id'), ['rfq_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_deals_supplier_org_id'), ['supplier_org_id'], unique=False)

    op.create_table('rfq_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=False),
    sa.Column('sender_org_id', sa.Integer(), nullable=False),
    sa.Column('sender_user_id', sa.Integer(), nullable=True),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['sender_org_id'], ['organisations.id'], name=op.f('fk_rfq_messages_sender_org_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['sender_user_id'], ['users.id'], name=op.f('fk_rfq_messages_sender_user_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['thread_id'], ['rfq_threads.id'], name=op.f('fk_rfq_messages_thread_id_rfq_threads'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_rfq_messages'))
    )

    with op.batch_alter_table('rfq_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rfq_messages_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_rfq_messages_thread_id'), ['thread_id'], unique=False)


def downgrade():
    with op.batch_alter_table('rfq_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rfq_messages_thread_id'))
        batch_op.drop_index(batch_op.f('ix_rfq_messages_created_at'))

    op.drop_table('rfq_messages')

    with op.batch_alter_table('deals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_deals_supplier_org_id'))
        batch_op.drop_index(batch_op.f('ix_deals_rfq_id'))
        batch_op.drop_index(batch_op.f('ix_deals_buyer_org_id'))

    op.drop_table('deals')

    with op.batch_alter_table('sourcing_attachments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sourcing_attachments_rfq_id'))
        batch_op.drop_index('ix_sourcing_attachments_owner')

    op.drop_table('sourcing_attachments')

    with op.batch_alter_table('rfq_threads', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rfq_threads_supplier_org_id'))
        batch_op.drop_index(batch_op.f('ix_rfq_threads_rfq_id'))

    op.drop_table('rfq_threads')

    with op.batch_alter_table('rfq_invitations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rfq_invitations_supplier_org_id'))
        batch_op.drop_index(batch_op.f('ix_rfq_invitations_rfq_id'))

    op.drop_table('rfq_invitations')

    with op.batch_alter_table('quotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_quotes_supplier_org_id'))
        batch_op.drop_index(batch_op.f('ix_quotes_rfq_id'))

    op.drop_table('quotes')

    op.drop_table('sourcing_digests')

    with op.batch_alter_table('saved_searches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_searches_user_id'))
        batch_op.drop_index(batch_op.f('ix_saved_searches_organisation_id'))

    op.drop_table('saved_searches')

    with op.batch_alter_table('rfqs', schema=None) as batch_op:
        batch_op.drop_index('ix_rfqs_status_visibility')
        batch_op.drop_index(batch_op.f('ix_rfqs_buyer_org_id'))

    op.drop_table('rfqs')

    op.drop_table('sourcing_match_alerts')
