"""Registering the widget's retention purge (callbacks and visitors' chats, idle chats
ended first). Visitors' callbacks themselves need nothing
here: they are queue callbacks, dialled by the queue feature's callback worker."""
from __future__ import annotations

import logging
from typing import Callable

from sqlalchemy.orm import Session, sessionmaker

from vaxel.base import utcnow
from vaxel.widget.purge import end_idle_chats, purge_chats, purge_expired

from .. import Deps, Features, Periodic

log = logging.getLogger(__name__)

PURGE_INTERVAL = 3600.0


def purge_job(session_factory: sessionmaker[Session]) -> Callable[[], int]:
    def purge_widget_visitors() -> int:
        with session_factory.begin() as session:
            now = utcnow()
            purged = purge_expired(session, now)
            ended = end_idle_chats(session, now)
            chats = purge_chats(session, now)
        if purged or chats:
            log.info("purged %s widget callbacks' and %s chats' visitor details past their "
                     "retention", purged, chats)
        if ended:
            log.info("ended %s idle visitor chats", ended)
        return purged + chats
    return purge_widget_visitors


def register(features: Features, deps: Deps) -> None:
    features.periodic.append(Periodic("purge_widget_visitors", PURGE_INTERVAL,
                                      purge_job(deps.session_factory), platform=True))
