"""trace: lots of listings, their inputs and dispatches under deals, the append-only lot event log,
listing trace profiles (composition, DIN SPEC 91446 level, mass-balance model) and periods, recycled-content
shortfall flags and declared footprints

Revision ID: 0020_trace
Revises: 0015_knowledge, 0015_listing_sku
Create Date: 2026-11-30 05:17:47

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0020_trace'
down_revision = '0016_merge_knowledge_sku'
branch_labels = ('trace',)
depends_on = None


def upgrade():
    op.create_table('trace_balance_periods',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('start', sa.Date(), nullable=False),
    sa.Column('end', sa.Date(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_trace_balance_periods_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_trace_balance_periods_listing_id_listings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trace_balance_periods'))
    )
    with op.batch_alter_table('trace_balance_periods', schema=None) as batch_op:
        batch_op.create_index('ix_trace_balance_periods_listing_start', ['listing_id', 'start'], unique=False)

    op.create_table('trace_listing_profiles',
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('components', sa.JSON(), nullable=False),
    sa.Column('dql', sa.Integer(), nullable=True),
    sa.Column('balance_model', sa.Enum('lot', 'period', name='balancemodel', native_enum=False, length=10), nullable=False),
    sa.Column('default_yield_pct', sa.Float(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_trace_listing_profiles_listing_id_listings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_trace_listing_profiles_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('listing_id', name=op.f('pk_trace_listing_profiles'))
    )
    op.create_table('trace_lots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('lot_number', sa.String(length=20), nullable=False),
    sa.Column('gtin', sa.String(length=14), nullable=True),
    sa.Column('production_date', sa.Date(), nullable=False),
    sa.Column('expiry_date', sa.Date(), nullable=True),
    sa.Column('quantity', sa.Float(), nullable=False),
    sa.Column('unit', sa.String(length=10), nullable=False),
    sa.Column('unit_mass_kg', sa.Float(), nullable=True),
    sa.Column('components', sa.JSON(), nullable=False),
    sa.Column('recycled_pct', sa.Float(), nullable=True),
    sa.Column('yield_pct', sa.Float(), nullable=False),
    sa.Column('dql', sa.Integer(), nullable=True),
    sa.Column('note', sa.String(length=500), nullable=False),
    sa.Column('status', sa.Enum('active', 'voided', name='lotstatus', native_enum=False, length=10), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_trace_lots_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_trace_lots_listing_id_listings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_trace_lots_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trace_lots')),
    sa.UniqueConstraint('listing_id', 'lot_number', name='uq_trace_lots_listing_lot')
    )
    with op.batch_alter_table('trace_lots', schema=None) as batch_op:
        batch_op.create_index('ix_trace_lots_gtin_lot', ['gtin', 'lot_number'], unique=False)
        batch_op.create_index(batch_op.f('ix_trace_lots_listing_id'), ['listing_id'], unique=False)
        batch_op.create_index('ix_trace_lots_org_production', ['organisation_id', 'production_date'], unique=False)

    op.create_table('trace_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lot_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('status', sa.Enum('open', 'resolved', name='flagstatus', native_enum=False, length=10), nullable=False),
    sa.Column('required_kg', sa.Float(), nullable=False),
    sa.Column('available_kg', sa.Float(), nullable=False),
    sa.Column('opened_at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('review_note', sa.String(length=1000), nullable=False),
    sa.ForeignKeyConstraint(['lot_id'], ['trace_lots.id'], name=op.f('fk_trace_flags_lot_id_trace_lots'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_trace_flags_reviewed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trace_flags'))
    )
    with op.batch_alter_table('trace_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trace_flags_lot_id'), ['lot_id'], unique=False)
        batch_op.create_index('ix_trace_flags_status_opened', ['status', 'opened_at'], unique=False)

    op.create_table('trace_footprints',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('listing_id', sa.Integer(), nullable=False),
    sa.Column('claim_id', sa.Integer(), nullable=False),
    sa.Column('kg_co2e_per_unit', sa.Float(), nullable=False),
    sa.Column('boundary', sa.String(length=30), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.Column('status', sa.Enum('pending', 'confirmed', 'rejected', name='declarationstatus', native_enum=False, length=10), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', sa.DateTime(), nullable=True),
    sa.Column('reviewed_by_id', sa.Integer(), nullable=True),
    sa.Column('review_note', sa.String(length=1000), nullable=False),
    sa.ForeignKeyConstraint(['claim_id'], ['claims.id'], name=op.f('fk_trace_footprints_claim_id_claims'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_trace_footprints_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['listing_id'], ['listings.id'], name=op.f('fk_trace_footprints_listing_id_listings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['reviewed_by_id'], ['users.id'], name=op.f('fk_trace_footprints_reviewed_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trace_footprints'))
    )
    with op.batch_alter_table('trace_footprints', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trace_footprints_listing_id'), ['listing_id'], unique=False)

    op.create_table('trace_lot_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lot_id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=30), nullable=False),
    sa.Column('data', sa.JSON(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['lot_id'], ['trace_lots.id'], name=op.f('fk_trace_lot_events_lot_id_trace_lots'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_trace_lot_events_organisation_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_trace_lot_events_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trace_lot_events'))
    )
    with op.batch_alter_table('trace_lot_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trace_lot_events_lot_id'), ['lot_id'], unique=False)
        batch_op.create_index('ix_trace_lot_events_org_created', ['organisation_id', 'created_at'], unique=False)

    op.create_table('trace_dispatches',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lot_id', sa.Integer(), nullable=False),
    sa.Column('deal_id', sa.Integer(), nullable=False),
    sa.Column('quantity', sa.Float(), nullable=False),
    sa.Column('mass_kg', sa.Float(), nullable=False),
    sa.Column('shipped_on', sa.Date(), nullable=False),
    sa.Column('received_on', sa.Date(), nullable=True),
    sa.Column('recycled_pct', sa.Float(), nullable=False),
    sa.Column('dql', sa.Integer(), nullable=True),
    sa.Column('voided_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_trace_dispatches_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['deal_id'], ['deals.id'], name=op.f('fk_trace_dispatches_deal_id_deals'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['lot_id'], ['trace_lots.id'], name=op.f('fk_trace_dispatches_lot_id_trace_lots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trace_dispatches'))
    )
    with op.batch_alter_table('trace_dispatches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trace_dispatches_deal_id'), ['deal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trace_dispatches_lot_id'), ['lot_id'], unique=False)

    op.create_table('trace_lot_inputs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lot_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('platform', 'outside', name='inputkind', native_enum=False, length=10), nullable=False),
    sa.Column('dispatch_id', sa.Integer(), nullable=True),
    sa.Column('source_lot_id', sa.Integer(), nullable=True),
    sa.Column('deal_id', sa.Integer(), nullable=True),
    sa.Column('supplier_name', sa.String(length=200), nullable=False),
    sa.Column('description', sa.String(length=200), nullable=False),
    sa.Column('material', sa.String(length=30), nullable=False),
    sa.Column('mass_kg', sa.Float(), nullable=False),
    sa.Column('recycled_pct', sa.Float(), nullable=False),
    sa.Column('dql', sa.Integer(), nullable=True),
    sa.Column('received_on', sa.Date(), nullable=False),
    sa.Column('evidence_path', sa.String(length=300), nullable=True),
    sa.Column('evidence_mime', sa.String(length=60), nullable=True),
    sa.Column('evidence_name', sa.String(length=200), nullable=False),
    sa.Column('evidence_size', sa.Integer(), nullable=True),
    sa.Column('removed_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_trace_lot_inputs_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['deal_id'], ['deals.id'], name=op.f('fk_trace_lot_inputs_deal_id_deals'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['dispatch_id'], ['trace_dispatches.id'], name=op.f('fk_trace_lot_inputs_dispatch_id_trace_dispatches'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['lot_id'], ['trace_lots.id'], name=op.f('fk_trace_lot_inputs_lot_id_trace_lots'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_lot_id'], ['trace_lots.id'], name=op.f('fk_trace_lot_inputs_source_lot_id_trace_lots'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_trace_lot_inputs'))
    )
    with op.batch_alter_table('trace_lot_inputs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_trace_lot_inputs_dispatch_id'), ['dispatch_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trace_lot_inputs_lot_id'), ['lot_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_trace_lot_inputs_source_lot_id'), ['source_lot_id'], unique=False)



def downgrade():
    with op.batch_alter_table('trace_lot_inputs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trace_lot_inputs_source_lot_id'))
        batch_op.drop_index(batch_op.f('ix_trace_lot_inputs_lot_id'))
        batch_op.drop_index(batch_op.f('ix_trace_lot_inputs_dispatch_id'))

    op.drop_table('trace_lot_inputs')
    with op.batch_alter_table('trace_dispatches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trace_dispatches_lot_id'))
        batch_op.drop_index(batch_op.f('ix_trace_dispatches_deal_id'))

    op.drop_table('trace_dispatches')
    with op.batch_alter_table('trace_lot_events', schema=None) as batch_op:
        batch_op.drop_index('ix_trace_lot_events_org_created')
        batch_op.drop_index(batch_op.f('ix_trace_lot_events_lot_id'))

    op.drop_table('trace_lot_events')
    with op.batch_alter_table('trace_footprints', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_trace_footprints_listing_id'))

    op.drop_table('trace_footprints')
    with op.batch_alter_table('trace_flags', schema=None) as batch_op:
        batch_op.drop_index('ix_trace_flags_status_opened')
        batch_op.drop_index(batch_op.f('ix_trace_flags_lot_id'))

    op.drop_table('trace_flags')
    with op.batch_alter_table('trace_lots', schema=None) as batch_op:
        batch_op.drop_index('ix_trace_lots_org_production')
        batch_op.drop_index(batch_op.f('ix_trace_lots_listing_id'))
        batch_op.drop_index('ix_trace_lots_gtin_lot')

    op.drop_table('trace_lots')
    op.drop_table('trace_listing_profiles')
    with op.batch_alter_table('trace_balance_periods', schema=None) as batch_op:
        batch_op.drop_index('ix_trace_balance_periods_listing_start')

    op.drop_table('trace_balance_periods')
