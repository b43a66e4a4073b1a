"""park slots: a company's park lot and the calls parked on it

Parked calls NOTIFY vaxel_live (the function of 0130) so an operator console sees a call
parked or picked up as it happens.

Revision ID: 0160
Revises: 0141
"""
from alembic import op
import sqlalchemy as sa

revision = "0160"
down_revision = "0141"
branch_labels = None
depends_on = ("0130",)


def upgrade() -> None:
    op.create_table(
        "park_lot",
        sa.Column("company_id", sa.Integer(), sa.ForeignKey("company.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("first_slot", sa.Integer(), nullable=False),
        sa.Column("slot_count", sa.Integer(), nullable=False),
        sa.Column("timeout_seconds", sa.Integer(), nullable=False),
    )
    op.create_table(
        "parked_call",
        sa.Column("call_uuid", sa.String(64), primary_key=True),
        sa.Column("company_id", sa.Integer(), sa.ForeignKey("company.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("slot", sa.Integer(), nullable=False),
        sa.Column("caller_number", sa.String(64), nullable=False),
        sa.Column("parked_by", sa.String(32), nullable=False),
        sa.Column("node", sa.String(64), nullable=False),
        sa.Column("parked_at", sa.DateTime(timezone=True), server_default=sa.text("now()"),
                  nullable=False),
        sa.UniqueConstraint("company_id", "slot"),
    )
    op.execute("CREATE TRIGGER vaxel_notify_live AFTER INSERT OR UPDATE OR DELETE "
               "ON parked_call FOR EACH ROW EXECUTE FUNCTION vaxel_notify_live()")


def downgrade() -> None:
    op.drop_table("parked_call")
    op.drop_table("park_lot")
