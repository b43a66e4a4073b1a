"""chat: conversations, members and messages (issue 18)

Messages are numbered by one sequence; a sender takes the company's chat lock
(pg_advisory_xact_lock) before numbering, so within a company ids commit in order and a
reader that resumes "after id N" never skips one that commits late. Each new message
NOTIFYs vaxel_chat with its company id (the app's chat hub wakes its streams); search
uses a GIN index on the body's 'simple' text vector (Swedish and English alike).

Revision ID: 0180
Revises: 0141
"""
from alembic import op
import sqlalchemy as sa

revision = "0180"
down_revision = "0141"
branch_labels = None
depends_on = None

NOTIFY = """
CREATE OR REPLACE FUNCTION vaxel_notify_chat() RETURNS trigger AS $$
BEGIN
    PERFORM pg_notify('vaxel_chat', NEW.company_id::text);
    RETURN NULL;
END
$$ LANGUAGE plpgsql
"""


def _created_at() -> sa.Column:
    return sa.Column("created_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                     nullable=False)


def upgrade() -> None:
    op.create_table(
        "chat_conversation",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("company_id", sa.Integer, sa.ForeignKey("company.id", ondelete="CASCADE"),
                  nullable=False, index=True),
        sa.Column("kind", sa.String(32), nullable=False),
        sa.Column("title", sa.String(80), nullable=False),
        sa.Column("open_to_join", sa.Boolean, nullable=False),
        sa.Column("direct_key", sa.String(40)),
        _created_at(),
        sa.UniqueConstraint("company_id", "direct_key"),
        sa.CheckConstraint("kind IN ('direct', 'group', 'room')", name="conversationkind"),
    )
    op.create_table(
        "chat_member",
        sa.Column("conversation_id", sa.Integer,
                  sa.ForeignKey("chat_conversation.id", ondelete="CASCADE"), primary_key=True),
        sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id", ondelete="CASCADE"),
                  primary_key=True),
        sa.Column("company_id", sa.Integer, sa.ForeignKey("company.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("role", sa.String(32), nullable=False),
        sa.Column("last_read_id", sa.BigInteger, nullable=False, server_default="0"),
        sa.Column("joined_at", sa.DateTime(timezone=True), server_default=sa.func.now(),
                  nullable=False),
        sa.CheckConstraint("role IN ('owner', 'member')", name="memberrole"),
    )
    op.create_index("ix_chat_member_user", "chat_member", ["user_id"])
    op.create_table(
        "chat_message",
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("company_id", sa.Integer, sa.ForeignKey("company.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("conversation_id", sa.Integer,
                  sa.ForeignKey("chat_conversation.id", ondelete="CASCADE"), nullable=False),
        sa.Column("sender_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("client_id", sa.String(64), nullable=False),
        sa.Column("body", sa.Text, nullable=False),
        sa.Column("attachment_name", sa.String(120)),
        sa.Column("attachment_type", sa.String(64)),
        sa.Column("attachment_size", sa.Integer),
        sa.Column("attachment_path", sa.String(200)),
        _created_at(),
        sa.UniqueConstraint("conversation_id", "sender_id", "client_id"),
        sa.CheckConstraint("length(body) <= 4000", name="body_length"),
    )
    op.create_index("ix_chat_message_conversation_id", "chat_message", ["conversation_id", "id"])
    op.create_index("ix_chat_message_company_id", "chat_message", ["company_id", "id"])
    op.create_index("ix_chat_message_created_at", "chat_message", ["created_at"])
    op.execute("CREATE INDEX ix_chat_message_search ON chat_message "
               "USING gin (to_tsvector('simple', body))")
    op.execute(NOTIFY)
    op.execute("CREATE TRIGGER vaxel_notify_chat AFTER INSERT ON chat_message "
               "FOR EACH ROW EXECUTE FUNCTION vaxel_notify_chat()")


def downgrade() -> None:
    op.drop_table("chat_message")
    op.execute("DROP FUNCTION IF EXISTS vaxel_notify_chat()")
    op.drop_table("chat_member")
    op.drop_table("chat_conversation")
