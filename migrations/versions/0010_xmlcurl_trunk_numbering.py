"""trunk numbering: the country and DID prefix a trunk's called numbers are read in

Revision ID: 0010_xmlcurl_trunk_numbering
Revises: 0001
"""
from alembic import op
import sqlalchemy as sa

revision = "0010_xmlcurl_trunk_numbering"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Country for national-format called numbers on a platform-wide trunk (a company's
    # own trunk uses the company's country when this is NULL).
    op.add_column("trunk", sa.Column("country", sa.String(length=2), nullable=True))
    # Some carriers deliver only the last digits of a DID block ("4601"); this E.164
    # prefix ("+4681234") turns them back into the full number.
    op.add_column("trunk", sa.Column("inbound_prefix", sa.String(length=16), nullable=True))


def downgrade() -> None:
    op.drop_column("trunk", "inbound_prefix")
    op.drop_column("trunk", "country")
