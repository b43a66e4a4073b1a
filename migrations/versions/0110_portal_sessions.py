"""portal sessions kept server-side (revocable), atomic log-in throttle, and only the
company's own numbers as caller id

Portal sessions lived only in the signed cookie, so log-out and a password change could
not end them; now each is a row the cookie points at. Failed log-ins are counted with one
upsert per key (e-mail + address, address) instead of a check-then-insert race. Caller ids
that are not a number of the user's own company are cleared: from now on only the
company's numbers may be shown (SECURITY.md). Stored calendar errors, which could quote a
feed's secret address, are cleared.

Revision ID: 0110
Revises: 0100
"""
from alembic import op
import sqlalchemy as sa

revision = "0110"
down_revision = "0100"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "portal_session",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("account_id", sa.Integer(),
                  sa.ForeignKey("account.id", ondelete="CASCADE"), nullable=False),
        sa.Column("created_at", _TZ, server_default=sa.text("now()"), nullable=False),
        sa.Column("expires_at", _TZ, nullable=False),
    )
    op.create_index("ix_portal_session_account_id", "portal_session", ["account_id"])
    op.create_table(
        "login_throttle",
        sa.Column("key", sa.String(400), primary_key=True),
        sa.Column("window_start", _TZ, nullable=False),
        sa.Column("failures", sa.Integer(), nullable=False),
    )
    op.execute("""UPDATE users u SET outbound_caller_id = NULL
                  WHERE outbound_caller_id IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM phone_number n
                    WHERE n.company_id = u.company_id AND n.e164 = u.outbound_caller_id)""")
    op.execute("""UPDATE presence_profile p SET caller_id_number = NULL
                  WHERE caller_id_number IS NOT NULL AND NOT EXISTS (
                    SELECT 1 FROM phone_number n
                    WHERE n.company_id = p.company_id AND n.e164 = p.caller_id_number)""")
    # Errors stored before they were scrubbed may quote a feed's secret address.
    op.execute("UPDATE calendar_link SET last_error = '' WHERE last_error <> ''")


def downgrade() -> None:
    op.drop_table("login_throttle")
    op.drop_index("ix_portal_session_account_id", table_name="portal_session")
    op.drop_table("portal_session")
