"""Tell listeners when a company's live picture changes (NOTIFY vaxel_live <company id>).

The app's colleagues board is pushed to browsers the moment a call starts, is answered or
ends (the controller's live_call rows) or a colleague logs in to or out of a queue; the
push hub (vaxel.infra.push) LISTENs for these. PostgreSQL delivers one notification per
company per transaction however many rows changed in it, so the controller's batched
writes cost one each.

Revision ID: 0130
Revises: 0120, 0110
"""
from alembic import op

revision = "0130"
down_revision = ("0120", "0110")  # 0110 comes after queue_member and live_call
branch_labels = None
depends_on = None

TABLES = ("live_call", "queue_member")

FUNCTION = """
CREATE OR REPLACE FUNCTION vaxel_notify_live() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('vaxel_live', (to_jsonb(COALESCE(NEW, OLD))->>'company_id'));
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    op.execute(FUNCTION)
    for table in TABLES:
        op.execute(f"CREATE TRIGGER vaxel_notify_live AFTER INSERT OR UPDATE OR DELETE "
                   f"ON {table} FOR EACH ROW EXECUTE FUNCTION vaxel_notify_live()")


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS vaxel_notify_live ON {table}")
    op.execute("DROP FUNCTION IF EXISTS vaxel_notify_live()")
