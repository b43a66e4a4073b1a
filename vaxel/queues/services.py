"""Queue and agent operations the admin portal, the apps and the controller call.

Changing an agent's availability ends with a NOTIFY (`agent:<user id>`), delivered at
commit, so a controller matches waiting callers at once whichever process made the change.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select, text, update
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record, snapshot
from ..errors import InvalidInput, NotFound
from ..people.models import User
from ..switchboard.models import ServiceKind, SwitchboardService
from ..tenancy.scoped import in_company
from .errors import NotAllowed
from .matching import CHANNEL
from .models import AgentSession, AgentState, QueueAgent, QueueMember, QueueSettings, Strategy
from .agents import announce
from .rules import AgentMove, destination_or

_SETTABLE = set(QueueSettings.__table__.columns.keys()) - {"service_id", "company_id", "rr_cursor"}
_BOUNDS = {"ring_seconds": (5, 300), "wrapup_seconds": (0, 3600), "max_missed_offers": (0, 100),
           "announce_every_seconds": (0, 3600), "max_wait_seconds": (0, 86400),
           "max_length": (0, 10000), "callback_attempts": (1, 10),
           "callback_retry_seconds": (10, 86400), "service_level_seconds": (1, 3600)}


def configure_queue(session: Session, actor: Actor, service: SwitchboardService,
                    **settings) -> QueueSettings:
    """Create or change the queue settings of a service of kind queue (its admins')."""
    actor.check_admin(service.company_id, "queue", service_id=service.id)
    if service.kind is not ServiceKind.QUEUE:
        raise InvalidInput("Only a queue service has queue settings.", service_id=service.id)
    row = session.get(QueueSettings, service.id)
    was = None if row is None else snapshot(row)
    row = row or QueueSettings(service_id=service.id, company_id=service.company_id, rr_cursor=-1)
    for name, value in settings.items():
        _check_setting(name, value)
        setattr(row, name, Strategy(value) if name == "strategy" else value)
    session.add(row)
    session.flush()
    record(session, actor, "create" if was is None else "update", row, was)
    return row


def _check_setting(name: str, value) -> None:
    if name not in _SETTABLE:
        raise InvalidInput(f"Unknown queue setting {name}.", setting=name)
    low, high = _BOUNDS.get(name, (None, None))
    if low is not None and not (isinstance(value, int) and low <= value <= high):
        raise InvalidInput(f"{name} must be between {low} and {high}.", setting=name)
    if name.endswith("_destination") and value and destination_or(value, None) is None:
        raise InvalidInput(f"{name} is not a destination.", setting=name)


def add_member(session: Session, actor: Actor, queue: QueueSettings, user: User, *,
               tier: int = 1, position: int | None = None,
               supervisor: bool = False) -> QueueMember:
    """Make the user an agent of the queue (the company's admins do)."""
    actor.check_admin(queue.company_id, "queue", service_id=queue.service_id)
    if user.company_id != queue.company_id:
        raise NotFound("No such user in this company.", user_id=user.id)
    if position is None:
        position = session.scalar(select(QueueMember.position).where(
            QueueMember.queue_id == queue.service_id).order_by(QueueMember.position.desc())
            .limit(1))
        position = 0 if position is None else position + 1
    member = QueueMember(company_id=queue.company_id, queue_id=queue.service_id, user_id=user.id,
                         tier=tier, position=position, supervisor=supervisor, logged_in=False)
    session.add(member)
    if session.get(QueueAgent, user.id) is None:
        session.add(QueueAgent(user_id=user.id, company_id=user.company_id,
                               state=AgentState.LOGGED_OUT, missed_in_row=0, calls_today=0))
    session.flush()
    record(session, actor, "create", member)
    return member


def _members(session: Session, user_id: int, queue_id: int | None) -> list[QueueMember]:
    query = select(QueueMember).where(QueueMember.user_id == user_id)
    if queue_id is not None:
        query = query.where(QueueMember.queue_id == queue_id)
    members = list(session.scalars(query))
    if not members:
        raise NotFound("The user is not a member of that queue.", user_id=user_id)
    return members


def _check_actor(session: Session, actor: Actor, members: list[QueueMember]) -> None:
    """Agents change themselves; supervisors their queues' members; admins anyone."""
    target = members[0].user_id
    actor.check_company(members[0].company_id, "queue member", user_id=target)
    if actor.user_id == target or actor.is_admin:
        return
    supervised = set(session.scalars(select(QueueMember.queue_id).where(
        QueueMember.user_id == actor.user_id, QueueMember.supervisor)))
    if not all(m.queue_id in supervised for m in members):
        raise NotAllowed("Only a supervisor of the queue may log colleagues in or out.")


def _agent(session: Session, user_id: int) -> QueueAgent:
    agent = session.get(QueueAgent, user_id, with_for_update=True, populate_existing=True)
    if agent is None:
        raise NotFound("The user is not a queue member.", user_id=user_id)
    return agent


def _wake(session: Session, user_id: int) -> None:
    session.execute(text("SELECT pg_notify(:c, :p)"), {"c": CHANNEL, "p": f"agent:{user_id}"})


def log_in(session: Session, actor: Actor, user_id: int, queue_id: int | None = None,
           now: dt.datetime | None = None) -> QueueAgent:
    """Log `user_id` in to one queue (or all their queues)."""
    return _log_in_or_out(session, actor, user_id, queue_id, now, logged_in=True)


def log_out(session: Session, actor: Actor, user_id: int, queue_id: int | None = None,
            now: dt.datetime | None = None) -> QueueAgent:
    """Log `user_id` out of one queue (or all); a call in progress is not cut."""
    return _log_in_or_out(session, actor, user_id, queue_id, now, logged_in=False)


def _log_in_or_out(session: Session, actor: Actor, user_id: int, queue_id: int | None,
                   now: dt.datetime | None, logged_in: bool) -> QueueAgent:
    """The agent's state follows; each membership's change is audited."""
    now = now or dt.datetime.now(dt.timezone.utc)
    members = _members(session, user_id, queue_id)
    _check_actor(session, actor, members)
    agent = _agent(session, user_id)
    before = agent.state
    (_join if logged_in else _leave)(session, agent, members, now)
    session.flush()
    for member in members:
        record(session, actor, "queue-login" if logged_in else "queue-logout", member,
               {"logged_in": not logged_in})
    _state_changed(session, members[0].company_id, agent, before, now)
    return agent


def _join(session: Session, agent: QueueAgent, members: list[QueueMember],
          now: dt.datetime) -> None:
    for member in members:
        if not member.logged_in:
            member.logged_in = True
            session.add(AgentSession(company_id=member.company_id, queue_id=member.queue_id,
                                     user_id=agent.user_id, started_at=now))
    if agent.state is AgentState.LOGGED_OUT:
        agent.state, agent.state_since, agent.idle_since = AgentState.AVAILABLE, now, now
    _wake(session, agent.user_id)


def _leave(session: Session, agent: QueueAgent, members: list[QueueMember],
           now: dt.datetime) -> None:
    for member in members:
        member.logged_in = False
    session.execute(update(AgentSession).where(
        AgentSession.user_id == agent.user_id, AgentSession.ended_at.is_(None),
        AgentSession.queue_id.in_([m.queue_id for m in members])).values(ended_at=now))
    session.flush()
    still_in = session.scalar(select(QueueMember.id).where(
        QueueMember.user_id == agent.user_id, QueueMember.logged_in).limit(1))
    if still_in is None and agent.state in (AgentState.AVAILABLE, AgentState.AWAY,
                                            AgentState.WRAP_UP):
        agent.state, agent.state_since = AgentState.LOGGED_OUT, now


def _state_changed(session: Session, company_id: int, agent: QueueAgent, before: AgentState,
                   now: dt.datetime) -> None:
    announce(session, [AgentMove(company_id, agent.user_id, before, agent.state)], now)


def set_away(session: Session, actor: Actor, user_id: int, away: bool,
             now: dt.datetime | None = None) -> QueueAgent:
    """Pause (away) or resume (available) an agent in every queue they are logged in to."""
    now = now or dt.datetime.now(dt.timezone.utc)
    members = _members(session, user_id, None)
    _check_actor(session, actor, members)
    agent = _agent(session, user_id)
    before = agent.state
    if away and agent.state in (AgentState.AVAILABLE, AgentState.WRAP_UP):
        agent.state, agent.state_since = AgentState.AWAY, now
    elif not away and agent.state is AgentState.AWAY:
        agent.state, agent.state_since, agent.missed_in_row = AgentState.AVAILABLE, now, 0
        agent.idle_since = now
        _wake(session, user_id)
    _state_changed(session, members[0].company_id, agent, before, now)
    return agent


def queue_settings(session: Session, company_id: int, queue_id: int) -> QueueSettings:
    return in_company(session, QueueSettings, company_id, queue_id, "No such queue.",
                      queue_id=queue_id)


def remove_member(session: Session, actor: Actor, user_id: int, queue_id: int,
                  now: dt.datetime | None = None) -> None:
    """Take a user out of a queue (an admin's decision); logged out first, so their
    logged-in time ends and their state follows. A call in progress is not cut."""
    [member] = _members(session, user_id, queue_id)
    actor.check_company(member.company_id, "queue member", user_id=user_id)
    if not actor.is_admin:
        raise NotAllowed("Only an admin may remove a queue member.")
    if member.logged_in:
        log_out(session, actor, user_id, queue_id, now)
    was = snapshot(member)
    session.delete(member)
    session.flush()
    record(session, actor, "delete", member, was, gone=True)
