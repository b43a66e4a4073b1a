"""one-time links to set a portal password: invitations and "forgot password"

Ops and admins typed every person's password; now an admin invites a person by e-mail and
anyone may ask for a new password. Each link is a row holding only the token's SHA-256.

Revision ID: 0135
Revises: 0115
"""
from alembic import op
import sqlalchemy as sa

revision = "0135"
down_revision = "0115"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "account_token",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("account_id", sa.Integer(),
                  sa.ForeignKey("account.id", ondelete="CASCADE"), nullable=False),
        sa.Column("purpose", sa.String(16), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("expires_at", _TZ, nullable=False),
        sa.Column("used_at", _TZ),
        sa.Column("created_at", _TZ, server_default=sa.text("now()"), nullable=False),
    )
    op.create_index("ix_account_token_account_id", "account_token", ["account_id"])


def downgrade() -> None:
    op.drop_index("ix_account_token_account_id", table_name="account_token")
    op.drop_table("account_token")
