"""The features this controller runs; each later feature (queues, voicemail…) adds itself here."""
from __future__ import annotations

import logging

from sqlalchemy.orm import Session, sessionmaker

from vaxel.callflow.ivr import ivr_service_flow, menu_flow
from vaxel.presence.services import apply_scheduled_profiles
from vaxel.base import utcnow

from .features.bans.guard import add_bans
from .features.calendar.feeds import add_calendar
from .features.call_records.cdr_spool import add_call_records
from .features.call_commands.commands import add_call_commands
from .features.caller_name.namer import add_caller_names
from .features import Deps, Features
from .features.webhooks.outbox import add_webhooks
from .features.queues.plugin import add_queues
from .features.fax.performer import add_fax
from .features.mail.smtp import add_mail
from .features.recording.recorder import add_recording
from .features.voicemail.plugin import add_voicemail

log = logging.getLogger(__name__)

PROFILE_SCHEDULE_INTERVAL = 60.0


def default_features(deps: Deps) -> Features:
    """Every feature registers its flows, performers, event handlers and periodic jobs here."""
    features = Features()
    features.service_flows["ivr"] = ivr_service_flow
    features.service_flows["menu"] = menu_flow
    features.periodic.append((PROFILE_SCHEDULE_INTERVAL, scheduled_profiles(deps.session_factory)))
    add_voicemail(features, deps)
    add_fax(features, deps)
    add_mail(features, deps)
    add_recording(features, deps)
    add_queues(features, deps)
    add_bans(features, deps)
    add_call_records(features, deps)
    add_call_commands(features, deps)
    add_webhooks(features, deps)
    add_caller_names(features, deps)
    add_calendar(features, deps)
    return features


def scheduled_profiles(session_factory: sessionmaker[Session]):
    def apply() -> None:
        with session_factory.begin() as session:
            changes = apply_scheduled_profiles(session, utcnow())
        for change in changes:
            log.info("user %s: scheduled profile %s → %s", change.user_id,
                     change.old_profile_id, change.new_profile_id)
    apply.__name__ = "apply_scheduled_profiles"
    return apply
