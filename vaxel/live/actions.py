"""The operator console's actions on live calls and waiting callers.

Each takes the Actor: a company's admins (switchboard operators), the operator within the
company and the system may act; an employee is refused, another company's call or caller
is not found; each writes its audit entry in the same transaction. Hang-up and transfer
are call commands (vaxel.callcontrol: the controller holding the call carries them out);
taking a waiting caller is a queue offer to the actor's own phones, which the controller
holding the caller rings exactly as it rings an agent (vaxel.queues.matching.offer_to).
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record_change
from ..callcontrol import fsapi
from ..callcontrol.models import CallCommand, CommandAction
from ..callcontrol.services import live_call, request_command
from ..errors import InvalidInput, NotFound
from ..people.models import Device
from ..queues.matching import offer_to
from ..queues.models import EntryState, QueueEntry


def _check(actor: Actor) -> int:
    if actor.company_id is None:
        raise InvalidInput("Open a company's console to act on its calls.")
    actor.check_admin(actor.company_id, "live call")
    return actor.company_id


def hang_up(session: Session, actor: Actor, call_id: str) -> CallCommand:
    company_id = _check(actor)
    call = live_call(session, company_id, call_id)
    command = request_command(session, actor, CommandAction.HANG_UP, {"call_id": call.call_uuid})
    record_change(session, actor, company_id, "hang_up", "live_call", call.call_uuid,
                  {"caller": call.caller_number, "destination": call.destination}, None)
    return command


def transfer(session: Session, actor: Actor, call_id: str, destination: str) -> CallCommand:
    """Blind transfer to an extension (a colleague's, a service's) or a number."""
    company_id = _check(actor)
    target = fsapi.check_destination(destination)
    call = live_call(session, company_id, call_id)
    command = request_command(session, actor, CommandAction.BLIND_TRANSFER,
                              {"call_id": call.call_uuid, "destination": target})
    record_change(session, actor, company_id, "transfer", "live_call", call.call_uuid,
                  {"destination": call.destination}, {"destination": target})
    return command


def take_caller(session: Session, actor: Actor, entry_id: int, now: dt.datetime) -> QueueEntry:
    """Ring the actor's own phones for a caller waiting in a queue, ahead of the queue's
    turn; the caller stays in the queue, in their place, if nobody answers."""
    company_id = _check(actor)
    entry = session.get(QueueEntry, entry_id, with_for_update=True, populate_existing=True)
    if entry is None or entry.company_id != company_id:
        raise NotFound("No such waiting caller in this company.")
    if entry.state is not EntryState.WAITING:
        raise InvalidInput("This caller is no longer waiting: someone's phone rings for "
                           "them already, or they have left.")
    if entry.callback:
        raise InvalidInput("This caller hung up and waits for a call back; the call back "
                           "goes to the queue's agents.")
    if actor.user_id is None or not session.scalar(select(Device.id).where(
            Device.user_id == actor.user_id, Device.enabled).limit(1)):
        raise InvalidInput("You have no phone in this company to take the caller on.")
    offer_to(session, company_id, entry.queue_id, entry.id, actor.user_id, now)
    record_change(session, actor, company_id, "take_caller", "queue_entry", entry.id,
                  {"state": EntryState.WAITING.value},
                  {"state": EntryState.OFFERED.value, "user_id": actor.user_id})
    return entry
