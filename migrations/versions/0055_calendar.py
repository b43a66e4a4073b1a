"""calendar presence: the busy stretches last read from each user's linked calendar

Revision ID: 0055
Revises: 0050 (integrations: calendar_link)
"""
from alembic import op
import sqlalchemy as sa

revision = "0055"
down_revision = "0050"
branch_labels = None
depends_on = None

_TZ = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "calendar_busy",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("user_id", sa.Integer(),
                  sa.ForeignKey("calendar_link.user_id", ondelete="CASCADE"), nullable=False),
        sa.Column("starts", _TZ, nullable=False),
        sa.Column("ends", _TZ, nullable=False),
    )
    op.create_index("ix_calendar_busy_user_id", "calendar_busy", ["user_id"])


def downgrade() -> None:
    op.drop_table("calendar_busy")
