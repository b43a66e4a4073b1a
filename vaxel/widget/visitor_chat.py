"""A website visitor's chat with the company: started from the widget, routed to a chat
agent (a member logged in to the widget's chat queue), answered in the app's chat.

The conversation is the app's own (kind "visitor"): the agent reads and answers it like
any other, live through the chat hub. The visitor reads "the conversation's messages
after id N" from PostgreSQL: ids commit in order within a company (the chat's numbering
lock, vaxel.chat.messages), so a visitor who resumes after the last id seen gets each
message once and in order, across reconnects and restarts.

Routing runs under the company's routing lock whenever something can change who is free
or who waits: a chat starts or ends, a visitor or an agent looks, an agent logs in (the
next look picks it up). A chat given to an agent gets a system message, numbered after
the agent became a member, so the agent's stream delivers it and their app shows it.
"""
from __future__ import annotations

import datetime as dt
import hmac
import uuid

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record_change
from ..chat import rules as chat_rules
from ..chat.messages import lock_numbering, newest_id
from ..chat.models import (ChatMessage, Conversation, ConversationKind, Member, MemberRole,
                           MessageOrigin)
from ..chat.services import membership
from ..errors import Conflict, InvalidInput, NotFound
from ..people.models import User
from ..queues.models import QueueMember
from ..schedules.services import schedule_view_for
from . import chat_rules as routing
from . import rules
from .hours import NowAndNext, now_and_next
from .models import ChatState, VisitorChat, WidgetSettings

ROUTE_LOCK = 210  # the advisory-lock class of visitor-chat routing (its migration number)
ASSIGNED, ENDED = "assigned", "ended"  # system messages' bodies: what happened
PAGE = 100
WAKE_SPAN = 1000  # a wake further behind covers nothing: every waiter reads (a gap)


def _actor(company_id: int) -> Actor:
    return Actor.system("widget-chat", company_id)


def _lock_routing(session: Session, company_id: int) -> None:
    session.execute(text("SELECT pg_advisory_xact_lock(:kind, :company)"),
                    {"kind": ROUTE_LOCK, "company": company_id})


def chat_hours(session: Session, settings: WidgetSettings, now: dt.datetime) -> NowAndNext | None:
    """Whether chats are taken now and until when: the chat queue's opening hours (its
    own schedule, else the company's), as for callers to that queue; None: no chat."""
    if settings.chat_queue_id is None:
        return None
    return now_and_next(schedule_view_for(session, settings.company_id, settings.chat_queue_id),
                        now)


def start(session: Session, settings: WidgetSettings, name: str,
          now: dt.datetime) -> tuple[VisitorChat, str]:
    """A new chat in the company's chat queue; (the chat, the visitor's token). The token
    is shown once, to the visitor: only its hash is kept. Outside the chat queue's hours
    none starts (chats already going on go on)."""
    hours = chat_hours(session, settings, now)
    if hours is None:
        raise Conflict("This company takes no chats right now.", field="chat")
    if not hours.open:
        raise Conflict("The chat is closed now.", field="chat_closed")
    name = rules.visitor_name(name)
    token = routing.new_token()
    _lock_routing(session, settings.company_id)
    conversation = Conversation(company_id=settings.company_id, kind=ConversationKind.VISITOR,
                                title=name, open_to_join=False)
    session.add(conversation)
    session.flush()
    chat = VisitorChat(company_id=settings.company_id, conversation_id=conversation.id,
                       queue_id=settings.chat_queue_id, token_hash=routing.token_hash(token),
                       visitor_name=name, state=ChatState.WAITING, created_at=now,
                       visitor_seen_at=now)
    session.add(chat)
    session.flush()
    record_change(session, _actor(chat.company_id), chat.company_id, "widget.chat_started",
                  "visitor_chat", chat.id, None, {"queue_id": chat.queue_id})
    route(session, settings.company_id, now)
    return chat, token


def visitors_chat(session: Session, company_id: int, conversation_id: int,
                  token: str) -> VisitorChat:
    """The chat this visitor's token opens, in the company whose key the widget used;
    NotFound for anything else (another company's, someone else's, purged)."""
    chat = session.scalar(select(VisitorChat).where(
        VisitorChat.conversation_id == conversation_id))
    if (chat is None or chat.company_id != company_id or chat.purged_at is not None
            or not hmac.compare_digest(chat.token_hash, routing.token_hash(token))):
        raise NotFound("No such chat.")
    return chat


def send(session: Session, chat: VisitorChat, client_id: str, body: str) -> tuple[int, bool]:
    """The visitor's message; (its id, True when new). A retried send (same client id) is
    the first one."""
    if chat.state is ChatState.ENDED:
        raise Conflict("The chat has ended.", field="body")
    if not chat_rules.valid_client_id(client_id):
        raise InvalidInput("The message has no valid client id.", field="client_id")
    try:
        cleaned = chat_rules.clean_body(body)
    except ValueError as exc:
        raise InvalidInput(str(exc), field="body") from exc
    if not cleaned:
        raise InvalidInput("Write a message.", field="body")
    lock_numbering(session, chat.company_id)
    earlier = session.scalar(select(ChatMessage.id).where(
        ChatMessage.conversation_id == chat.conversation_id,
        ChatMessage.origin == MessageOrigin.VISITOR, ChatMessage.client_id == client_id))
    if earlier is not None:
        return earlier, False
    return _post(session, chat, MessageOrigin.VISITOR, cleaned, client_id), True


def _post(session: Session, chat: VisitorChat, origin: MessageOrigin, body: str,
          client_id: str | None = None) -> int:
    """Add a message without a sender (the numbering lock must be held)."""
    message = ChatMessage(company_id=chat.company_id, conversation_id=chat.conversation_id,
                          sender_id=None, origin=origin,
                          client_id=client_id or f"system-{uuid.uuid4().hex}", body=body)
    session.add(message)
    session.flush()
    return message.id


def messages_after(session: Session, chat: VisitorChat, after: int) -> list[ChatMessage]:
    """The conversation's messages after id `after`, in order (at most a page)."""
    return list(session.scalars(select(ChatMessage).where(
        ChatMessage.conversation_id == chat.conversation_id, ChatMessage.id > after)
        .order_by(ChatMessage.id).limit(PAGE)))


def waiting_ids(session: Session, company_id: int, queue_id: int | None) -> list[int]:
    return list(session.scalars(select(VisitorChat.id).where(
        VisitorChat.company_id == company_id, VisitorChat.queue_id == queue_id,
        VisitorChat.state == ChatState.WAITING).order_by(VisitorChat.id)))


def position(session: Session, chat: VisitorChat) -> int | None:
    """The visitor's place in line (1: next), None once an agent has it."""
    if chat.state is not ChatState.WAITING:
        return None
    return routing.position(chat.id, waiting_ids(session, chat.company_id, chat.queue_id))


def _agents(session: Session, company_id: int, queue_id: int) -> list[routing.ChatAgent]:
    """The queue's logged-in members, their open chats and when they were last idle."""
    open_chats = (select(func.count(VisitorChat.id)).where(
        VisitorChat.agent_id == QueueMember.user_id, VisitorChat.state == ChatState.ACTIVE)
        .correlate(QueueMember).scalar_subquery())
    idle_since = (select(func.max(func.greatest(VisitorChat.answered_at, VisitorChat.ended_at)))
                  .where(VisitorChat.agent_id == QueueMember.user_id)
                  .correlate(QueueMember).scalar_subquery())
    rows = session.execute(
        select(QueueMember.user_id, open_chats, idle_since)
        .join(User, User.id == QueueMember.user_id)
        .where(QueueMember.company_id == company_id, QueueMember.queue_id == queue_id,
               QueueMember.logged_in.is_(True), User.active.is_(True))).all()
    return [routing.ChatAgent(user_id, n, idle) for user_id, n, idle in rows]


def seen(chat: VisitorChat, now: dt.datetime) -> None:
    """The visitor's widget asked: they are still there."""
    chat.visitor_seen_at = max(chat.visitor_seen_at, now)


def _drop_the_gone(session: Session, company_id: int, now: dt.datetime) -> None:
    """Waiting visitors whose widget went quiet closed the page: their chats end, so that
    no agent is given a visitor who left, and those behind them move up."""
    waiting = session.scalars(select(VisitorChat).where(
        VisitorChat.company_id == company_id, VisitorChat.state == ChatState.WAITING)).all()
    for chat in waiting:
        if routing.left_the_line(chat.visitor_seen_at, now):
            chat.state, chat.ended_at = ChatState.ENDED, now
            record_change(session, _actor(company_id), company_id, "widget.chat_ended",
                          "visitor_chat", chat.id, None, {"by": "left"})
    session.flush()


def route(session: Session, company_id: int, now: dt.datetime) -> int:
    """Give waiting chats to free agents, in turn; returns how many were given."""
    _lock_routing(session, company_id)
    _drop_the_gone(session, company_id, now)
    queues = session.scalars(select(VisitorChat.queue_id).distinct().where(
        VisitorChat.company_id == company_id, VisitorChat.state == ChatState.WAITING,
        VisitorChat.queue_id.is_not(None))).all()
    given = 0
    for queue_id in queues:
        waiting = waiting_ids(session, company_id, queue_id)
        for chat_id, agent_id in routing.assign(waiting, _agents(session, company_id,
                                                                 queue_id), now):
            _give(session, session.get(VisitorChat, chat_id), agent_id, now)
            given += 1
    return given


def _give(session: Session, chat: VisitorChat, agent_id: int, now: dt.datetime) -> None:
    chat.state, chat.agent_id, chat.answered_at = ChatState.ACTIVE, agent_id, now
    session.add(Member(conversation_id=chat.conversation_id, user_id=agent_id,
                       company_id=chat.company_id, role=MemberRole.MEMBER, last_read_id=0))
    session.flush()
    record_change(session, _actor(chat.company_id), chat.company_id, "widget.chat_assigned",
                  "visitor_chat", chat.id, None, {"agent_id": agent_id})
    lock_numbering(session, chat.company_id)
    _post(session, chat, MessageOrigin.SYSTEM, ASSIGNED)


def end(session: Session, chat: VisitorChat, now: dt.datetime, by: str = "visitor") -> None:
    """Over (by the visitor, the agent or idleness); frees the agent for the next one."""
    _lock_routing(session, chat.company_id)  # before the numbering lock, as route() takes them
    if chat.state is ChatState.ENDED:
        return
    chat.state, chat.ended_at = ChatState.ENDED, now
    lock_numbering(session, chat.company_id)
    _post(session, chat, MessageOrigin.SYSTEM, ENDED)
    record_change(session, _actor(chat.company_id), chat.company_id, "widget.chat_ended",
                  "visitor_chat", chat.id, None, {"by": by})
    route(session, chat.company_id, now)


def end_by_agent(session: Session, actor: Actor, conversation_id: int,
                 now: dt.datetime) -> VisitorChat:
    """The agent (a member of the conversation) ends it; NotFound for anyone else."""
    membership(session, actor, conversation_id)
    chat = session.scalar(select(VisitorChat).where(
        VisitorChat.conversation_id == conversation_id))
    if chat is None:
        raise NotFound("No such visitor chat.")
    end(session, chat, now, by=f"user:{actor.user_id}")
    return chat


def wake(session: Session, company_id: int, after: int | None) -> routing.Wake:
    """What a waiting visitor needs to know to decide whether to read again: the company's
    messages since `after` (the previous wake; None or far behind: from now on), their
    conversations, and the chat agents logged in (routing.worth_a_read decides)."""
    newest = newest_id(session, company_id)
    agents = session.scalar(select(func.count(QueueMember.id)).where(
        QueueMember.company_id == company_id, QueueMember.logged_in.is_(True),
        QueueMember.queue_id.in_(select(WidgetSettings.chat_queue_id).where(
            WidgetSettings.company_id == company_id)))) or 0
    if after is None or after < newest - WAKE_SPAN:
        return routing.Wake(newest, newest, agents)
    rows = session.execute(select(ChatMessage.conversation_id, ChatMessage.origin).distinct()
                           .where(ChatMessage.company_id == company_id, ChatMessage.id > after,
                                  ChatMessage.id <= newest)).all()
    return routing.Wake(after, newest, agents, tuple(sorted({c for c, _ in rows})),
                        any(origin is MessageOrigin.SYSTEM for _, origin in rows))


def agent_name(session: Session, chat: VisitorChat) -> str:
    """The agent's first name, as the visitor is told who answers."""
    if chat.agent_id is None:
        return ""
    name = session.scalar(select(User.name).where(User.id == chat.agent_id)) or ""
    return name.split(" ")[0]
