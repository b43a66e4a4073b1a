"""the FreeSWITCH node of a live call and of a call command (docs/scale-out.md)

With several nodes, each node's controller keeps only its own calls' rows fresh and
carries out only the commands on its own calls; a click-to-call (node NULL) is taken by
whichever controller claims it first. On a single node every value is ''.

Revision ID: 0141
Revises: 0140
"""
from alembic import op
import sqlalchemy as sa

revision = "0141"
down_revision = "0140"
branch_labels = None
depends_on = ("0050",)


def upgrade() -> None:
    op.add_column("live_call", sa.Column("node", sa.String(64), nullable=False, server_default=""))
    op.add_column("call_command", sa.Column("node", sa.String(64), nullable=True))


def downgrade() -> None:
    op.drop_column("call_command", "node")
    op.drop_column("live_call", "node")
