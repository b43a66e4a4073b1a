"""Reading the live view of one company from the rows the controller keeps: live_call
(channels, written from FreeSWITCH's events), queue_entry (callers waiting) and
queue_member / queue_agent (who is logged in, and their state)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..callcontrol.console import Consultation, consultations
from ..callcontrol.models import LiveCallRow, ParkedCall
from ..people.models import User
from ..queues.models import AgentState, EntryState, QueueAgent, QueueEntry, QueueMember
from ..switchboard.models import ServiceKind, SwitchboardService
from .rules import unattended

WAITING = (EntryState.WAITING, EntryState.OFFERED)


@dataclass(frozen=True)
class LiveCall:
    caller: str
    destination: str
    user: str          # whose phone, when one rings or talks; "" otherwise
    state: str         # RINGING, ACTIVE, OUTGOING (the controller's words)
    seconds: int
    call_id: str = ""  # the call's uuid: what the console's actions name
    service: str = ""  # the queue it came through, when it did
    since: dt.datetime | None = None
    user_id: int | None = None
    parked_slot: int | None = None             # waiting on a park slot
    consultation: Consultation | None = None   # its user consults someone (attended transfer)
    consulting_for: str = ""   # it is the consultation of this call (put through from there)

    @property
    def answered(self) -> bool:
        """Someone of the company talks on it: what park, consult and listen-in act on."""
        return self.user_id is not None and self.state in ("ACTIVE", "OUTGOING") \
            and self.parked_slot is None and not self.consulting_for


@dataclass(frozen=True)
class Parked:
    slot: int
    caller: str
    parked_by: str     # the extension it rings back ("" when parked by a phone's key)
    seconds: int
    since: dt.datetime | None = None


@dataclass(frozen=True)
class Caller:
    number: str
    name: str
    seconds: int
    offered: bool      # a phone rings for them right now
    callback: bool     # hung up and waits to be called back
    entry_id: int = 0
    since: dt.datetime | None = None


@dataclass(frozen=True)
class Agent:
    name: str
    extension: str
    state: AgentState


@dataclass
class LiveQueue:
    id: int
    name: str
    callers: list[Caller] = field(default_factory=list)
    agents: list[Agent] = field(default_factory=list)   # logged in to this queue
    members: int = 0

    @property
    def longest_wait(self) -> int:
        return max((c.seconds for c in self.callers), default=0)

    @property
    def unattended(self) -> bool:
        return unattended(len(self.callers), len(self.agents))


@dataclass(frozen=True)
class CompanyAgent:
    """A queue member and their state (logged out when in no queue)."""
    user_id: int
    name: str
    extension: str
    state: AgentState
    queues: tuple[str, ...]   # the queues they are logged in to
    since: dt.datetime | None = None
    queue_ids: tuple[int, ...] = ()


@dataclass(frozen=True)
class LiveBoard:
    calls: list[LiveCall]
    queues: list[LiveQueue]
    agents: list[CompanyAgent] = field(default_factory=list)
    parked: list[Parked] = field(default_factory=list)

    @property
    def warnings(self) -> list[LiveQueue]:
        return [q for q in self.queues if q.unattended]


def _since(start: dt.datetime, now: dt.datetime) -> int:
    return int((now - start).total_seconds())


def live_calls(session: Session, company_id: int, now: dt.datetime) -> list[LiveCall]:
    # The queue a call came through: its entry, offered or connected (one a call).
    queue = (select(SwitchboardService.name).join(
        QueueEntry, QueueEntry.queue_id == SwitchboardService.id)
        .where(QueueEntry.call_uuid == LiveCallRow.call_uuid,
               QueueEntry.state.in_((EntryState.OFFERED, EntryState.CONNECTED)))
        .order_by(QueueEntry.id.desc()).limit(1).scalar_subquery())
    rows = session.execute(
        select(LiveCallRow, User.name, queue).outerjoin(User, User.id == LiveCallRow.user_id)
        .where(LiveCallRow.company_id == company_id)
        .order_by(LiveCallRow.started_at, LiveCallRow.call_uuid)).all()
    parked = dict(session.execute(select(ParkedCall.call_uuid, ParkedCall.slot).where(
        ParkedCall.company_id == company_id)).all())
    consulting = consultations(session, company_id,
                               {row.call_uuid: row.started_at for row, _, _ in rows})
    held = {k.consult_call_id: call for call, k in consulting.items() if k.consult_call_id}
    return [LiveCall(row.caller_number, row.destination, name or "", row.state,
                     _since(row.started_at, now), row.call_uuid, service or "", row.started_at,
                     row.user_id, parked.get(row.call_uuid), consulting.get(row.call_uuid),
                     held.get(row.call_uuid, ""))
            for row, name, service in rows]


def parked_calls(session: Session, company_id: int, now: dt.datetime) -> list[Parked]:
    return [Parked(p.slot, p.caller_number, p.parked_by, _since(p.parked_at, now), p.parked_at)
            for p in session.scalars(select(ParkedCall).where(ParkedCall.company_id == company_id)
                                     .order_by(ParkedCall.slot))]


def live_queues(session: Session, company_id: int, now: dt.datetime) -> list[LiveQueue]:
    queues = {s.id: LiveQueue(s.id, s.name) for s in session.scalars(
        select(SwitchboardService).where(SwitchboardService.company_id == company_id,
                                         SwitchboardService.kind == ServiceKind.QUEUE)
        .order_by(SwitchboardService.name))}
    for entry in session.scalars(select(QueueEntry).where(
            QueueEntry.company_id == company_id, QueueEntry.state.in_(WAITING))
            .order_by(QueueEntry.joined_at)):
        if entry.queue_id in queues:
            queues[entry.queue_id].callers.append(Caller(
                entry.caller_number, entry.caller_name, _since(entry.joined_at, now),
                entry.state is EntryState.OFFERED, entry.callback, entry.id, entry.joined_at))
    _add_agents(session, company_id, queues)
    return list(queues.values())


def _add_agents(session: Session, company_id: int, queues: dict[int, LiveQueue]) -> None:
    rows = session.execute(
        select(QueueMember, User, QueueAgent.state).join(User, User.id == QueueMember.user_id)
        .outerjoin(QueueAgent, QueueAgent.user_id == QueueMember.user_id)
        .where(QueueMember.company_id == company_id)
        .order_by(QueueMember.tier, QueueMember.position, User.name)).all()
    for member, user, state in rows:
        queue = queues.get(member.queue_id)
        if queue is None:
            continue
        queue.members += 1
        if member.logged_in:
            queue.agents.append(Agent(user.name, user.extension,
                                      state or AgentState.AVAILABLE))


def company_agents(session: Session, company_id: int) -> list[CompanyAgent]:
    """Every queue member once, with their state and the queues they serve now."""
    rows = session.execute(
        select(User.id, User.name, User.extension, QueueAgent.state, QueueAgent.state_since,
               SwitchboardService.name, QueueMember.logged_in, QueueMember.queue_id)
        .join(QueueMember, QueueMember.user_id == User.id)
        .join(SwitchboardService, SwitchboardService.id == QueueMember.queue_id)
        .outerjoin(QueueAgent, QueueAgent.user_id == User.id)
        .where(QueueMember.company_id == company_id)
        .order_by(User.name, User.id, SwitchboardService.name)).all()
    agents: dict[int, CompanyAgent] = {}
    for user_id, name, extension, state, since, queue, logged_in, queue_id in rows:
        agent = agents.get(user_id) or CompanyAgent(user_id, name, extension or "",
                                                    AgentState.LOGGED_OUT, (), since)
        if logged_in:
            agent = CompanyAgent(user_id, name, extension or "", state or AgentState.AVAILABLE,
                                 agent.queues + (queue,), since, agent.queue_ids + (queue_id,))
        agents[user_id] = agent
    return list(agents.values())


def live_board(session: Session, company_id: int, now: dt.datetime) -> LiveBoard:
    """Everything the live view shows, read in one go."""
    return LiveBoard(live_calls(session, company_id, now),
                     live_queues(session, company_id, now),
                     company_agents(session, company_id),
                     parked_calls(session, company_id, now))
