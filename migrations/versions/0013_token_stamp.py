"""API tokens carry the security stamp they were issued under (a password reset or change, or
deactivation, ends them with the sessions)

Revision ID: 0013_token_stamp
Revises: 0012_merge
Create Date: 2026-11-27 10:00:00

Existing tokens keep working only when no password change or reset was recorded after they were
issued; the others get stamp 0, which never matches a user's stamp (≥ 1), so they are revoked.
"""
from alembic import op
import sqlalchemy as sa


revision = "0013_token_stamp"
down_revision = "0012_merge"
branch_labels = ("token_stamp",)
depends_on = None


def upgrade():
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.add_column(sa.Column("security_stamp", sa.Integer(), nullable=False, server_default="0"))
    op.execute(
        "UPDATE api_tokens SET security_stamp = (SELECT users.security_stamp FROM users WHERE users.id = api_tokens.user_id) "
        "WHERE NOT EXISTS (SELECT 1 FROM audit_log WHERE audit_log.object_type = 'user' "
        "AND audit_log.object_id = api_tokens.user_id "
        "AND audit_log.action IN ('user.password_reset', 'user.password_changed') "
        "AND audit_log.created_at >= api_tokens.created_at)"
    )


def downgrade():
    with op.batch_alter_table("api_tokens", schema=None) as batch_op:
        batch_op.drop_column("security_stamp")
