"""Visitors' names, numbers and chats kept only as long as the company's retention setting says.

Counted from when the request was dealt with (done: answered or given up); a request
still waiting is still needed and is kept. The queue statistics stay (rows, times,
outcomes); only what identifies the visitor is blanked.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import text
from sqlalchemy.orm import Session

from .chat_rules import IDLE_END
from .models import VisitorChat
from .visitor_chat import end

_DUE = text("""
SELECT w.id, w.entry_id FROM widget_callback w
JOIN widget_settings s ON s.company_id = w.company_id
JOIN queue_entry e ON e.id = w.entry_id
WHERE w.purged_at IS NULL AND e.state = 'done'
  AND coalesce(e.ended_at, w.created_at) < :now - make_interval(days => s.retention_days)
FOR UPDATE OF w SKIP LOCKED""")
_BLANK_ENTRIES = text("UPDATE queue_entry SET caller_name = '', caller_number = '' "
                      "WHERE id = ANY(:ids)")
_BLANK_CALLBACKS = text("UPDATE queue_callback SET number = '' WHERE entry_id = ANY(:ids)")
_MARK = text("UPDATE widget_callback SET purged_at = :now WHERE id = ANY(:ids)")


def purge_expired(session: Session, now: dt.datetime) -> int:
    """Blank what expired; returns how many requests were purged."""
    due = session.execute(_DUE, {"now": now}).all()
    if not due:
        return 0
    entry_ids = [entry_id for _, entry_id in due]
    session.execute(_BLANK_ENTRIES, {"ids": entry_ids})
    session.execute(_BLANK_CALLBACKS, {"ids": entry_ids})
    session.execute(_MARK, {"now": now, "ids": [w for w, _ in due]})
    return len(due)


# Visitors' chats: over (ended, or idle since their last message) longer ago than the
# company's retention. Their messages are deleted, the visitor's name blanked, the agent's
# membership removed (the conversation leaves the app's list); the chat row stays, without
# anything of the visitor's, for the company's figures (when, who answered).
_LAST_ACTIVITY = """coalesce((SELECT max(m.created_at) FROM chat_message m
                              WHERE m.conversation_id = v.conversation_id), v.created_at)"""
_IDLE = text(f"""
SELECT v.id FROM visitor_chat v
WHERE v.state <> 'ended' AND {_LAST_ACTIVITY} < :cutoff
FOR UPDATE OF v SKIP LOCKED""")
_CHATS_DUE = text(f"""
SELECT v.id, v.conversation_id FROM visitor_chat v
JOIN widget_settings s ON s.company_id = v.company_id
WHERE v.purged_at IS NULL AND v.state = 'ended'
  AND greatest(v.ended_at, {_LAST_ACTIVITY}) < :now - make_interval(days => s.retention_days)
FOR UPDATE OF v SKIP LOCKED""")
_DELETE_MESSAGES = text("DELETE FROM chat_message WHERE conversation_id = ANY(:ids)")
_DELETE_MEMBERS = text("DELETE FROM chat_member WHERE conversation_id = ANY(:ids)")
_BLANK_TITLES = text("UPDATE chat_conversation SET title = '' WHERE id = ANY(:ids)")
_MARK_CHATS = text("UPDATE visitor_chat SET purged_at = :now, visitor_name = '' "
                   "WHERE id = ANY(:ids)")


def end_idle_chats(session: Session, now: dt.datetime) -> int:
    """Chats nobody wrote in for chat_rules.IDLE_END are over (the visitor went away)."""
    ids = session.scalars(_IDLE, {"cutoff": now - IDLE_END}).all()
    for chat_id in ids:
        end(session, session.get(VisitorChat, chat_id), now, by="idle")
    return len(ids)


def purge_chats(session: Session, now: dt.datetime) -> int:
    """Delete what expired of visitors' chats; returns how many chats were purged."""
    due = session.execute(_CHATS_DUE, {"now": now}).all()
    if not due:
        return 0
    conversations = [conversation_id for _, conversation_id in due]
    for statement in (_DELETE_MESSAGES, _DELETE_MEMBERS, _BLANK_TITLES):
        session.execute(statement, {"ids": conversations})
    session.execute(_MARK_CHATS, {"now": now, "ids": [chat_id for chat_id, _ in due]})
    return len(due)
