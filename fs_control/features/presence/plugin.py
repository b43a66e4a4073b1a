"""Wiring scheduled presence profiles into the controller: the minute job that switches
them (calendar busy stretches included, which the calendar feature stores)."""
from __future__ import annotations

import logging

from sqlalchemy.orm import Session, sessionmaker

from vaxel.base import utcnow
from vaxel.presence.services import apply_scheduled_profiles

from .. import Deps, Features, Periodic

log = logging.getLogger(__name__)

PROFILE_SCHEDULE_INTERVAL = 60.0


def register(features: Features, deps: Deps) -> None:
    features.periodic.append(Periodic("apply_scheduled_profiles", PROFILE_SCHEDULE_INTERVAL,
                                      scheduled_profiles(deps.session_factory), platform=True))


def scheduled_profiles(session_factory: sessionmaker[Session]):
    def apply() -> None:
        with session_factory.begin() as session:
            changes = apply_scheduled_profiles(session, utcnow())
        for change in changes:
            log.info("user %s: scheduled profile %s → %s", change.user_id,
                     change.old_profile_id, change.new_profile_id)
    return apply
