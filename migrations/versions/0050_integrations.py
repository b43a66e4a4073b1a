"""integrations: API tokens, call commands, live calls, webhooks, look-up, calendar, stats stream

Revision ID: 0050
Revises: 0002 (call log), 0020 (audit)
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

revision = "0050"
down_revision = ("0002", "0020")
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def _company() -> sa.Column:
    return sa.Column("company_id", sa.Integer(),
                     sa.ForeignKey("company.id", ondelete="CASCADE"), nullable=False)


def _created() -> sa.Column:
    return sa.Column("created_at", _TZ, server_default=sa.text("now()"), nullable=False)


def _api() -> None:
    op.create_table(
        "api_token",
        sa.Column("id", sa.Integer(), primary_key=True), _company(),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("prefix", sa.String(16), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("scopes", ARRAY(sa.String(32)), nullable=False),
        _created(), sa.Column("last_used_at", _TZ), sa.Column("revoked_at", _TZ),
    )
    op.create_index("ix_api_token_company_id", "api_token", ["company_id"])
    op.create_table(
        "call_command",
        sa.Column("id", sa.Integer(), primary_key=True), _company(),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("args", JSONB, nullable=False, server_default="{}"),
        sa.Column("status", sa.String(32), nullable=False, server_default="pending"),
        sa.Column("result", JSONB, nullable=False, server_default="{}"),
        sa.Column("requested_by", sa.String(200), nullable=False, server_default=""),
        _created(), sa.Column("finished_at", _TZ),
    )
    op.create_index("ix_call_command_company_id", "call_command", ["company_id"])
    op.create_index("ix_call_command_pending", "call_command", ["status", "id"])
    # The controller LISTENs: a new request is picked up at once, not at the next poll.
    op.execute("""
        CREATE FUNCTION vaxel_call_command_notify() RETURNS trigger AS $$
        BEGIN PERFORM pg_notify('vaxel_call_command', NEW.id::text); RETURN NEW; END
        $$ LANGUAGE plpgsql""")
    op.execute("""CREATE TRIGGER call_command_notify AFTER INSERT ON call_command
                  FOR EACH ROW EXECUTE FUNCTION vaxel_call_command_notify()""")
    op.create_table(
        "live_call",
        sa.Column("call_uuid", sa.String(64), primary_key=True), _company(),
        sa.Column("caller_number", sa.String(64), nullable=False, server_default=""),
        sa.Column("destination", sa.String(64), nullable=False, server_default=""),
        sa.Column("state", sa.String(16), nullable=False, server_default="RINGING"),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("started_at", _TZ, server_default=sa.text("now()"), nullable=False),
    )
    op.create_index("ix_live_call_company_id", "live_call", ["company_id"])


def _webhooks() -> None:
    op.create_table(
        "webhook_endpoint",
        sa.Column("id", sa.Integer(), primary_key=True), _company(),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("secret", sa.String(100), nullable=False),
        sa.Column("events", ARRAY(sa.String(40)), nullable=False),
        sa.Column("description", sa.String(200), nullable=False, server_default=""),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("failing_since", _TZ),
        sa.Column("consecutive_failures", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("disabled_at", _TZ),
        sa.Column("disabled_reason", sa.String(500), nullable=False, server_default=""),
        _created(),
    )
    op.create_index("ix_webhook_endpoint_company_id", "webhook_endpoint", ["company_id"])
    op.create_table(
        "webhook_delivery",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("event_id", sa.String(40), nullable=False),
        sa.Column("endpoint_id", sa.Integer(),
                  sa.ForeignKey("webhook_endpoint.id", ondelete="CASCADE"), nullable=False),
        _company(),
        sa.Column("event_type", sa.String(40), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("status", sa.String(32), nullable=False, server_default="pending"),
        sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"),
        sa.Column("next_attempt_at", _TZ, server_default=sa.text("now()"), nullable=False),
        sa.Column("last_status", sa.Integer()),
        sa.Column("last_error", sa.String(500), nullable=False, server_default=""),
        sa.Column("delivered_at", _TZ), _created(),
    )
    op.create_index("ix_webhook_delivery_event_id", "webhook_delivery", ["event_id"])
    op.create_index("ix_webhook_delivery_due", "webhook_delivery", ["status", "next_attempt_at"])
    op.create_index("ix_webhook_delivery_endpoint", "webhook_delivery", ["endpoint_id", "id"])


def _lookup_calendar_stream() -> None:
    op.create_table(
        "contact",
        sa.Column("id", sa.Integer(), primary_key=True), _company(),
        sa.Column("number", sa.String(32), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("organisation", sa.String(200), nullable=False, server_default=""),
        sa.Column("external_id", sa.String(200), nullable=False, server_default=""),
        _created(),
        sa.UniqueConstraint("company_id", "number", name="uq_contact_company_id_number"),
    )
    op.create_index("ix_contact_company_id", "contact", ["company_id"])
    op.create_table(
        "lookup_settings",
        sa.Column("company_id", sa.Integer(), sa.ForeignKey("company.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("provider_url", sa.String(2000), nullable=False, server_default=""),
        sa.Column("provider_auth", sa.String(500), nullable=False, server_default=""),
    )
    op.create_table(
        "lookup_cache",
        sa.Column("company_id", sa.Integer(), sa.ForeignKey("company.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("number", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False, server_default=""),
        sa.Column("organisation", sa.String(200), nullable=False, server_default=""),
        sa.Column("expires_at", _TZ, nullable=False),
    )
    op.create_index("ix_lookup_cache_expires", "lookup_cache", ["expires_at"])
    op.create_table(
        "calendar_link",
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE"),
                  primary_key=True), _company(),
        sa.Column("ics_url", sa.String(2000), nullable=False),
        sa.Column("meeting_profile_id", sa.Integer(),
                  sa.ForeignKey("presence_profile.id", ondelete="SET NULL")),
        sa.Column("return_profile_id", sa.Integer(),
                  sa.ForeignKey("presence_profile.id", ondelete="SET NULL")),
        sa.Column("in_meeting_until", _TZ), sa.Column("last_fetched_at", _TZ),
        sa.Column("last_error", sa.String(500), nullable=False, server_default=""),
        _created(),
    )
    op.create_index("ix_calendar_link_company_id", "calendar_link", ["company_id"])
    op.create_table(
        "stats_stream",
        sa.Column("company_id", sa.Integer(), sa.ForeignKey("company.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("url", sa.String(2000), nullable=False),
        sa.Column("interval_seconds", sa.Integer(), nullable=False, server_default="60"),
        sa.Column("active", sa.Boolean(), nullable=False, server_default=sa.true()),
        sa.Column("last_pushed_at", _TZ),
        sa.Column("last_error", sa.String(500), nullable=False, server_default=""),
    )


def upgrade() -> None:
    _api()
    _webhooks()
    _lookup_calendar_stream()


def downgrade() -> None:
    for table in ("stats_stream", "calendar_link", "lookup_cache", "lookup_settings", "contact",
                  "webhook_delivery", "webhook_endpoint", "live_call", "call_command",
                  "api_token"):
        op.drop_table(table)
    op.execute("DROP FUNCTION IF EXISTS vaxel_call_command_notify()")
