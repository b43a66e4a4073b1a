"""conference rooms: every user's own room, its live participants, the owner's commands for
the controller, the SMS outbox (invitations by text message), and attachments carried in
the mail outbox's row (invitations' calendar entries)

Participants and rooms NOTIFY vaxel_live like live calls (0130), so the app's room panel is
pushed the moment someone joins, leaves, is muted or the room is locked. The controller
polls commands every half second, as it does call commands.

Revision ID: 0170
Revises: 0141
"""
from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

revision = "0170"
down_revision = "0141"
branch_labels = None
depends_on = ("0040", "0130")  # call_recording; vaxel_notify_live()

_NOW = sa.text("now()")


def upgrade() -> None:
    op.create_table(
        "conference_room",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("company_id", sa.Integer, sa.ForeignKey("company.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"),
                  nullable=False, unique=True),
        sa.Column("number", sa.String(16), nullable=False),
        sa.Column("pin", sa.String(10), nullable=False),
        sa.Column("locked", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("pin_failures", sa.Integer, nullable=False, server_default="0"),
        sa.Column("pin_blocked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("recording_id", sa.Integer,
                  sa.ForeignKey("call_recording.id", ondelete="SET NULL"), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=_NOW),
        sa.UniqueConstraint("company_id", "number",
                            name="uq_conference_room_company_id_number"),
    )
    op.create_table(
        "conference_participant",
        sa.Column("room_id", sa.Integer,
                  sa.ForeignKey("conference_room.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("member_id", sa.Integer, primary_key=True),
        sa.Column("company_id", sa.Integer, sa.ForeignKey("company.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("call_uuid", sa.String(64), nullable=False, server_default=""),
        sa.Column("caller_number", sa.String(64), nullable=False, server_default=""),
        sa.Column("caller_name", sa.String(100), nullable=False, server_default=""),
        sa.Column("muted", sa.Boolean, nullable=False, server_default=sa.false()),
        sa.Column("node", sa.String(64), nullable=False, server_default=""),
        sa.Column("joined_at", sa.DateTime(timezone=True), nullable=False, server_default=_NOW),
    )
    actions = ("mute", "unmute", "remove", "lock", "unlock", "record", "stop_recording")
    op.create_table(
        "conference_command",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("company_id", sa.Integer, sa.ForeignKey("company.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("room_id", sa.Integer,
                  sa.ForeignKey("conference_room.id", ondelete="CASCADE"), nullable=False),
        sa.Column("action", sa.Enum(*actions, name="roomaction", native_enum=False, length=32,
                                    create_constraint=True), nullable=False),
        sa.Column("member_id", sa.Integer, nullable=True),
        sa.Column("status", sa.Enum("pending", "done", "failed", name="roomcommandstatus",
                                    native_enum=False, length=32, create_constraint=True),
                  nullable=False),
        sa.Column("result", postgresql.JSONB, nullable=False, server_default="{}"),
        sa.Column("requested_by", sa.String(200), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=_NOW),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
    )
    op.create_index("ix_conference_command_pending", "conference_command", ["status", "id"])
    op.create_table(
        "sms_outbox",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("company_id", sa.Integer, sa.ForeignKey("company.id", ondelete="CASCADE"),
                  nullable=True),
        sa.Column("to_number", sa.String(32), nullable=False),
        sa.Column("body", sa.String(1000), nullable=False),
        sa.Column("attempts", sa.Integer, nullable=False, server_default="0"),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True, index=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("failed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.String(1000), nullable=False, server_default=""),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False, server_default=_NOW),
    )
    # A small attachment carried in the outbox row itself (an invitation's calendar entry),
    # so the portal that queues it and the controller that sends it share no files.
    op.add_column("mail_outbox", sa.Column("attachment_data", sa.LargeBinary, nullable=True))
    for table in ("conference_room", "conference_participant"):
        op.execute(f"CREATE TRIGGER vaxel_notify_live AFTER INSERT OR UPDATE OR DELETE "
                   f"ON {table} FOR EACH ROW EXECUTE FUNCTION vaxel_notify_live()")


def downgrade() -> None:
    op.drop_column("mail_outbox", "attachment_data")
    for table in ("sms_outbox", "conference_command", "conference_participant",
                  "conference_room"):
        op.drop_table(table)
