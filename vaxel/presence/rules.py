"""What a presence profile does with a call: pure decisions, no database, no sockets."""
from __future__ import annotations

from dataclasses import dataclass

from ..people.models import ForwardKind
from ..routing.destinations import Destination, DestinationKind


@dataclass(frozen=True)
class ProfileView:
    """The parts of a presence profile (and its user) that call decisions read."""

    extension: str
    accept_direct: bool = True
    accept_queue: bool = True
    forward_kind: ForwardKind = ForwardKind.VOICEMAIL
    forward_target: str | None = None
    forward_after_seconds: int = 20
    caller_id_number: str | None = None
    hide_caller_id: bool = False
    mobile_number: str | None = None
    voicemail_enabled: bool = True

    @classmethod
    def of(cls, user, profile) -> "ProfileView":
        """Build from a User and its PresenceProfile (or None: ring, then voicemail)."""
        common = dict(extension=user.extension, mobile_number=user.mobile_number,
                      voicemail_enabled=user.voicemail_enabled)
        if profile is None:
            return cls(caller_id_number=user.outbound_caller_id, **common)
        return cls(
            accept_direct=profile.accept_direct, accept_queue=profile.accept_queue,
            forward_kind=profile.forward_kind, forward_target=profile.forward_target,
            forward_after_seconds=profile.forward_after_seconds,
            caller_id_number=profile.caller_id_number or user.outbound_caller_id,
            hide_caller_id=profile.hide_caller_id, **common,
        )


@dataclass(frozen=True)
class RingPlan:
    """Ring the user's devices for ring_seconds (0: don't ring), then send the call to `then`."""

    ring_seconds: int
    then: Destination


def forward_destination(view: ProfileView) -> Destination:
    kind = view.forward_kind
    if kind is ForwardKind.USER and view.forward_target:
        return Destination(DestinationKind.USER, view.forward_target)
    if kind is ForwardKind.EXTERNAL and view.forward_target:
        return Destination(DestinationKind.EXTERNAL, view.forward_target)
    if kind is ForwardKind.MOBILE and view.mobile_number:
        return Destination(DestinationKind.EXTERNAL, view.mobile_number)
    if kind is ForwardKind.NONE or not view.voicemail_enabled:
        return Destination(DestinationKind.MESSAGE, "unavailable")
    # Voicemail, or a forward whose target is missing: the caller can still leave a message.
    return Destination(DestinationKind.VOICEMAIL, view.extension)


def direct_call_plan(view: ProfileView) -> RingPlan:
    """A colleague or an outside caller dialled this user directly."""
    if not view.accept_direct or view.forward_after_seconds <= 0:
        return RingPlan(0, forward_destination(view))
    return RingPlan(view.forward_after_seconds, forward_destination(view))


MIN_LEG_SECONDS = 5


def leg_seconds(ring_seconds: int, legs: int, in_turn: bool) -> int:
    """How long each device rings: all of the time together, or a share of it in turn
    (never so short that nobody could reach the phone)."""
    if not in_turn or legs <= 1:
        return ring_seconds
    return max(MIN_LEG_SECONDS, ring_seconds // legs)


def accepts_queue_calls(view: ProfileView) -> bool:
    return view.accept_queue


def outward_caller_id(view: ProfileView, company_main_number: str | None) -> str | None:
    """The number shown outward: the profile's choice, then the user's, then the company's."""
    if view.hide_caller_id:
        return None
    return view.caller_id_number or company_main_number
