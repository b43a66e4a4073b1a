"""The TRUNCATE trigger on every notifying table, whichever order the branches ran in.

0090 put `vaxel_notify_config_truncate` on each table that had the row trigger when it
ran; 0060 (dialplan snippets) is on another branch and on a fresh database runs after
0090, so its two tables never got it (found by comparing vaxel.infra.changes
.NOTIFYING_TABLES with pg_trigger). This adds it wherever it is missing.

Revision ID: 0115
Revises: 0090
"""
from alembic import op

revision = "0115"
down_revision = "0090"
branch_labels = None
depends_on = ("0060",)

# information_schema.triggers lists no TRUNCATE triggers, hence pg_trigger for those.
ADD_MISSING = """
DO $$
DECLARE
    name text;
BEGIN
    FOR name IN SELECT DISTINCT t.event_object_table FROM information_schema.triggers t
                WHERE t.trigger_name = 'vaxel_notify_config'
                  AND t.trigger_schema = current_schema()
                  AND NOT EXISTS (
                      SELECT 1 FROM pg_trigger p
                      WHERE p.tgname = 'vaxel_notify_config_truncate'
                        AND p.tgrelid = format('%I', t.event_object_table)::regclass)
    LOOP
        EXECUTE format('CREATE TRIGGER vaxel_notify_config_truncate AFTER TRUNCATE ON %I '
                       'FOR EACH STATEMENT EXECUTE FUNCTION vaxel_notify_config()', name);
    END LOOP;
END
$$
"""


def upgrade() -> None:
    op.execute(ADD_MISSING)


def downgrade() -> None:
    # Nothing of its own to undo: 0090's downgrade drops every TRUNCATE trigger.
    pass
