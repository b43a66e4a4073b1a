"""The matcher sweeps queue_agent every second for wrap-ups that are over: a partial index
keeps that sweep to the agents in wrap-up, however many agents the platform has.

Revision ID: 0100
Revises: 0030, 0090
"""
from alembic import op
import sqlalchemy as sa

revision = "0100"
down_revision = ("0030", "0090")
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_queue_agent_wrap_up_until", "queue_agent", ["wrapup_until"],
                    postgresql_where=sa.text("state = 'wrap_up'"))


def downgrade() -> None:
    op.drop_index("ix_queue_agent_wrap_up_until", table_name="queue_agent")
