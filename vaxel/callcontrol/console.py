"""What an operator console (or any door) asks of a live call: park it, pick a parked call
up, transfer it attended (consult, then complete or cancel), and supervise it (listen,
whisper, barge). Each takes the Actor: the tenancy check (another company's call is not
found), the permission check and the audit entry happen here, in the one transaction that
queues the request for the controller (fs_control.features.call_commands carries it out).

Who may:
- park, consult, complete, cancel: the call's own user, or an admin (an operator working
  the switchboard acts as one);
- pick up a parked call: any of the company's users, to their own phones;
- supervise: an admin, or a supervisor of a queue the call's user answers — never an
  employee, and never announced to the call's parties.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record_change
from ..errors import Forbidden, InvalidInput, NotFound
from ..people.models import Device, User
from ..queues.models import QueueMember
from . import fsapi
from .models import CallCommand, CommandAction, CommandStatus, LiveCallRow, ParkedCall
from .parking import lot_of, parked_calls, parked_on
from .services import get_command, live_call, live_calls, request_command


def park_call(session: Session, actor: Actor, call_id: str, slot: int | None = None) -> CallCommand:
    """Park the call's other party on `slot` (the first free one when None)."""
    call = _own_call(session, actor, call_id)
    lot = lot_of(session, call.company_id)
    taken = {p.slot for p in parked_calls(session, call.company_id)}
    if slot is None:
        slot = lot.free_slot(taken)
        if slot is None:
            raise InvalidInput("Every park slot is taken.")
    elif slot not in lot.slots:
        raise InvalidInput(f"Park slots are {lot.first_slot}–{lot.slots[-1]}.")
    elif slot in taken:
        raise InvalidInput(f"Slot {slot} is taken.")
    # The call's side whose other party is parked, and who is rung back: an operator
    # parking a colleague's call gets the ring-back, the colleague's caller is parked.
    return _request(session, actor, CommandAction.PARK, call,
                    {"call_id": call.call_uuid, "slot": slot,
                     "side_user_id": _side(session, actor, call),
                     "parker_user_id": actor.user_id or _side(session, actor, call)})


def pick_up_parked(session: Session, actor: Actor, slot: int) -> CallCommand:
    """Ring the actor's own phones; answered, they dial the slot and take the parked call
    (the same route as dialling it by hand)."""
    _company(actor)
    if actor.user_id is None:
        raise Forbidden("Only a user with a phone can pick up a parked call.")
    parked = parked_on(session, actor.company_id, int(slot))
    if parked is None:
        raise NotFound("No call is parked on that slot.")
    _check_phone(session, actor.user_id)
    command = request_command(session, actor, CommandAction.CLICK_TO_CALL,
                              {"user_id": actor.user_id, "destination": str(parked.slot)})
    record_change(session, actor, parked.company_id, "call.pick_up", "parked_call",
                  parked.call_uuid, None, {"slot": parked.slot, "command_id": command.id})
    return command


def list_parked(session: Session, actor: Actor) -> list[ParkedCall]:
    return parked_calls(session, _company(actor))


def start_consultation(session: Session, actor: Actor, call_id: str,
                       destination: str) -> CallCommand:
    """Hold the call (its other party hears music) and ring the user's phone, which then
    calls `destination`; the command's result names the consultation's call id."""
    call = _own_call(session, actor, call_id)
    return _request(session, actor, CommandAction.CONSULT, call,
                    {"call_id": call.call_uuid, "side_user_id": _side(session, actor, call),
                     "destination": fsapi.check_destination(destination)})


def complete_transfer(session: Session, actor: Actor, call_id: str,
                      consult_call_id: str) -> CallCommand:
    """Join the held party with the consulted one; the user leaves both calls."""
    return _after_consultation(session, actor, CommandAction.ATTENDED_TRANSFER, call_id,
                               consult_call_id)


def cancel_consultation(session: Session, actor: Actor, call_id: str,
                        consult_call_id: str) -> CallCommand:
    """End the consultation and take the held call back."""
    return _after_consultation(session, actor, CommandAction.CANCEL_CONSULT, call_id,
                               consult_call_id)


def _after_consultation(session: Session, actor: Actor, action: CommandAction, call_id: str,
                        consult_call_id: str) -> CallCommand:
    call = _own_call(session, actor, call_id)
    consult = _own_call(session, actor, consult_call_id)
    return _request(session, actor, action, call,
                    {"call_id": call.call_uuid, "consult_call_id": consult.call_uuid,
                     "side_user_id": _side(session, actor, call)})


@dataclass(frozen=True)
class Consultation:
    """A live call's consultation as the console shows it: being set up (no consult call
    yet), or connected to its own live call, which complete or cancel then name."""
    destination: str
    consult_call_id: str = ""


_CONSULTING = (CommandAction.CONSULT, CommandAction.ATTENDED_TRANSFER,
               CommandAction.CANCEL_CONSULT)


def consultations(session: Session, company_id: int, live: dict[str, dt.datetime]
                  ) -> dict[str, Consultation]:
    """The open consultation of each of the company's live calls (`live`: call id → when it
    started): its last consult request, unless it failed, a complete or cancel came after
    it, or its consultation call has ended. Read from the requests themselves, so every
    operator's console shows the same."""
    if not live:
        return {}
    rows = session.execute(
        select(CallCommand.action, CallCommand.status, CallCommand.args, CallCommand.result)
        .where(CallCommand.company_id == company_id, CallCommand.action.in_(_CONSULTING),
               CallCommand.created_at >= min(live.values()),
               CallCommand.args["call_id"].astext.in_(list(live)))
        .order_by(CallCommand.id)).all()
    found: dict[str, Consultation] = {}
    for action, status, args, result in rows:
        call_id = args["call_id"]
        if action is not CommandAction.CONSULT:
            found.pop(call_id, None)
        elif status is CommandStatus.FAILED:
            found.pop(call_id, None)
        elif status is CommandStatus.DONE:
            consult = result.get("consult_call_id", "")
            if consult in live:
                found[call_id] = Consultation(args.get("destination", ""), consult)
            else:
                found.pop(call_id, None)
        else:
            found[call_id] = Consultation(args.get("destination", ""))
    return found


def my_live_calls(session: Session, actor: Actor) -> list[LiveCallRow]:
    """The live calls the actor is a party of, oldest first (the app's own calls)."""
    return [call for call in live_calls(session, _company(actor)) if _on_call(session, actor, call)]


def my_command(session: Session, actor: Actor, command_id: int) -> CallCommand:
    """One of the actor's own call requests (its result names the consultation's call);
    another user's, or another company's, is not found."""
    command = get_command(session, _company(actor), command_id)
    if actor.user_id is None or command.args.get("side_user_id") != actor.user_id:
        raise NotFound("No such call command in this company.")
    return command


def supervise_call(session: Session, actor: Actor, call_id: str, mode: str) -> CallCommand:
    """Ring the supervisor's phones into the call: `listen`, `whisper` (the agent hears the
    supervisor) or `barge` (both parties do)."""
    if mode not in fsapi.SUPERVISE_MODES:
        raise InvalidInput("The mode must be listen, whisper or barge.")
    company_id = _company(actor)
    call = live_call(session, company_id, fsapi.check_uuid(call_id))
    if actor.user_id is None:
        raise Forbidden("Only a user with a phone can listen in.")
    if call.user_id is None or call.user_id == actor.user_id:
        raise InvalidInput("Only a colleague's answered call can be supervised.")
    if not actor.is_admin and not supervises(session, actor.user_id, call.user_id):
        raise Forbidden("Only a queue's supervisors and admins may listen in.")
    _check_phone(session, actor.user_id)
    return _request(session, actor, CommandAction.SUPERVISE, call,
                    {"call_id": call.call_uuid, "mode": mode, "user_id": actor.user_id,
                     "side_user_id": call.user_id})


def supervises(session: Session, supervisor_id: int, agent_id: int) -> bool:
    """The supervisor is a supervisor of a queue the agent is a member of."""
    theirs = select(QueueMember.queue_id).where(QueueMember.user_id == agent_id)
    return session.scalar(select(QueueMember.id).where(
        QueueMember.user_id == supervisor_id, QueueMember.supervisor,
        QueueMember.queue_id.in_(theirs)).limit(1)) is not None


def _check_phone(session: Session, user_id: int) -> None:
    """The request rings the actor's own phones: refused now, not failed by the controller
    later, when they have none."""
    if session.scalar(select(Device.id).where(Device.user_id == user_id, Device.enabled)
                      .limit(1)) is None:
        raise InvalidInput("You have no phone in this company to ring.")


def _company(actor: Actor) -> int:
    if actor.company_id is None:
        raise InvalidInput("A call action acts in one company.")
    return actor.company_id


def _own_call(session: Session, actor: Actor, call_id: str) -> LiveCallRow:
    call = live_call(session, _company(actor), fsapi.check_uuid(call_id))
    if not actor.is_admin and not _on_call(session, actor, call):
        raise Forbidden("Only the call's own user or an admin may do this.")
    return call


def _on_call(session: Session, actor: Actor, call: LiveCallRow) -> bool:
    """The actor is a party of the call: its user, or (a call between colleagues, whose row
    names one of them) the extension that called or was dialled."""
    if actor.user_id is None:
        return False
    if call.user_id == actor.user_id:
        return True
    user = session.get(User, actor.user_id)
    return bool(user and user.extension) and user.extension in (call.caller_number,
                                                                 call.destination)


def _side(session: Session, actor: Actor, call: LiveCallRow) -> int | None:
    """Whose side of the call acts: the actor's own when on it, else (an admin's action on
    a colleague's call) the called colleague's — the user of the extension dialled, or the
    call's user (a call from outside, one placed out) — so the caller is who is parked or
    held. (An admin not on the call named as the side would have the controller take the
    caller's leg for theirs: the colleague would be parked.) The row's user alone cannot
    tell on a call between colleagues: it names whichever leg the switch reported last."""
    if _on_call(session, actor, call):
        return actor.user_id
    called = session.scalar(select(User.id).where(
        User.company_id == call.company_id, User.extension == call.destination,
        User.active)) if call.destination else None
    return called or call.user_id


def _request(session: Session, actor: Actor, action: CommandAction, call: LiveCallRow,
             args: dict) -> CallCommand:
    command = request_command(session, actor, action, args)
    record_change(session, actor, call.company_id, f"call.{action.value}", "live_call",
                  call.call_uuid, None, {**args, "command_id": command.id})
    return command
