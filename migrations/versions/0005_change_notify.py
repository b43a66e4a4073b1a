"""Tell listeners when routing configuration changes (NOTIFY vaxel_config <company id | *>).

The controller and xml_curl cache what calls read and drop a company's entries when its
configuration changes; rows without a company_id column notify "*" (drop everything),
which is rare and cheap.

Revision ID: 0005
Revises: 0002
"""
from alembic import op

revision = "0005"
down_revision = "0002"
branch_labels = None
depends_on = None

TABLES = ("company", "users", "device", "presence_profile", "switchboard_service",
          "phone_number", "trunk", "ivr_menu", "ivr_option", "opening_schedule",
          "opening_hours", "schedule_exception", "schedule_override", "profile_schedule")

FUNCTION = """
CREATE OR REPLACE FUNCTION vaxel_notify_config() RETURNS trigger AS $$
DECLARE
    changed jsonb := to_jsonb(COALESCE(NEW, OLD));
BEGIN
    PERFORM pg_notify('vaxel_config', COALESCE(
        changed->>'company_id',
        CASE WHEN TG_TABLE_NAME = 'company' THEN changed->>'id' END,
        '*'));
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def upgrade() -> None:
    op.execute(FUNCTION)
    for table in TABLES:
        op.execute(f"CREATE TRIGGER vaxel_notify_config AFTER INSERT OR UPDATE OR DELETE "
                   f"ON {table} FOR EACH ROW EXECUTE FUNCTION vaxel_notify_config()")


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS vaxel_notify_config ON {table}")
    op.execute("DROP FUNCTION IF EXISTS vaxel_notify_config()")
