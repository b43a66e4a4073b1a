"""Park slots: a company's numbered slots (70–79 unless its park lot says otherwise), the
calls parked on them, and when one rings back whoever parked it.

Dialling a slot's number picks up the call parked there; a call sent (transferred) to an
empty slot's number is parked on it — as on most PBXs, so a desk phone's transfer key parks
too. The controller writes `parked_call` rows from the switch's events (the music started,
the call left the slot), so what the console shows is what the switch does.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record
from ..errors import InvalidInput
from .models import ParkedCall, ParkLot



@dataclass(frozen=True)
class Lot:
    first_slot: int = 70
    slot_count: int = 10
    timeout_seconds: int = 120

    @property
    def slots(self) -> range:
        return range(self.first_slot, self.first_slot + self.slot_count)

    def slot_of(self, dialled: str) -> int | None:
        """The slot a dialled number names, or None (a leading zero is no slot: 070≠70)."""
        if not dialled.isdigit() or dialled.startswith("0"):
            return None
        return int(dialled) if int(dialled) in self.slots else None

    def free_slot(self, taken: set[int]) -> int | None:
        return next((slot for slot in self.slots if slot not in taken), None)

    def check(self) -> None:
        if not (1 <= self.slot_count <= 100 and 1 <= self.first_slot <= 99_999 - self.slot_count
                and 10 <= self.timeout_seconds <= 3600):
            raise InvalidInput("Park slots: 1–100 slots from a number of 1–5 digits, "
                               "a timeout of 10–3600 seconds.")


def due_for_ring_back(parked_at: dt.datetime, now: dt.datetime, lot: Lot) -> bool:
    return now - parked_at >= dt.timedelta(seconds=lot.timeout_seconds)


def lot_of(session: Session, company_id: int) -> Lot:
    row = session.get(ParkLot, company_id)
    return Lot(row.first_slot, row.slot_count, row.timeout_seconds) if row else Lot()


def set_park_lot(session: Session, actor: Actor, company_id: int, first_slot: int,
                 slot_count: int, timeout_seconds: int) -> ParkLot:
    """The company's park slots and ring-back timeout (its admins'). Slots that would
    shadow an extension or a service are not refused here: those numbers keep their
    owner (the dialplan routes a slot only when the number is no one's)."""
    actor.check_admin(company_id, "park lot")
    Lot(first_slot, slot_count, timeout_seconds).check()
    row = session.get(ParkLot, company_id)
    was = None
    if row is None:
        row = ParkLot(company_id=company_id)
        session.add(row)
    else:
        was = {"first_slot": row.first_slot, "slot_count": row.slot_count,
               "timeout_seconds": row.timeout_seconds}
    row.first_slot, row.slot_count, row.timeout_seconds = first_slot, slot_count, timeout_seconds
    session.flush()
    record(session, actor, "park_lot.set", row, was)
    return row


def parked_calls(session: Session, company_id: int) -> list[ParkedCall]:
    return list(session.scalars(select(ParkedCall).where(ParkedCall.company_id == company_id)
                                .order_by(ParkedCall.slot)))


def parked_on(session: Session, company_id: int, slot: int) -> ParkedCall | None:
    return session.scalar(select(ParkedCall).where(ParkedCall.company_id == company_id,
                                                   ParkedCall.slot == slot))


def record_parked(session: Session, call_uuid: str, company_id: int, slot: int,
                  caller_number: str, parked_by: str, node: str) -> bool:
    """The controller saw a call parked; False when the slot was already taken (two calls
    sent to one empty slot at once: the second keeps its music but is not listed)."""
    result = session.execute(insert(ParkedCall).values(
        call_uuid=call_uuid, company_id=company_id, slot=slot, caller_number=caller_number,
        parked_by=parked_by, node=node).on_conflict_do_nothing())
    return result.rowcount == 1


def record_left(session: Session, call_uuid: str) -> None:
    session.execute(delete(ParkedCall).where(ParkedCall.call_uuid == call_uuid))


def keep_only(session: Session, live_uuids: set[str], node: str = "") -> int:
    """Forget parked rows of calls this node's switch no longer has (a missed event)."""
    mine = delete(ParkedCall).where(ParkedCall.node == node)
    result = session.execute(mine.where(ParkedCall.call_uuid.not_in(live_uuids))
                             if live_uuids else mine)
    return result.rowcount
