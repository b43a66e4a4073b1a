"""Wiring park slots into the controller: the park event and bridges/hang-ups update the
parked calls; a job rings back calls parked too long."""
from __future__ import annotations

from vaxel.routing.dialplan import PARK_EVENT

from .. import Deps, Features, Periodic
from .lot import RING_BACK_SECONDS, ParkingLot

RECONCILE_SECONDS = 60.0


def register(features: Features, deps: Deps) -> ParkingLot:
    lot = ParkingLot(deps.session_factory, deps.writer, deps.inbound, deps.settings.node)
    deps.inbound.events("CUSTOM", PARK_EVENT)
    features.event_handlers.append(
        ((PARK_EVENT, "CHANNEL_BRIDGE", "CHANNEL_HANGUP_COMPLETE"), lot.on_event))
    features.periodic.append(Periodic("ring_back_parked_calls", RING_BACK_SECONDS, lot.ring_back))
    features.periodic.append(Periodic(
        "reconcile_parked_calls", RECONCILE_SECONDS,
        lambda: lot.reconcile({c.uuid for c in deps.live.all()})))
    return lot
