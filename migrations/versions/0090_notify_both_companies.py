"""An update that moves a row from one company to another (a phone number ported between
customers, say) NOTIFYs both companies, so neither keeps a cached entry for it (0005 told
only the new one).

Revision ID: 0090
Revises: 0080
"""
from alembic import op

revision = "0090"
down_revision = "0080"
branch_labels = None
depends_on = None

FUNCTION = """
CREATE OR REPLACE FUNCTION vaxel_notify_config() RETURNS trigger AS $$
DECLARE
    changed jsonb := to_jsonb(COALESCE(NEW, OLD));
    before jsonb;
BEGIN
    PERFORM pg_notify('vaxel_config', COALESCE(
        changed->>'company_id',
        CASE WHEN TG_TABLE_NAME = 'company' THEN changed->>'id' END,
        '*'));
    IF TG_OP = 'UPDATE' THEN
        before := to_jsonb(OLD);
        IF (before->>'company_id') IS DISTINCT FROM (changed->>'company_id') THEN
            PERFORM pg_notify('vaxel_config', COALESCE(before->>'company_id', '*'));
        END IF;
    END IF;
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""

PREVIOUS = """
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


def downgrade() -> None:
    op.execute(PREVIOUS)
