"""Vietnamese texts of the label registry (issue 16.1): issuer, legal basis, how to check a certificate and
the certificate number's format, beside the English ones. `flask reference seed` fills them for the seeded
labels (app/labels/registry_vi.py) without touching texts an administrator edited.

Revision ID: 0031_label_texts_vi
Revises: 0030_procurement
"""
from alembic import op
import sqlalchemy as sa

revision = "0031_label_texts_vi"
down_revision = "0030_procurement"
branch_labels = None
depends_on = None

COLUMNS = (("issuing_body_vi", sa.String(300)), ("legal_basis_vi", sa.Text()), ("verify_howto_vi", sa.Text()),
           ("certificate_hint_vi", sa.String(200)))


def upgrade():
    with op.batch_alter_table("labels") as batch:
        for name, type_ in COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("labels") as batch:
        for name, _type in reversed(COLUMNS):
            batch.drop_column(name)
