"""logistics: provider profiles and fleet (declared/verified emission intensity), shipper routes
(optional deal_id for sourcing deals, no FK yet) and transport quotes

Revision ID: 0006_logistics
Revises: 0001
Create Date: 2026-11-24 12:57:00.061140

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_logistics'
down_revision = '0001'
branch_labels = ('logistics',)
depends_on = None


def upgrade():
    op.create_table('logistics_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('services', sa.JSON(), nullable=False),
    sa.Column('provinces', sa.JSON(), nullable=False),
    sa.Column('corridors', sa.JSON(), nullable=False),
    sa.Column('cold_chain', sa.Boolean(), nullable=False),
    sa.Column('warehouse_features', sa.JSON(), nullable=False),
    sa.Column('warehouse_area_m2', sa.Integer(), nullable=True),
    sa.Column('certifications', sa.JSON(), nullable=False),
    sa.Column('certifications_other', sa.String(length=300), nullable=False),
    sa.Column('capacity_tonnes_month', sa.Integer(), nullable=True),
    sa.Column('capacity_note', sa.String(length=300), nullable=False),
    sa.Column('summary', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_logistics_profiles_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_logistics_profiles')),
    sa.UniqueConstraint('organisation_id', name=op.f('uq_logistics_profiles_organisation_id'))
    )
    op.create_table('logistics_routes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('organisation_id', sa.Integer(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('origin', sa.String(length=8), nullable=False),
    sa.Column('destination', sa.String(length=8), nullable=False),
    sa.Column('weight_kg', sa.Float(), nullable=False),
    sa.Column('volume_m3', sa.Float(), nullable=True),
    sa.Column('cold_chain', sa.Boolean(), nullable=False),
    sa.Column('reference', sa.String(length=200), nullable=False),
    sa.Column('deal_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_logistics_routes_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['organisation_id'], ['organisations.id'], name=op.f('fk_logistics_routes_organisation_id_organisations'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_logistics_routes'))
    )
    with op.batch_alter_table('logistics_routes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_logistics_routes_deal_id'), ['deal_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_logistics_routes_organisation_id'), ['organisation_id'], unique=False)
    op.create_table('logistics_fleet',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('profile_id', sa.Integer(), nullable=False),
    sa.Column('vehicle_class', sa.String(length=40), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('emission_standard', sa.String(length=20), nullable=False),
    sa.Column('declared_intensity', sa.Float(), nullable=True),
    sa.Column('intensity_basis', sa.String(length=500), nullable=False),
    sa.Column('verified_at', sa.DateTime(), nullable=True),
    sa.Column('verified_by_id', sa.Integer(), nullable=True),
    sa.Column('verification_note', sa.String(length=500), nullable=False),
    sa.ForeignKeyConstraint(['profile_id'], ['logistics_profiles.id'], name=op.f('fk_logistics_fleet_profile_id_logistics_profiles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['verified_by_id'], ['users.id'], name=op.f('fk_logistics_fleet_verified_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_logistics_fleet')),
    sa.UniqueConstraint('profile_id', 'vehicle_class', name='uq_logistics_fleet_class')
    )
    with op.batch_alter_table('logistics_fleet', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_logistics_fleet_profile_id'), ['profile_id'], unique=False)
    op.create_table('logistics_quotes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('route_id', sa.Integer(), nullable=False),
    sa.Column('provider_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('requested', 'quoted', 'declined', 'accepted', 'closed', name='quotestatus', native_enum=False, length=20), nullable=False),
    sa.Column('message', sa.String(length=1000), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('vehicle_class', sa.String(length=40), nullable=True),
    sa.Column('price_vnd', sa.BigInteger(), nullable=True),
    sa.Column('transit_days', sa.Float(), nullable=True),
    sa.Column('committed_co2e_kg', sa.Float(), nullable=True),
    sa.Column('estimated_co2e_kg', sa.Float(), nullable=True),
    sa.Column('provider_note', sa.String(length=1000), nullable=False),
    sa.Column('answered_at', sa.DateTime(), nullable=True),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['provider_id'], ['organisations.id'], name=op.f('fk_logistics_quotes_provider_id_organisations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_logistics_quotes_requested_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['route_id'], ['logistics_routes.id'], name=op.f('fk_logistics_quotes_route_id_logistics_routes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_logistics_quotes')),
    sa.UniqueConstraint('route_id', 'provider_id', name='uq_logistics_quotes_route_provider')
    )
    with op.batch_alter_table('logistics_quotes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_logistics_quotes_provider_id'), ['provider_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_logistics_quotes_route_id'), ['route_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_logistics_quotes_status'), ['status'], unique=False)


def downgrade():
    with op.batch_alter_table('logistics_quotes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_logistics_quotes_status'))
        batch_op.drop_index(batch_op.f('ix_logistics_quotes_route_id'))
        batch_op.drop_index(batch_op.f('ix_logistics_quotes_provider_id'))
    op.drop_table('logistics_quotes')
    with op.batch_alter_table('logistics_fleet', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_logistics_fleet_profile_id'))
    op.drop_table('logistics_fleet')
    with op.batch_alter_table('logistics_routes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_logistics_routes_organisation_id'))
        batch_op.drop_index(batch_op.f('ix_logistics_routes_deal_id'))
    op.drop_table('logistics_routes')
    op.drop_table('logistics_profiles')
