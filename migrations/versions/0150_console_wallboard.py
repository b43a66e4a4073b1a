"""the operator console and the wallboard: live pushes for queue callers and agents, and
revocable wallboard links

The console and the wallboards are pushed (vaxel.infra.push) when a company's live picture
changes. live_call and queue_member already NOTIFY vaxel_live (0130); a caller joining,
being offered, answered or leaving a queue (queue_entry) and an agent's state (queue_agent)
now do too, with the same trigger function. PostgreSQL folds identical notifications of
one transaction into one, so the controller's writes cost one each.

A wallboard link is a big screen's way in without a log-in: only the token's SHA-256 is
kept; revoking it stops the link.

Revision ID: 0150
Revises: 0130, 0141
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY

revision = "0150"
down_revision = ("0130", "0141")  # 0130's trigger function; 0141 the current head
branch_labels = None
depends_on = None

TABLES = ("queue_entry", "queue_agent")
_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    for table in TABLES:
        op.execute(f"CREATE TRIGGER vaxel_notify_live AFTER INSERT OR UPDATE OR DELETE "
                   f"ON {table} FOR EACH ROW EXECUTE FUNCTION vaxel_notify_live()")
    op.create_table(
        "wallboard_link",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("company_id", sa.Integer(), sa.ForeignKey("company.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("name", sa.String(100), nullable=False),
        sa.Column("queue_ids", ARRAY(sa.Integer()), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("created_by", sa.String(200), nullable=False, server_default=""),
        sa.Column("created_at", _TZ, server_default=sa.text("now()"), nullable=False),
        sa.Column("revoked_at", _TZ),
    )


def downgrade() -> None:
    op.drop_table("wallboard_link")
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS vaxel_notify_live ON {table}")
