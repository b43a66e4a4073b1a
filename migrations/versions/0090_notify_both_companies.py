"""An update that moves a row from one company to another (a phone number ported between
customers, say) NOTIFYs both companies, so neither keeps a cached entry for it (0005 told
only the new one); and a TRUNCATE of a notifying table (restores, test clean-ups: row
triggers do not fire for it) NOTIFYs "*", so every cache starts afresh.

Revision ID: 0090
Revises: 0080
"""
from alembic import op

revision = "0090"
down_revision = "0080"
branch_labels = None
depends_on = None

# 0005's function, with room for what this revision adds.
TEMPLATE = """
CREATE OR REPLACE FUNCTION vaxel_notify_config() RETURNS trigger AS $$
DECLARE
    changed jsonb := to_jsonb(COALESCE(NEW, OLD));
    before jsonb;
BEGIN
    PERFORM pg_notify('vaxel_config', COALESCE(
        changed->>'company_id',
        CASE WHEN TG_TABLE_NAME = 'company' THEN changed->>'id' END,
        '*'));
{also_old_company}    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""
ALSO_OLD_COMPANY = """    IF TG_OP = 'UPDATE' THEN
        before := to_jsonb(OLD);
        IF (before->>'company_id') IS DISTINCT FROM (changed->>'company_id') THEN
            PERFORM pg_notify('vaxel_config', COALESCE(before->>'company_id', '*'));
        END IF;
    END IF;
"""


# Every table 0005, 0060 and 0080 put the row trigger on gets the statement trigger too.
FOR_EACH_NOTIFYING_TABLE = """
DO $$
DECLARE
    name text;
BEGIN
    FOR name IN SELECT DISTINCT event_object_table FROM information_schema.triggers
                WHERE trigger_name = 'vaxel_notify_config' AND trigger_schema = current_schema()
    LOOP
        EXECUTE format({statement}, name);
    END LOOP;
END
$$
"""
CREATE_TRUNCATE = ("'CREATE TRIGGER vaxel_notify_config_truncate AFTER TRUNCATE ON %I "
                   "FOR EACH STATEMENT EXECUTE FUNCTION vaxel_notify_config()'")
DROP_TRUNCATE = "'DROP TRIGGER IF EXISTS vaxel_notify_config_truncate ON %I'"


def upgrade() -> None:
    op.execute(TEMPLATE.format(also_old_company=ALSO_OLD_COMPANY))
    op.execute(FOR_EACH_NOTIFYING_TABLE.format(statement=CREATE_TRUNCATE))


def downgrade() -> None:
    op.execute(FOR_EACH_NOTIFYING_TABLE.format(statement=DROP_TRUNCATE))
    op.execute(TEMPLATE.format(also_old_company=""))
