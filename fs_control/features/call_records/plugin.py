"""Wiring the call records into the controller: outbound call ends from the bus, and the
CDR spool's reconciliation."""
from __future__ import annotations

from vaxel.calls.events import CallEnded

from .. import Deps, Features, Periodic
from .cdr_spool import SPOOL_INTERVAL, CdrSpool, outbound_end_writer


def register(features: Features, deps: Deps) -> CdrSpool | None:
    """Outbound call ends from the live events; spooled CDRs when a folder is configured."""
    deps.bus.subscribe(CallEnded, outbound_end_writer(deps.session_factory))
    folder = deps.settings.cdr_spool_dir
    if folder is None:
        return None
    spool = CdrSpool(folder, deps.session_factory)
    features.periodic.append(Periodic("reconcile_cdr_spool", SPOOL_INTERVAL, spool.reconcile))
    deps.inbound.on_connect(lambda client: spool.reconcile())  # catch up after an outage
    return spool
