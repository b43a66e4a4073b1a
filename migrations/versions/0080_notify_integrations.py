"""Contacts, caller look-up settings and webhook endpoints also NOTIFY vaxel_config, so the
controller can cache them per company like the rest of the configuration (0005).

Revision ID: 0080
Revises: 0055, 0006
"""
from alembic import op

revision = "0080"
down_revision = ("0055", "0006")
branch_labels = None
depends_on = None

TABLES = ("contact", "lookup_settings", "webhook_endpoint")


def upgrade() -> None:
    for table in TABLES:
        op.execute(f"CREATE TRIGGER vaxel_notify_config AFTER INSERT OR UPDATE OR DELETE "
                   f"ON {table} FOR EACH ROW EXECUTE FUNCTION vaxel_notify_config()")


def downgrade() -> None:
    for table in TABLES:
        op.execute(f"DROP TRIGGER IF EXISTS vaxel_notify_config ON {table}")
