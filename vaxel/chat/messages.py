"""Messages: sending (idempotent), reading history, resuming a stream, unread marks,
search, and the 24-month purge.

Delivery is "everything after id N in my conversations, in id order", read from
PostgreSQL, so a reader that resumes from the last id it saw gets each message once and in
order, across reconnects and restarts. That holds because ids commit in order within a
company: a sender numbers its message only while holding the company's chat lock, which
its transaction keeps until it commits.
"""
from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import func, select, text
from sqlalchemy.orm import Session

from ..actor import Actor
from ..errors import Conflict, InvalidInput, NotFound
from ..storage import Store
from . import attachments, rules
from ..widget.models import VisitorChat
from .models import ChatMessage, Conversation, ConversationKind, Member
from .services import membership, person

CHAT_LOCK = 18  # the advisory-lock class of chat numbering (the number)
CHAT_FOLDER = "chat"
PURGE_BATCH = 500


@dataclass(frozen=True)
class Upload:
    """A file as it came from the browser: its name (not believed) and its bytes."""

    name: str
    data: bytes


def send(session: Session, actor: Actor, store: Store, conversation_id: int, client_id: str,
         body: str, upload: Upload | None = None) -> tuple[ChatMessage, bool]:
    """Post a message; (message, True) when new, (the first one, False) when this client
    id was already sent (a retried request)."""
    found, member = membership(session, actor, conversation_id)
    if not rules.valid_client_id(client_id):
        raise InvalidInput("The message has no valid client id.", field="client_id")
    try:
        cleaned = rules.clean_body(body)
    except ValueError as exc:
        raise InvalidInput(str(exc), field="body") from exc
    if not cleaned and upload is None:
        raise InvalidInput("Write a message or attach a file.", field="body")
    if upload is not None and not rules.may_attach(found.kind):
        raise InvalidInput("Files cannot be sent to a website visitor.", field="file")
    if not rules.may_post(found.kind, _visitor_left(session, found)):
        raise Conflict("The chat has ended.", field="body")
    message = ChatMessage(company_id=found.company_id, conversation_id=found.id,
                          sender_id=member.user_id, client_id=client_id, body=cleaned)
    if upload is not None:
        _attach(store, message, upload)  # before the lock: file I/O must not hold it
    _lock_numbering(session, found.company_id)
    earlier = session.scalar(select(ChatMessage).where(
        ChatMessage.conversation_id == found.id, ChatMessage.sender_id == member.user_id,
        ChatMessage.client_id == client_id))
    if earlier is not None:
        if message.attachment_path:
            store.remove(message.attachment_path)
        return earlier, False
    session.add(message)
    session.flush()
    member.last_read_id = message.id  # one's own message is read
    return message, True


def _visitor_left(session: Session, found: Conversation) -> bool:
    """A website visitor's chat that ended: nobody reads it on the other side any more."""
    if found.kind is not ConversationKind.VISITOR:
        return False
    return session.scalar(select(VisitorChat.ended_at).where(
        VisitorChat.conversation_id == found.id)) is not None


def _attach(store: Store, message: ChatMessage, upload: Upload) -> None:
    try:
        sniffed = attachments.sniff(upload.data)
    except attachments.Refused as exc:
        raise InvalidInput(str(exc), field="file") from exc
    relative = f"{CHAT_FOLDER}/{message.company_id}/{uuid.uuid4().hex}{sniffed.suffix}"
    store.write_bytes(relative, upload.data)
    message.attachment_path = relative
    message.attachment_name = attachments.safe_name(upload.name, sniffed)
    message.attachment_type = sniffed.content_type
    message.attachment_size = len(upload.data)


def _lock_numbering(session: Session, company_id: int) -> None:
    lock_numbering(session, company_id)


def lock_numbering(session: Session, company_id: int) -> None:
    """Take before adding any message of the company (held until commit): see above."""
    session.execute(text("SELECT pg_advisory_xact_lock(:kind, :company)"),
                    {"kind": CHAT_LOCK, "company": company_id})


def history(session: Session, actor: Actor, conversation_id: int,
            before: int | None = None, limit: int = 50) -> list[ChatMessage]:
    """A page of the conversation, oldest first, ending before message `before`."""
    found, _ = membership(session, actor, conversation_id)
    query = select(ChatMessage).where(ChatMessage.conversation_id == found.id)
    if before is not None:
        query = query.where(ChatMessage.id < before)
    page = session.scalars(query.order_by(ChatMessage.id.desc()).limit(limit)).all()
    return list(reversed(page))


def since(session: Session, actor: Actor, after: int, limit: int = 200,
          upto: int | None = None) -> list[ChatMessage]:
    """Messages after id `after` (up to `upto`) in the actor's conversations, in order (a
    stream resumes). Read the company's newest id first and pass it as `upto`: every
    message up to it has committed (the chat lock), so the reader may move its cursor
    there even past messages that were not for it."""
    mine = select(Member.conversation_id).where(Member.user_id == person(actor))
    query = select(ChatMessage).where(
        ChatMessage.company_id == actor.company_id, ChatMessage.id > after,
        ChatMessage.conversation_id.in_(mine))
    if upto is not None:
        query = query.where(ChatMessage.id <= upto)
    return list(session.scalars(query.order_by(ChatMessage.id).limit(limit)))


@dataclass(frozen=True)
class Window:
    """A company's messages numbered in (after, newest], with the members of their
    conversations as they were when read: one read that all the company's open streams
    share, each keeping what its user may see (visible)."""

    after: int
    newest: int
    messages: list[ChatMessage]
    members: dict[int, frozenset[int]]


def company_window(session: Session, company_id: int, after: int, newest: int) -> Window:
    """The company's messages in (after, newest] (`newest` read first, see since()), for
    the app's chat hub to share among the company's streams, each filtering with
    `visible`. Not one user's read: the hub renders it for all of them."""
    found = list(session.scalars(select(ChatMessage).where(
        ChatMessage.company_id == company_id, ChatMessage.id > after,
        ChatMessage.id <= newest).order_by(ChatMessage.id)))
    rows = session.execute(select(Member.conversation_id, Member.user_id).where(
        Member.conversation_id.in_({m.conversation_id for m in found}))).all() if found else []
    members: dict[int, set[int]] = {}
    for conversation_id, user_id in rows:
        members.setdefault(conversation_id, set()).add(user_id)
    return Window(after, newest, found, {c: frozenset(users) for c, users in members.items()})


def visible(messages: list[dict], members: dict[int, frozenset[int]], user_id: int,
            cursor: int) -> list[dict]:
    """Of a window's messages (as dicts), those after `cursor` in the user's conversations."""
    return [m for m in messages
            if m["id"] > cursor and user_id in members.get(m["conversation_id"], ())]


def newest_id(session: Session, company_id: int) -> int:
    return session.scalar(select(func.coalesce(func.max(ChatMessage.id), 0)).where(
        ChatMessage.company_id == company_id)) or 0


def mark_read(session: Session, actor: Actor, conversation_id: int, up_to: int) -> Member:
    """Read up to message `up_to` (never backwards: an older tab cannot unread)."""
    _, member = membership(session, actor, conversation_id)
    member.last_read_id = max(member.last_read_id, up_to)
    session.flush()
    return member


def search(session: Session, actor: Actor, words: str, limit: int = 50) -> list[ChatMessage]:
    """Messages in my conversations matching all the words (full text, 'simple': no
    stemming, so Swedish and English alike), newest first."""
    words = " ".join((words or "").split())[:200]
    if not words:
        return []
    mine = select(Member.conversation_id).where(Member.user_id == person(actor))
    matches = func.to_tsvector("simple", ChatMessage.body).op("@@")(
        func.plainto_tsquery("simple", words))
    return list(session.scalars(select(ChatMessage).where(
        ChatMessage.company_id == actor.company_id, ChatMessage.conversation_id.in_(mine),
        matches).order_by(ChatMessage.id.desc()).limit(limit)))


def attachment(session: Session, actor: Actor, message_id: int) -> ChatMessage:
    """A message with a file, for a member of its conversation only."""
    message = session.get(ChatMessage, message_id)
    if message is None or message.attachment_path is None:
        raise NotFound("No such attachment.")
    membership(session, actor, message.conversation_id)
    return message


def purge_expired(session: Session, actor: Actor, store: Store, now: dt.datetime) -> int:
    """Delete messages older than the retention (their files first); returns how many.
    A platform job (fs_control's chat feature), across companies, in batches."""
    actor.check_operator()
    expired = session.scalars(select(ChatMessage).where(
        ChatMessage.created_at < rules.retention_cutoff(now))
        .order_by(ChatMessage.id).limit(PURGE_BATCH)).all()
    for message in expired:
        if message.attachment_path:
            store.remove(message.attachment_path)
        session.delete(message)
    session.flush()
    return len(expired)

