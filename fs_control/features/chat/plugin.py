"""Chat's periodic job: messages (and their files) past the 24-month retention go."""
from __future__ import annotations

import logging
from typing import Callable

from sqlalchemy.orm import Session, sessionmaker

from vaxel.actor import Actor
from vaxel.base import utcnow
from vaxel.chat.messages import purge_expired
from vaxel.storage import Store

from .. import Deps, Features, Periodic

log = logging.getLogger(__name__)
PURGE_INTERVAL = 3600.0
PURGER = Actor.system("chat-retention")


def register(features: Features, deps: Deps) -> None:
    store = Store(deps.settings.voicemail_dir)  # attachments live beside voicemail (vaxel.storage)
    features.periodic.append(Periodic("purge_chat", PURGE_INTERVAL,
                                      purge_job(deps.session_factory, store), platform=True))


def purge_job(session_factory: sessionmaker[Session], store: Store) -> Callable[[], int]:
    def purge_chat() -> int:
        with session_factory.begin() as session:
            purged = purge_expired(session, PURGER, store, utcnow())
        if purged:
            log.info("purged %s chat messages past their retention", purged)
        return purged
    return purge_chat
