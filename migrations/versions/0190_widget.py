"""the website widget: a company's public key, allowed origins, look, and its callbacks

Revision ID: 0190
Revises: 0141
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY

revision = "0190"
down_revision = "0141"
branch_labels = None
depends_on = ("0030",)


def upgrade() -> None:
    op.create_table(
        "widget_settings",
        sa.Column("company_id", sa.Integer, sa.ForeignKey("company.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("public_key", sa.String(48), unique=True),
        sa.Column("origins", ARRAY(sa.String(200)), nullable=False, server_default="{}"),
        sa.Column("queue_ids", ARRAY(sa.Integer), nullable=False, server_default="{}"),
        sa.Column("colour_accent", sa.String(7), nullable=False, server_default="#1d4ed8"),
        sa.Column("colour_text", sa.String(7), nullable=False, server_default="#ffffff"),
        sa.Column("title_sv", sa.String(120), nullable=False, server_default=""),
        sa.Column("title_en", sa.String(120), nullable=False, server_default=""),
        sa.Column("intro_sv", sa.String(500), nullable=False, server_default=""),
        sa.Column("intro_en", sa.String(500), nullable=False, server_default=""),
        sa.Column("contact_phone", sa.String(32), nullable=False, server_default=""),
        sa.Column("contact_email", sa.String(200), nullable=False, server_default=""),
        sa.Column("retention_days", sa.Integer, nullable=False, server_default="30"),
    )
    op.create_table(
        "widget_callback",
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("company_id", sa.Integer, sa.ForeignKey("company.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("entry_id", sa.BigInteger,
                  sa.ForeignKey("queue_entry.id", ondelete="CASCADE"), nullable=False,
                  unique=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.Column("purged_at", sa.DateTime(timezone=True)),
    )
    op.create_index("ix_widget_callback_unpurged", "widget_callback", ["company_id"],
                    postgresql_where=sa.text("purged_at IS NULL"))


def downgrade() -> None:
    op.drop_table("widget_callback")
    op.drop_table("widget_settings")
