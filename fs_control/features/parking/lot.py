"""The parked calls as the switch has them, in `parked_call` for the console.

A call is parked by the dialplan (vaxel.routing.dialplan `_park`), which fires the CUSTOM
event `vaxel::park` with the channel's variables as its music starts; it leaves the slot
when it is bridged (picked up: `intercept`), rung back, or hangs up. Rows this node wrote
are known here, so a bridge event only costs a write when it concerns a parked call.
After the lot's timeout a call parked by someone (the console's park says who) is sent to
that user's extension in `default`: their phones ring with the parked caller.
"""
from __future__ import annotations

import logging
from typing import Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from vaxel.base import utcnow
from vaxel.callcontrol import fsapi
from vaxel.callcontrol.models import ParkedCall
from vaxel.callcontrol.parking import (due_for_ring_back, keep_only, lot_of, record_left,
                                       record_parked)
from vaxel.routing.dialplan import PARK_EVENT, PARK_SLOT_VARIABLE

from ...batching import BatchWriter
from ...esl import EslError

log = logging.getLogger(__name__)

RING_BACK_SECONDS = 2.0


def parked_from(event: Mapping[str, str]) -> tuple[str, int, int, str, str] | None:
    """(uuid, company, slot, caller number, parked by) from a `vaxel::park` event. Pure."""
    if event.get("Event-Subclass") != PARK_EVENT:
        return None
    company = event.get("variable_vaxel_company_id") or ""
    slot = event.get(f"variable_{PARK_SLOT_VARIABLE}") or ""
    uuid = event.get("Unique-ID") or ""
    if not (company.isdigit() and slot.isdigit() and uuid):
        return None
    parked_by = event.get(f"variable_{fsapi.PARKED_BY_VARIABLE}") or ""
    # Only an extension is ever rung back (it becomes a uuid_transfer's argument).
    return (uuid, int(company), int(slot), event.get("Caller-Caller-ID-Number") or "",
            parked_by if parked_by.isdigit() and len(parked_by) <= 16 else "")


def leaving(event: Mapping[str, str]) -> tuple[str, ...]:
    """The channels an event may take off a slot: both sides of a bridge, a hung-up one."""
    if event.get("Event-Name") == "CHANNEL_BRIDGE":
        return tuple(u for u in (event.get("Unique-ID"), event.get("Other-Leg-Unique-ID"),
                                 event.get("Bridge-B-Unique-ID")) if u)
    if event.get("Event-Name") == "CHANNEL_HANGUP_COMPLETE":
        return (event.get("Unique-ID") or "",)
    return ()


class ParkingLot:
    def __init__(self, session_factory: sessionmaker[Session], writer: BatchWriter, inbound,
                 node: str = ""):
        self.session_factory, self.writer, self.inbound = session_factory, writer, inbound
        self.node = node
        self.parked: set[str] = set()   # rows this controller wrote
        self.rung_back: set[str] = set()

    def on_event(self, event) -> None:
        parked = parked_from(event)
        if parked is not None:
            uuid, company, slot, caller, by = parked
            self.parked.add(uuid)
            self.writer.submit(lambda s: record_parked(s, uuid, company, slot, caller, by,
                                                       self.node))
            return
        for uuid in leaving(event):
            if uuid in self.parked:
                self._left(uuid)

    def _left(self, uuid: str) -> None:
        self.parked.discard(uuid)
        self.rung_back.discard(uuid)
        self.writer.submit(lambda s: record_left(s, uuid))

    def ring_back(self) -> int:
        """Send each call parked too long to the extension of whoever parked it."""
        now, due = utcnow(), []
        with self.session_factory() as session:
            for row in session.scalars(select(ParkedCall).where(ParkedCall.node == self.node,
                                                                ParkedCall.parked_by != "")):
                if row.call_uuid not in self.rung_back and \
                        due_for_ring_back(row.parked_at, now, lot_of(session, row.company_id)):
                    due.append((row.call_uuid, row.parked_by))
        for uuid, extension in due:
            self.rung_back.add(uuid)
            try:
                reply = self.inbound.api(fsapi.blind_transfer(uuid, extension, False))
            except EslError as exc:
                reply = f"-ERR {exc}"
            log.info("parked call %s rung back to %s: %s", uuid, extension, reply.strip())
            self._left(uuid)
        return len(due)

    def reconcile(self, live_uuids: set[str]) -> None:
        with self.session_factory.begin() as session:
            gone = keep_only(session, live_uuids, self.node)
        self.parked &= live_uuids
        if gone:
            log.info("parked calls: %s gone", gone)
