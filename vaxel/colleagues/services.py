"""The colleagues board of one company, read from PostgreSQL in a few queries."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..calendar.models import CalendarBusy
from ..callcontrol.models import LiveCallRow
from ..people.models import Device, PresenceProfile, User
from ..queues.models import QueueMember
from ..switchboard.models import SwitchboardService
from .status import LiveLeg, Person, Status, call_status, colleague_status


@dataclass(frozen=True)
class Colleague:
    user_id: int
    name: str
    extension: str
    status: Status
    profile: str          # the active presence profile's name ("" when none)
    queues: list[str]     # the queues they are logged in to

    def as_dict(self) -> dict:
        return asdict(self) | {"status": self.status.value}


def colleagues_board(session: Session, company_id: int, now: dt.datetime) -> list[Colleague]:
    """Every active user of the company, by name, with their live status."""
    users = session.execute(
        select(User.id, User.name, User.extension, PresenceProfile.name)
        .outerjoin(PresenceProfile, PresenceProfile.id == User.active_profile_id)
        .where(User.company_id == company_id, User.active.is_(True))
        .order_by(User.name, User.id)).all()
    legs = [LiveLeg(r.caller_number, r.destination, r.user_id, r.state) for r in session.execute(
        select(LiveCallRow.caller_number, LiveCallRow.destination, LiveCallRow.user_id,
               LiveCallRow.state).where(LiveCallRow.company_id == company_id))]
    devices = _device_names(session, company_id)
    meeting = set(session.scalars(
        select(CalendarBusy.user_id).join(User, User.id == CalendarBusy.user_id)
        .where(User.company_id == company_id, CalendarBusy.starts <= now,
               CalendarBusy.ends > now)))
    queues = _queues_logged_in(session, company_id)
    return [Colleague(uid, name, ext, colleague_status(
                call_status(Person(uid, ext, frozenset({ext, *devices[uid]})), legs),
                uid in meeting), profile or "", queues.get(uid, []))
            for uid, name, ext, profile in users]


def _device_names(session: Session, company_id: int) -> dict[int, set[str]]:
    names: dict[int, set[str]] = defaultdict(set)
    for user_id, sip_username in session.execute(
            select(Device.user_id, Device.sip_username).where(
                Device.company_id == company_id, Device.sip_username.is_not(None))):
        names[user_id].add(sip_username)
    return names


def _queues_logged_in(session: Session, company_id: int) -> dict[int, list[str]]:
    found: dict[int, list[str]] = defaultdict(list)
    for user_id, name in session.execute(
            select(QueueMember.user_id, SwitchboardService.name)
            .join(SwitchboardService, SwitchboardService.id == QueueMember.queue_id)
            .where(QueueMember.company_id == company_id, QueueMember.logged_in.is_(True))
            .order_by(SwitchboardService.name)):
        found[user_id].append(name)
    return found
