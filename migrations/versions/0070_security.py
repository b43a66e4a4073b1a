"""security: bans, allow-list, toll policies, outbound set-ups, ops alerts

Revision ID: 0070
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa

revision = "0070"
down_revision = "0002"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "sip_ban",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("source", sa.String(45), nullable=False),
        sa.Column("reason", sa.String(32), nullable=False),
        sa.Column("detail", sa.String(500), nullable=False, server_default=""),
        sa.Column("until", _TZ, nullable=False),
        sa.Column("created_at", _TZ, server_default=sa.text("now()"), nullable=False),
        sa.Column("created_by", sa.String(200), nullable=False, server_default="controller"),
        sa.Column("lifted_at", _TZ, nullable=True),
        sa.Column("lifted_by", sa.String(200), nullable=True),
    )
    op.create_index("ix_sip_ban_source_until", "sip_ban", ["source", "until"])
    op.create_table(
        "sip_allow",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("network", sa.String(50), nullable=False, unique=True),
        sa.Column("note", sa.String(200), nullable=False, server_default=""),
        sa.Column("created_at", _TZ, server_default=sa.text("now()"), nullable=False),
    )
    op.create_table(
        "toll_policy",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("company_id", sa.Integer(),
                  sa.ForeignKey("company.id", ondelete="CASCADE"), nullable=False),
        sa.Column("user_id", sa.Integer(), sa.ForeignKey("users.id", ondelete="CASCADE")),
        sa.Column("allowed", sa.String(200), nullable=False),
        sa.Column("blocked_prefixes", sa.String(1000), nullable=False, server_default=""),
        sa.Column("max_concurrent", sa.Integer()),
        sa.Column("max_setups_per_minute", sa.Integer()),
        sa.UniqueConstraint("company_id", "user_id", name="uq_toll_policy_company_id_user_id"),
    )
    op.create_table(
        "outbound_call",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("company_id", sa.Integer(),
                  sa.ForeignKey("company.id", ondelete="CASCADE"), nullable=False),
        sa.Column("call_uuid", sa.String(64), nullable=False, unique=True),
        sa.Column("destination", sa.String(32), nullable=False),
        sa.Column("started_at", _TZ, server_default=sa.text("now()"), nullable=False),
        sa.Column("ended_at", _TZ),
    )
    op.create_index("ix_outbound_call_company_started", "outbound_call",
                    ["company_id", "started_at"])
    op.create_table(
        "ops_alert",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("company_id", sa.Integer(), sa.ForeignKey("company.id", ondelete="CASCADE")),
        sa.Column("message", sa.Text(), nullable=False),
        sa.Column("created_at", _TZ, server_default=sa.text("now()"), nullable=False),
        sa.Column("acknowledged_at", _TZ),
    )
    op.create_index("ix_ops_alert_created", "ops_alert", ["created_at"])


def downgrade() -> None:
    for table in ("ops_alert", "outbound_call", "toll_policy", "sip_allow", "sip_ban"):
        op.drop_table(table)
