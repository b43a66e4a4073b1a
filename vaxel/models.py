"""Imports every model so that Base.metadata knows all tables (for migrations and tests)."""
from .base import Base
from .numbers.models import NumberKind, PhoneNumber, Trunk
from .people.models import (
    Device,
    DeviceKind,
    ForwardKind,
    Licence,
    LicenceKind,
    LicenceStatus,
    LicenceTerm,
    PresenceProfile,
    Role,
    User,
)
from .switchboard.models import ServiceKind, SwitchboardService
from .tenancy.models import Company
from .tenancy.plans import Plan

__all__ = [
    "Base", "Company", "Device", "DeviceKind", "ForwardKind", "Licence", "LicenceKind",
    "LicenceStatus", "LicenceTerm", "NumberKind", "PhoneNumber", "Plan", "PresenceProfile",
    "Role", "ServiceKind", "SwitchboardService", "Trunk", "User",
]

# Portal accounts and the audit log (admin portal).
from .accounts.models import (  # noqa: E402
    Account, AccountToken, LoginAttempt, LoginThrottle, PortalSession,
)
from .audit.models import AuditEntry  # noqa: E402

__all__ += ["Account", "AccountToken", "AuditEntry", "LoginAttempt", "LoginThrottle", "PortalSession"]

# Switchboard: opening hours, IVR menus, presence schedules, the call log.
from .calls.models import CallLogEntry  # noqa: E402
from .presence.models import PresenceState, ProfileSchedule  # noqa: E402
from .schedules.models import (  # noqa: E402
    OpeningHours, OpeningSchedule, ScheduleException, ScheduleOverride,
)
from .switchboard.ivr.models import IvrMenu, IvrOption  # noqa: E402

__all__ += [
    "CallLogEntry", "IvrMenu", "IvrOption", "OpeningHours", "OpeningSchedule",
    "PresenceState", "ProfileSchedule", "ScheduleException", "ScheduleOverride",
]

# Voicemail, call recording, fax mailbox and the e-mail outbox.
from .fax.models import FaxReceipt  # noqa: E402
from .mail.models import OutboxMail  # noqa: E402
from .recordings.models import CallRecording  # noqa: E402
from .voicemail.models import (  # noqa: E402
    CallbackRequest, Greeting, GreetingKind, Mailbox, Message, MessageState,
)

__all__ += [
    "CallbackRequest", "CallRecording", "FaxReceipt", "Greeting", "GreetingKind", "Mailbox",
    "Message", "MessageState", "OutboxMail",
]

# Queues (kösystem): settings, members, agent state, callers, offers, callbacks.
from .queues.models import (  # noqa: E402
    AgentSession, QueueAgent, QueueCallback, QueueEntry, QueueMember, QueueOffer, QueueSettings,
)

__all__ += ["AgentSession", "QueueAgent", "QueueCallback", "QueueEntry", "QueueMember",
            "QueueOffer", "QueueSettings"]

# Security: bans, the allow-list, toll policies, outbound set-ups, ops alerts.
from .security.models import OpsAlert, OutboundCall, SipAllow, SipBan, TollPolicy  # noqa: E402

__all__ += ["OpsAlert", "OutboundCall", "SipAllow", "SipBan", "TollPolicy"]

# Billing, mobile data and dialplan snippets (admin portal, round 2).
from .billing.models import CostAssignment, CostCentre, InvoicePlace, PriceListEntry  # noqa: E402
from .dialplan_snippets.models import DialplanSnippet, DialplanSnippetVersion  # noqa: E402
from .mobiledata.models import DataSubscription, DataTopUp, DataUsage  # noqa: E402

__all__ += ["CostAssignment", "CostCentre", "DataSubscription", "DataTopUp", "DataUsage",
            "DialplanSnippet", "DialplanSnippetVersion", "InvoicePlace", "PriceListEntry"]

# Integrations: API tokens, call commands and live calls, webhooks, look-up, calendar, stats.
from .apitokens.models import ApiToken  # noqa: E402
from .calendar.models import CalendarBusy, CalendarLink  # noqa: E402
from .callcontrol.models import CallCommand, LiveCallRow, ParkedCall, ParkLot  # noqa: E402
from .caller_names.models import Contact, LookupCache, LookupSettings  # noqa: E402
from .statsstream.models import StatsStream  # noqa: E402
from .webhooks.models import WebhookDelivery, WebhookEndpoint  # noqa: E402

__all__ += ["ApiToken", "CalendarBusy", "CalendarLink", "CallCommand", "Contact", "LiveCallRow",
            "LookupCache", "LookupSettings", "StatsStream", "WebhookDelivery", "WebhookEndpoint"]

# The website widget (its set-up and the callbacks visitors asked for).
from .widget.models import VisitorChat, WidgetCallback, WidgetSettings  # noqa: E402

__all__ += ["VisitorChat", "WidgetCallback", "WidgetSettings"]
# Conference rooms (every user's own), their live participants and commands; the SMS outbox.
from .conference.models import (  # noqa: E402
    ConferenceCommand, ConferenceParticipant, ConferenceRoom,
)
from .sms.models import OutboxSms  # noqa: E402

__all__ += ["ConferenceCommand", "ConferenceParticipant", "ConferenceRoom", "OutboxSms"]
__all__ += ["ParkedCall", "ParkLot"]
# The operator console's wallboard links.
from .live.models import WallboardLink  # noqa: E402

__all__ += ["WallboardLink"]
# Chat in the app (issue 18): conversations, members, messages.
from .chat.models import ChatMessage, Conversation, Member  # noqa: E402

__all__ += ["ChatMessage", "Conversation", "Member"]
