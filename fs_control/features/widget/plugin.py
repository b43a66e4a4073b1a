"""Registering the widget's retention purge. Visitors' callbacks themselves need nothing
here: they are queue callbacks, dialled by the queue feature's callback worker."""
from __future__ import annotations

import logging
from typing import Callable

from sqlalchemy.orm import Session, sessionmaker

from vaxel.base import utcnow
from vaxel.widget.purge import purge_expired

from .. import Deps, Features, Periodic

log = logging.getLogger(__name__)

PURGE_INTERVAL = 3600.0


def purge_job(session_factory: sessionmaker[Session]) -> Callable[[], int]:
    def purge_widget_visitors() -> int:
        with session_factory.begin() as session:
            purged = purge_expired(session, utcnow())
        if purged:
            log.info("blanked %s widget visitors' details past their retention", purged)
        return purged
    return purge_widget_visitors


def register(features: Features, deps: Deps) -> None:
    features.periodic.append(Periodic("purge_widget_visitors", PURGE_INTERVAL,
                                      purge_job(deps.session_factory)))
