"""buying: a buyer's buttons — direct inquiries (rfqs.source_listing_id), direct conversations (rfq_threads
without a request: buyer_org_id, listing_id, direct_key; rfq_id nullable), saved listings, followed suppliers

Revision ID: 0027_buying
Revises: 0026_payees_receipts
Create Date: 2026-11-30 07:50:53.411743

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0027_buying'
down_revision = '0026_payees_receipts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('followed_suppliers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('supplier_org_id', sa.Integer(), nullable=False),
    sa.Column('seen_until', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['supplier_org_id'], ['organisations.id'], name=op.f('fk_followed_suppliers_supplier_org_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_followed_suppliers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_followed_suppliers')),
    sa.UniqueConstraint('user_id', 'supplier_org_id', name='uq_followed_suppliers_user_supplier')
    )
    with op.batch_alter_table('followed_suppliers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_followed_suppliers_supplier_org_id'), ['supplier_org_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_followed_suppliers_user_id'), ['user_id'], unique=False)

    op.create_table('saved_listings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('seen', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_saved_listings_listing_id_listings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_saved_listings_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_listings')),
    sa.UniqueConstraint('user_id', 'listing_id', name='uq_saved_listings_user_listing')
    )
    with op.batch_alter_table('saved_listings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_listings_listing_id'), ['listing_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_saved_listings_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('rfq_threads', schema=None) as batch_op:
        batch_op.add_column(sa.Column('buyer_org_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('listing_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('direct_key', sa.String(length=40), nullable=True))
        batch_op.alter_column('rfq_id',
               existing_type=sa.INTEGER(),
               nullable=True)
        batch_op.create_index(batch_op.f('ix_rfq_threads_buyer_org_id'), ['buyer_org_id'], unique=False)
        batch_op.create_unique_constraint(batch_op.f('uq_rfq_threads_direct_key'), ['direct_key'])
        batch_op.create_foreign_key(batch_op.f('fk_rfq_threads_buyer_org_id_organisations'), 'organisations', ['buyer_org_id'], ['id'], ondelete='CASCADE')
    # every existing thread is about a request: its buyer is the request's
    op.execute("UPDATE rfq_threads SET buyer_org_id = (SELECT rfqs.buyer_org_id FROM rfqs WHERE rfqs.id = rfq_threads.rfq_id)")
    with op.batch_alter_table('rfq_threads', schema=None) as batch_op:
        batch_op.alter_column('buyer_org_id', existing_type=sa.Integer(), nullable=False)

    with op.batch_alter_table('rfqs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('source_listing_id', sa.Integer(), nullable=True))



def downgrade():
    with op.batch_alter_table('rfqs', schema=None) as batch_op:
        batch_op.drop_column('source_listing_id')

    op.execute("DELETE FROM rfq_threads WHERE rfq_id IS NULL")  # direct conversations have no place before this
    with op.batch_alter_table('rfq_threads', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_rfq_threads_buyer_org_id_organisations'), type_='foreignkey')
        batch_op.drop_constraint(batch_op.f('uq_rfq_threads_direct_key'), type_='unique')
        batch_op.drop_index(batch_op.f('ix_rfq_threads_buyer_org_id'))
        batch_op.alter_column('rfq_id',
               existing_type=sa.INTEGER(),
               nullable=False)
        batch_op.drop_column('direct_key')
        batch_op.drop_column('listing_id')
        batch_op.drop_column('buyer_org_id')

    with op.batch_alter_table('saved_listings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_saved_listings_user_id'))
        batch_op.drop_index(batch_op.f('ix_saved_listings_listing_id'))

    op.drop_table('saved_listings')
    with op.batch_alter_table('followed_suppliers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_followed_suppliers_user_id'))
        batch_op.drop_index(batch_op.f('ix_followed_suppliers_supplier_org_id'))

    op.drop_table('followed_suppliers')
