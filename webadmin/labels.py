"""Names people read for the domain's values (enum members), in English; translated like
every other text. A value without a name here reads as its words ("wrap_up" → "Wrap up"),
never as the raw value."""
from __future__ import annotations

import enum

from vaxel.calls.events import CallDirection, CallResult
from vaxel.calls.log import CallFilter
from vaxel.models import (DeviceKind, ForwardKind, LicenceKind, LicenceStatus, LicenceTerm,
                          NumberKind, Plan, Role, ServiceKind)
from vaxel.queues.models import Strategy
from vaxel.voicemail.models import MessageState
from vaxel.webhooks.models import DeliveryStatus

from .i18n import gettext

LABELS: dict[enum.Enum, str] = {
    ServiceKind.IVR: "IVR menu", ServiceKind.QUEUE: "Queue",
    ServiceKind.SHARED_VOICEMAIL: "Shared voicemail", ServiceKind.FAX_MAILBOX: "Fax mailbox",
    ServiceKind.CONNECTION: "Connection (plain extension)",
    ForwardKind.NONE: "Nowhere (the call ends)", ForwardKind.VOICEMAIL: "Voicemail",
    ForwardKind.USER: "A colleague", ForwardKind.MOBILE: "My mobile",
    ForwardKind.EXTERNAL: "An external number",
    DeviceKind.SOFTPHONE: "Softphone", DeviceKind.DESK: "Desk phone",
    DeviceKind.DECT: "DECT phone", DeviceKind.MOBILE_TWIN: "Mobile twin",
    LicenceKind.FREE: "Free", LicenceKind.FIXED: "Fixed", LicenceKind.MOBILE: "Mobile",
    LicenceStatus.ACTIVE: "Active", LicenceStatus.FROZEN: "Frozen",
    LicenceStatus.TERMINATED: "Terminated",
    LicenceTerm.BOUND: "Bound", LicenceTerm.UNBOUND: "Unbound",
    Plan.FREE: "Free", Plan.BUSINESS: "Business", Plan.ENTERPRISE: "Enterprise",
    Plan.UNLIMITED: "Unlimited",
    Role.USER: "Employee", Role.ADMIN: "Admin",
    NumberKind.LOCAL: "Local", NumberKind.FOREIGN: "Foreign", NumberKind.MOBILE: "Mobile",
    Strategy.RING_ALL: "Ring everyone", Strategy.LONGEST_IDLE: "Longest idle first",
    Strategy.ROUND_ROBIN: "Round robin", Strategy.FEWEST_CALLS: "Fewest calls first",
    Strategy.ORDERED: "In order (by tier)",
    CallDirection.INCOMING: "Incoming", CallDirection.OUTGOING: "Outgoing",
    CallDirection.INTERNAL: "Internal",
    CallResult.ANSWERED: "Answered", CallResult.MISSED: "Missed", CallResult.BUSY: "Busy",
    CallResult.FAILED: "Failed", CallResult.VOICEMAIL: "To voicemail",
    CallFilter.ALL: "All calls", CallFilter.INCOMING: "Incoming", CallFilter.OUTGOING: "Outgoing",
    CallFilter.MISSED: "Missed",
    MessageState.NEW: "New", MessageState.SAVED: "Heard",
    DeliveryStatus.PENDING: "Waiting to be sent", DeliveryStatus.DELIVERED: "Delivered",
    DeliveryStatus.GAVE_UP: "Gave up",
}


def label(value: enum.Enum | str | None, of: type[enum.Enum] | None = None) -> str:
    """The translated name of a domain value: a member, or a raw value (of enum `of`)."""
    if value is None:
        return ""
    if of is not None and not isinstance(value, enum.Enum):
        value = of(value)
    if isinstance(value, enum.Enum):
        text = LABELS.get(value) or str(value.value).replace("_", " ").capitalize()
    else:
        text = value.replace("_", " ").capitalize()
    return gettext(text)
