"""Call control for the REST API: the portal writes `call_command` rows, this feature claims
them (FOR UPDATE SKIP LOCKED), carries them out on the inbound Event Socket and writes the
result back; and it keeps `live_call` up to date for the API to list.

Requests are polled every half second (an indexed look-up of pending rows): simpler than a
LISTEN connection of its own, and well within what a person clicking "call" notices.
Each request runs in its own greenlet: an originate waits up to 30 s for the phone.
"""
from __future__ import annotations

from collections import OrderedDict

import logging
import uuid as uuidlib
from typing import Callable, Mapping

import gevent
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from vaxel.base import utcnow
from vaxel.callcontrol import fsapi
from vaxel.callcontrol.models import CommandAction, LiveCallRow
from vaxel.callcontrol.registrations import registered_through
from vaxel.callcontrol.services import (
    claim_pending, end_live_call, fail_stuck, finish, keep_only, upsert_live_call,
)
from vaxel.errors import VaxelError
from vaxel.models import Company, Device, User

from ...esl import EslError
from ...batching import BatchWriter

log = logging.getLogger(__name__)

POLL_SECONDS = 0.5
RECONCILE_SECONDS = 60.0
JOB_SECONDS = fsapi.ORIGINATE_SECONDS + 10


class CallCommands:
    def __init__(self, session_factory: sessionmaker[Session], inbound, node: str = ""):
        self.session_factory, self.inbound, self.node = session_factory, inbound, node

    def poll(self) -> int:
        with self.session_factory.begin() as session:
            claimed = [(c.id, c.company_id, c.action, dict(c.args))
                       for c in claim_pending(session, self.node)]
        for item in claimed:
            gevent.spawn(self.carry_out, *item)
        return len(claimed)

    def carry_out(self, command_id: int, company_id: int, action: CommandAction,
                  args: dict) -> None:
        try:
            with self.session_factory() as session:
                api, result = self.api_command(session, company_id, action, args)
            # The steps before the last are quick (set a variable, hold); the last may wait
            # for a phone to answer, so it runs as a background job.
            *steps, last = api if isinstance(api, list) else [api]
            for step in steps:
                ok, text = fsapi.outcome(self.inbound.api(step))
                if not ok:
                    raise EslError(f"{step.split(' ', 1)[0]}: {text}")
            ok, text = fsapi.outcome(self.inbound.bgapi(last).result(JOB_SECONDS))
            result.update(reply=text, **({} if ok else {"error": text}))
        except VaxelError as exc:
            ok, result = False, {"error": exc.message}
        except EslError as exc:
            ok, result = False, {"error": f"FreeSWITCH: {exc}"}
        with self.session_factory.begin() as session:
            finish(session, command_id, ok, result, utcnow())
        log.info("call command %s (%s): %s", command_id, action.value, "done" if ok else result)

    def api_command(self, session: Session, company_id: int, action: CommandAction,
                    args: dict) -> tuple[str | list[str], dict]:
        """The FreeSWITCH command(s) for a request, and what the result will say."""
        if action is CommandAction.CLICK_TO_CALL:
            return self._click_to_call(session, company_id, args)
        call = _live(session, company_id, args.get("call_id", ""))
        if action is CommandAction.HANG_UP:
            return fsapi.hang_up(call.call_uuid), {"call_id": call.call_uuid}
        if action is CommandAction.BLIND_TRANSFER:
            destination = fsapi.check_destination(args.get("destination", ""))
            outgoing = call.user_id is not None and call.state == "OUTGOING"
            return (fsapi.blind_transfer(call.call_uuid, destination, outgoing),
                    {"call_id": call.call_uuid})
        if action in LIVE_CALL_ACTIONS:
            return LIVE_CALL_ACTIONS[action](self, session, call, args)
        consulted = _live(session, company_id, args.get("consult_call_id", ""))
        if args.get("side_user_id"):  # the console's: the side that transfers is known
            waiting, party = self.legs(call, args)[0], self._partner(consulted.call_uuid)
            if not party:
                raise VaxelError("The consultation is not connected.")
        else:
            waiting, party = attended_legs(call, consulted, self._partner)
        return (fsapi.attended_transfer(waiting, party),
                {"call_id": call.call_uuid, "consult_call_id": consulted.call_uuid})

    def _park(self, session: Session, call: LiveCallRow, args: dict) -> tuple[list[str], dict]:
        party, _agent = self.legs(call, args)
        # Who rings back: whoever parked it (an operator parking a colleague's call), else
        # the side that parked (a request from before parker_user_id was written).
        parker = session.get(User, int(args.get("parker_user_id") or args.get("side_user_id")
                                       or 0))
        extension = parker.extension if parker and parker.company_id == call.company_id else ""
        domain = session.get(Company, call.company_id).sip_domain
        return (fsapi.park(party, int(args["slot"]), extension or "", domain),
                {"call_id": call.call_uuid, "slot": int(args["slot"]), "parked_uuid": party})

    def _consult(self, session: Session, call: LiveCallRow, args: dict) -> tuple[list[str], dict]:
        _party, agent = self.legs(call, args)
        originate, result = self._click_to_call(session, call.company_id, {
            "user_id": args.get("side_user_id"), "destination": args.get("destination", "")})
        return ([fsapi.hold(agent), originate],
                {"call_id": call.call_uuid, "consult_call_id": result["call_id"]})

    def _cancel_consult(self, session: Session, call: LiveCallRow,
                        args: dict) -> tuple[list[str], dict]:
        consulted = _live(session, call.company_id, args.get("consult_call_id", ""))
        _party, agent = self.legs(call, args)
        return ([fsapi.hang_up(consulted.call_uuid), fsapi.hold(agent, on=False)],
                {"call_id": call.call_uuid, "consult_call_id": consulted.call_uuid})

    def _supervise(self, session: Session, call: LiveCallRow,
                   args: dict) -> tuple[str, dict]:
        _party, agent = self.legs(call, args)
        sips, domain = self._phones(session, call.company_id, int(args.get("user_id") or 0))
        call_uuid = str(uuidlib.uuid4())
        return (fsapi.supervise(call_uuid, sips, domain, call.company_id, int(args["user_id"]),
                                agent, args.get("mode", ""),
                                registered_through(session, sips, domain)),
                {"call_id": call.call_uuid, "supervisor_call_id": call_uuid})

    def legs(self, call: LiveCallRow, args: dict) -> tuple[str, str]:
        """(the other party's channel, the acting side's own channel) of a live call."""
        return call_legs(call, int(args.get("side_user_id") or call.user_id or 0),
                         self._partner, self._user_of)

    def _user_of(self, call_uuid: str) -> str:
        return self.inbound.api(f"uuid_getvar {fsapi.check_uuid(call_uuid)} vaxel_user_id").strip()

    def _partner(self, call_uuid: str) -> str | None:
        return fsapi.partner_from(self.inbound.api(fsapi.partner_query(call_uuid)))

    def _click_to_call(self, session: Session, company_id: int, args: dict) -> tuple[str, dict]:
        user_id = int(args.get("user_id") or 0)
        sips, domain = self._phones(session, company_id, user_id)
        call_uuid = str(uuidlib.uuid4())
        destination = fsapi.check_destination(args.get("destination", ""))
        return (fsapi.click_to_call(call_uuid, sips, domain, company_id, user_id, destination,
                                    session.get(User, user_id).extension,
                                    registered_through(session, sips, domain)),
                {"call_id": call_uuid})

    @staticmethod
    def _phones(session: Session, company_id: int, user_id: int) -> tuple[list[str], str]:
        """The user's enabled SIP devices, in ring order, and the company's SIP domain."""
        user = session.get(User, user_id)
        if user is None or user.company_id != company_id or not user.active:
            raise VaxelError("No such user in this company.")
        sips = list(session.scalars(select(Device.sip_username).where(
            Device.user_id == user.id, Device.enabled, Device.sip_username.is_not(None))
            .order_by(Device.ring_order, Device.id)))
        if not sips:
            raise VaxelError("The user has no phone to ring.")
        return sips, session.get(Company, company_id).sip_domain

    def reconcile(self, live_uuids: set[str]) -> None:
        with self.session_factory.begin() as session:
            gone = keep_only(session, live_uuids, self.node)
            stuck = fail_stuck(session, utcnow())
        if gone or stuck:
            log.info("live calls: %s gone; call commands: %s interrupted", gone, stuck)


def attended_legs(call: LiveCallRow, consulted: LiveCallRow,
                  partner: Callable[[str], str | None]) -> tuple[str, str]:
    """(the waiting party's channel, the consulted party's channel) for an attended
    transfer. Rows are A-legs: the consultation's A-leg is the transferring user's own
    phone (a click-to-call), so the consulted party is its partner; the waiting party is the
    call's A-leg, or its partner when the user placed the call (an outgoing call's A-leg is
    the user's phone). Joining the A-legs would connect the waiting party back to the user."""
    outgoing = call.user_id is not None and call.state == "OUTGOING"
    waiting = partner(call.call_uuid) if outgoing else call.call_uuid
    party = partner(consulted.call_uuid)
    if not waiting or not party:
        raise VaxelError("The call or the consultation is not connected.")
    return waiting, party


LIVE_CALL_ACTIONS = {
    CommandAction.PARK: CallCommands._park,
    CommandAction.CONSULT: CallCommands._consult,
    CommandAction.CANCEL_CONSULT: CallCommands._cancel_consult,
    CommandAction.SUPERVISE: CallCommands._supervise,
}


def call_legs(call: LiveCallRow, side_user_id: int, partner: Callable[[str], str | None],
              user_of: Callable[[str], str]) -> tuple[str, str]:
    """(the other party's channel, the acting user's own channel). Rows are A-legs. On a
    call the user placed to a number (OUTGOING) the A-leg is the user's phone. Otherwise the
    B-leg rang a user's phone and names that user (vaxel_user_id, set per leg by the
    dialplan): it is the acting user's own channel if it names them, else (a colleague
    called them) the A-leg is. The A-leg's own vaxel_user_id cannot tell: on a call from a
    trunk it names the user rung."""
    if not side_user_id:
        raise VaxelError("The call has not reached a user yet.")
    other = partner(call.call_uuid)
    if not other:
        raise VaxelError("The call is not connected.")
    if call.state == "OUTGOING" or user_of(other) != str(side_user_id):
        return other, call.call_uuid
    return call.call_uuid, other


def _live(session: Session, company_id: int, call_uuid: str) -> LiveCallRow:
    row = session.get(LiveCallRow, fsapi.check_uuid(call_uuid))
    if row is None or row.company_id != company_id:
        raise VaxelError("No such live call in this company.")
    return row


# -- the live_call table, from channel events ----------------------------------------------

def live_call_change(event: Mapping[str, str]) -> tuple[str, str, dict] | None:
    """("upsert"|"end", call uuid, values) for an event about one of our calls. Pure.

    Rows are A-legs: a B-leg ringing a user names its call in originating_leg_uuid."""
    name = event.get("Event-Name")
    uuid = event.get("Unique-ID") or ""
    origin = event.get("variable_originating_leg_uuid") or ""
    company = event.get("variable_vaxel_company_id") or ""
    user = event.get("variable_vaxel_user_id") or ""
    if name == "CHANNEL_HANGUP_COMPLETE":
        return None if origin else ("end", uuid, {})
    if not company.isdigit() or not uuid:
        return None
    values = {"company_id": int(company), "user_id": int(user) if user.isdigit() else None,
              "caller_number": event.get("Caller-Caller-ID-Number") or "",
              "destination": event.get("variable_vaxel_dialled")
              or event.get("Caller-Destination-Number") or ""}
    if origin:
        # The leg to a phone says whose phone rings and whether it answered; who called and
        # what they dialled are the A-leg's to say (a B-leg's destination is the device's,
        # e.g. "1001%127.0.0.1" on a click-to-call). None keeps what the row has.
        state = "RINGING" if name == "CHANNEL_CREATE" else "ACTIVE"
        return "upsert", origin, {"company_id": int(company), "user_id": values["user_id"],
                                  "state": state}
    outgoing = event.get("variable_vaxel_intent") == "outbound"
    return "upsert", uuid, {**values, "state": "OUTGOING" if outgoing else "ACTIVE"}


LIVE_STATES_KEPT = 100_000


def live_call_writer(writer: BatchWriter, node: str = ""):
    # A call's answer and bridge events usually say the same thing again: write a row only
    # when what it holds changes (the last written values per call, bounded).
    written: OrderedDict[str, dict] = OrderedDict()

    def on_event(event) -> None:
        change = live_call_change(event)
        if change is None:
            return
        kind, call_uuid, values = change
        if kind == "end":
            written.pop(call_uuid, None)
        elif written.get(call_uuid) == values:
            return
        else:
            written[call_uuid] = dict(values)
            while len(written) > LIVE_STATES_KEPT:
                written.popitem(last=False)
        if kind == "end":
            writer.submit(lambda session: end_live_call(session, call_uuid))
        else:
            company = values.pop("company_id")
            writer.submit(lambda session: upsert_live_call(session, call_uuid, company,
                                                           node=node, **values))
    return on_event
