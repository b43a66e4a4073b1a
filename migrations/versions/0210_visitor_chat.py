"""visitor chat: a website visitor chats with a company's chat agents (issue 18)

A visitor's conversation is a chat_conversation of kind 'visitor' (messages, numbering,
NOTIFY and the agents' live stream are the chat's own); visitor_chat holds what the chat
needs besides: the hash of the visitor's random token, their name, the queue whose
logged-in members take it, its state (waiting → active → ended), the agent, when the
visitor's widget last asked (a waiting visitor who left gives up their place), and when
its details were purged. chat_message.origin tells a colleague's message from the visitor's
and from the system's (assigned, ended), whose sender_id is NULL; a visitor's retried
send is found by the partial unique index on (conversation_id, client_id).
widget_settings.chat_queue_id: the queue whose logged-in members are the chat agents
(NULL: the widget offers no chat).

Revision ID: 0210
Revises: 0200
"""
from alembic import op
import sqlalchemy as sa

revision = "0210"
down_revision = "0200"
branch_labels = None
depends_on = ("0180",)


def upgrade() -> None:
    op.drop_constraint("conversationkind", "chat_conversation", type_="check")
    op.create_check_constraint("conversationkind", "chat_conversation",
                               "kind IN ('direct', 'group', 'room', 'visitor')")
    op.add_column("chat_message", sa.Column("origin", sa.String(32), nullable=False,
                                            server_default="person"))
    op.create_check_constraint("messageorigin", "chat_message",
                               "origin IN ('person', 'visitor', 'system')")
    op.create_index("ux_chat_message_visitor_client", "chat_message",
                    ["conversation_id", "client_id"], unique=True,
                    postgresql_where=sa.text("origin = 'visitor'"))
    op.add_column("widget_settings", sa.Column("chat_queue_id", sa.Integer,
                                               sa.ForeignKey("queue_settings.service_id",
                                                             ondelete="SET NULL")))
    op.create_table(
        "visitor_chat",
        sa.Column("id", sa.BigInteger, primary_key=True),
        sa.Column("company_id", sa.Integer, sa.ForeignKey("company.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("conversation_id", sa.Integer,
                  sa.ForeignKey("chat_conversation.id", ondelete="CASCADE"), nullable=False,
                  unique=True),
        sa.Column("queue_id", sa.Integer,
                  sa.ForeignKey("queue_settings.service_id", ondelete="SET NULL")),
        sa.Column("token_hash", sa.String(64), nullable=False, unique=True),
        sa.Column("visitor_name", sa.String(80), nullable=False, server_default=""),
        sa.Column("state", sa.String(32), nullable=False),
        sa.Column("agent_id", sa.Integer, sa.ForeignKey("users.id", ondelete="SET NULL")),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.Column("answered_at", sa.DateTime(timezone=True)),
        sa.Column("ended_at", sa.DateTime(timezone=True)),
        sa.Column("visitor_seen_at", sa.DateTime(timezone=True), nullable=False,
                  server_default=sa.func.now()),
        sa.Column("purged_at", sa.DateTime(timezone=True)),
        sa.CheckConstraint("state IN ('waiting', 'active', 'ended')", name="visitorchatstate"),
    )
    op.create_index("ix_visitor_chat_waiting", "visitor_chat", ["company_id", "id"],
                    postgresql_where=sa.text("state = 'waiting'"))
    op.create_index("ix_visitor_chat_agent_id", "visitor_chat", ["agent_id"])


def downgrade() -> None:
    op.drop_table("visitor_chat")
    op.drop_column("widget_settings", "chat_queue_id")
    op.execute("DELETE FROM chat_conversation WHERE kind = 'visitor'")
    op.drop_index("ux_chat_message_visitor_client", "chat_message")
    op.drop_constraint("messageorigin", "chat_message", type_="check")
    op.drop_column("chat_message", "origin")
    op.drop_constraint("conversationkind", "chat_conversation", type_="check")
    op.create_check_constraint("conversationkind", "chat_conversation",
                               "kind IN ('direct', 'group', 'room')")
