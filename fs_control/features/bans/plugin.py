"""Wiring the bans into the controller: registration events in, a periodic ACL sync."""
from __future__ import annotations

from vaxel.security.services import configure_alerts

from .. import Deps, Features, Periodic
from .guard import FAILURE, REQUEST, SYNC_INTERVAL, BanGuard


def register(features: Features, deps: Deps) -> BanGuard:
    configure_alerts(deps.settings.ops_alert_email)
    guard = BanGuard(deps)
    deps.inbound.events("CUSTOM", FAILURE, REQUEST)
    features.event_handlers.append((("CUSTOM", FAILURE, REQUEST), guard.on_event))
    features.periodic.append(Periodic("sync_bans", SYNC_INTERVAL, guard.sync))
    deps.inbound.on_connect(lambda client: guard.sync())  # after a FreeSWITCH restart too
    return guard
