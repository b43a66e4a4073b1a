"""Conversations: starting, joining, adding and removing members, and listing mine.

Every call takes the Actor: a person of the company (its user_id), never another
company's conversation (NotFound), and never one the person is not a member of, unless it
is open to join and they are joining. Changes of membership are audited; messages are
their own record (messages.py).
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record
from ..errors import Forbidden, InvalidInput, NotFound
from ..people.models import User
from ..tenancy.scoped import in_company
from . import rules
from .models import ChatMessage, Conversation, ConversationKind, Member, MemberRole


@dataclass(frozen=True)
class Summary:
    """One of my conversations as the app lists it."""

    id: int
    kind: ConversationKind
    title: str
    open_to_join: bool
    unread: int
    last_id: int
    my_role: MemberRole | None

    def as_dict(self) -> dict:
        return {"id": self.id, "kind": self.kind.value, "title": self.title,
                "open": self.open_to_join, "unread": self.unread, "last_id": self.last_id,
                "role": self.my_role.value if self.my_role else None}


def person(actor: Actor) -> int:
    """The colleague acting: chat is between a company's people, not tokens or the operator."""
    if actor.user_id is None or actor.company_id is None:
        raise Forbidden("Chat is for a company's employees.")
    return actor.user_id


def colleague(session: Session, actor: Actor, user_id: int) -> User:
    user = in_company(session, User, actor.company_id, user_id, "No such colleague.")
    if not user.active:
        raise NotFound("No such colleague.")
    return user


def conversation(session: Session, actor: Actor, conversation_id: int) -> Conversation:
    return in_company(session, Conversation, actor.company_id, conversation_id,
                      "No such conversation.")


def membership(session: Session, actor: Actor, conversation_id: int) -> tuple[Conversation, Member]:
    """The conversation and the actor's place in it; NotFound unless a member (another
    company's conversation and a private one alike)."""
    found = conversation(session, actor, conversation_id)
    member = session.get(Member, (found.id, person(actor)))
    if member is None:
        raise NotFound("No such conversation.")
    return found, member


def _enrol(session: Session, actor: Actor, found: Conversation, user_id: int,
           role: MemberRole = MemberRole.MEMBER) -> Member:
    member = Member(conversation_id=found.id, user_id=user_id, company_id=found.company_id,
                    role=role, last_read_id=0)
    session.add(member)
    session.flush()
    record(session, actor, "chat.member.add", found,
           now={"user_id": user_id, "role": role.value})
    return member


def start_direct(session: Session, actor: Actor, other_id: int) -> Conversation:
    """The one conversation between the actor and a colleague, made the first time."""
    me = person(actor)
    other = colleague(session, actor, other_id)
    if other.id == me:
        raise InvalidInput("Choose a colleague other than yourself.", field="user_id")
    key = rules.direct_key(me, other.id)
    found = session.scalar(select(Conversation).where(
        Conversation.company_id == actor.company_id, Conversation.direct_key == key))
    if found is not None:
        return found
    found = _create(session, actor, ConversationKind.DIRECT, "", False, key)
    _enrol(session, actor, found, other.id)
    return found


def create_group(session: Session, actor: Actor, title: str, *, open_to_join: bool,
                 room: bool = False) -> Conversation:
    """A group (open or closed) made by any colleague, or a public room (admins only)."""
    person(actor)
    if room and not actor.is_admin:
        raise Forbidden("Only the company's admins make public rooms.")
    try:
        cleaned = rules.clean_title(title)
    except ValueError as exc:
        raise InvalidInput(str(exc), field="title") from exc
    kind = ConversationKind.ROOM if room else ConversationKind.GROUP
    return _create(session, actor, kind, cleaned, room or open_to_join, None)


def _create(session: Session, actor: Actor, kind: ConversationKind, title: str,
            open_to_join: bool, key: str | None) -> Conversation:
    found = Conversation(company_id=actor.company_id, kind=kind, title=title,
                         open_to_join=open_to_join, direct_key=key)
    session.add(found)
    session.flush()
    record(session, actor, "chat.conversation.create", found)
    _enrol(session, actor, found, person(actor), MemberRole.OWNER)
    return found


def join(session: Session, actor: Actor, conversation_id: int) -> Member:
    found = conversation(session, actor, conversation_id)
    existing = session.get(Member, (found.id, person(actor)))
    if existing is not None:
        return existing
    if not rules.may_join(found.kind, found.open_to_join):
        raise NotFound("No such conversation.")  # a closed group is not shown to outsiders
    return _enrol(session, actor, found, person(actor))


def add_member(session: Session, actor: Actor, conversation_id: int, user_id: int) -> Member:
    found, mine = membership(session, actor, conversation_id)
    if not rules.may_add_members(found.kind, mine.role):
        raise Forbidden("A direct chat stays between two; start a group instead.")
    other = colleague(session, actor, user_id)
    return session.get(Member, (found.id, other.id)) or _enrol(session, actor, found, other.id)


def remove_member(session: Session, actor: Actor, conversation_id: int, user_id: int) -> None:
    """Leave (one's own user id) or, as the owner or an admin, remove a colleague."""
    found, mine = membership(session, actor, conversation_id)
    own = user_id == mine.user_id
    if not rules.may_remove(found.kind, mine.role, actor.is_admin, own):
        raise Forbidden("Only the group's owner removes others.")
    member = session.get(Member, (found.id, user_id))
    if member is None:
        raise NotFound("No such member.")
    session.delete(member)
    session.flush()
    record(session, actor, "chat.member.remove", found, now={"user_id": user_id})


def my_conversations(session: Session, actor: Actor) -> list[Summary]:
    """Mine, with unread counts (messages after my last read, not my own), newest first."""
    me = person(actor)
    unread = (select(func.count(ChatMessage.id)).where(
        ChatMessage.conversation_id == Member.conversation_id,
        ChatMessage.id > Member.last_read_id,
        ChatMessage.sender_id.is_distinct_from(me)).correlate(Member).scalar_subquery())
    last = (select(func.coalesce(func.max(ChatMessage.id), 0)).where(
        ChatMessage.conversation_id == Member.conversation_id).correlate(Member)
        .scalar_subquery())
    rows = session.execute(
        select(Conversation, Member.role, unread, last)
        .join(Member, and_(Member.conversation_id == Conversation.id, Member.user_id == me))
        .where(Conversation.company_id == actor.company_id)).all()
    titles = _direct_titles(session, me, [c.id for c, *_ in rows
                                          if c.kind is ConversationKind.DIRECT])
    found = [Summary(c.id, c.kind, titles.get(c.id, c.title), c.open_to_join, n, last_id, role)
             for c, role, n, last_id in rows]
    return sorted(found, key=lambda s: (-s.last_id, s.title))


def _direct_titles(session: Session, me: int, ids: list[int]) -> dict[int, str]:
    """A direct conversation is named for the other colleague."""
    if not ids:
        return {}
    rows = session.execute(select(Member.conversation_id, User.name)
                           .join(User, User.id == Member.user_id)
                           .where(Member.conversation_id.in_(ids), Member.user_id != me))
    return dict(rows.all())


def joinable(session: Session, actor: Actor) -> list[Summary]:
    """The company's rooms and open groups the actor is not in."""
    me = person(actor)
    mine = select(Member.conversation_id).where(Member.user_id == me)
    rows = session.scalars(select(Conversation).where(
        Conversation.company_id == actor.company_id, Conversation.open_to_join.is_(True),
        Conversation.id.not_in(mine)).order_by(Conversation.title)).all()
    return [Summary(c.id, c.kind, c.title, True, 0, 0, None) for c in rows]


def members(session: Session, actor: Actor, conversation_id: int) -> list[tuple[int, str]]:
    found, _ = membership(session, actor, conversation_id)
    rows = session.execute(select(User.id, User.name).join(Member, Member.user_id == User.id)
                           .where(Member.conversation_id == found.id).order_by(User.name))
    return [tuple(row) for row in rows]


def colleagues(session: Session, actor: Actor) -> list[tuple[int, str]]:
    """Whom the actor can start a chat with or add: the company's other active people."""
    rows = session.execute(select(User.id, User.name).where(
        User.company_id == actor.company_id, User.active.is_(True), User.id != person(actor))
        .order_by(User.name))
    return [tuple(row) for row in rows]
