"""The features this controller runs: each is a package under features/ whose plugin
module has `register(features, deps)`. They register in this order; a later one may take
over an earlier one's performer (recording performs Bridge)."""
from __future__ import annotations

from .features import Deps, Feature, Features
from .features.bans import plugin as bans
from .features.calendar import plugin as calendar
from .features.call_commands import plugin as call_commands
from .features.call_records import plugin as call_records
from .features.chat import plugin as chat
from .features.caller_names import plugin as caller_name
from .features.conference import plugin as conference
from .features.fax import plugin as fax
from .features.ivr import plugin as ivr
from .features.mail import plugin as mail
from .features.parking import plugin as parking
from .features.presence import plugin as presence
from .features.queues import plugin as queues
from .features.recording import plugin as recording
from .features.sms import plugin as sms
from .features.voicemail import plugin as voicemail
from .features.webhooks import plugin as webhooks
from .features.widget import plugin as widget

FEATURES: tuple[Feature, ...] = (ivr, presence, voicemail, fax, mail, recording, queues, bans,
                                 call_records, call_commands, parking, webhooks, caller_name,
                                 calendar, widget, conference, sms, chat)


def default_features(deps: Deps) -> Features:
    """Every feature registers its flows, performers, event handlers and periodic jobs."""
    features = Features()
    for feature in FEATURES:
        feature.register(features, deps)
    return features
