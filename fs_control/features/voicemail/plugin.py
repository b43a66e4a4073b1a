"""Registering voicemail with the controller: flows, performers, lamps and recovery."""
from __future__ import annotations

import logging
from typing import Callable

from sqlalchemy.orm import Session, sessionmaker

from vaxel.base import utcnow
from vaxel.config import Settings
from vaxel.storage import Store
from vaxel.voicemail.flow import personal_voicemail_flow, shared_voicemail_flow
from vaxel.voicemail.messages import recover_interrupted, remove_orphan_files

from .. import Deps, Features, Periodic
from .performers import VoicemailPerformers
from .mwi import MWI_INTERVAL, MwiNotifier

log = logging.getLogger(__name__)

RECOVERY_INTERVAL = 60.0


def voicemail_store(settings: Settings) -> Store:
    return Store(settings.voicemail_dir)


def register(features: Features, deps: Deps) -> MwiNotifier:
    store = voicemail_store(deps.settings)
    mwi = MwiNotifier(deps.session_factory, deps.inbound)
    features.service_flows["voicemail"] = personal_voicemail_flow
    features.service_flows["shared_voicemail"] = shared_voicemail_flow
    features.performers.update(VoicemailPerformers(deps.session_factory, store, mwi).table())
    features.periodic.append(Periodic("sync_message_waiting", MWI_INTERVAL, mwi.sync))
    deps.inbound.events("MESSAGE_QUERY")
    features.event_handlers.append((("MESSAGE_QUERY",), mwi.answer_query))
    features.periodic.append(Periodic("recover_voicemail", RECOVERY_INTERVAL,
                                      recovery_job(deps.session_factory, store)))
    return mwi


def recovery_job(session_factory: sessionmaker[Session], store: Store) -> Callable[[], list[int]]:
    """Messages cut off by a crash are kept (flagged) or removed; stray files deleted."""
    def recover_voicemail() -> list[int]:
        with session_factory.begin() as session:
            kept = recover_interrupted(session, store, utcnow())
            removed = remove_orphan_files(session, store, utcnow())
        if removed:
            log.warning("removed %s voicemail files no message names", removed)
        return kept
    return recover_voicemail
