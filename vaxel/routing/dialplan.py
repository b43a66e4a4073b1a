"""What FreeSWITCH should do with a call: a pure decision over plain values.

xml_curl loads the facts (vaxel.routing.facts), calls `decide_call`, and renders the
returned `DialplanDecision` as a dialplan document; None means "not found".

Every string placed in action data is built here from validated numbers, SIP user names,
domains and gateway names (see vaxel.routing.fstext) — never from free text — so nothing a
user typed can reach FreeSWITCH's `${...}` expansion.

The controller hand-over sets channel variables the controller (fs_control) reads:
`vaxel_company_id`, `vaxel_destination` (a Destination in its stored form, e.g.
"service:3", "user:1001", "voicemail:1001", "message:unavailable"), `vaxel_intent`
("inbound" from a trunk, "internal" from a colleague, "forward" after a ring plan) and
`vaxel_dialled`; then `socket <controller> async full`. If the controller is down the
socket application fails and FreeSWITCH runs the next action: we hang up with
NORMAL_TEMPORARY_FAILURE (SIP 503), so the caller's network or phone says "try again later"
— no sound files needed, nothing answered or billed, and no call silently rings nowhere.
Behind Kamailio the node first answers "503 Controller Unavailable", and Kamailio tries a
carrier's call again on another node (docs/scale-out.md).
"""
from __future__ import annotations

from dataclasses import dataclass

import phonenumbers

from ..callflow.commands import whose_leg
from ..presence.rules import ProfileView, direct_call_plan, leg_seconds, outward_caller_id
from ..security.toll import OutboundLimits, Refused
from .destinations import Destination, DestinationKind
from .fstext import (is_domain, is_e164, is_gateway, is_number, is_safe_folder, is_sip_user,
                     is_token, is_uuid)

EMERGENCY_NUMBERS = frozenset({"112", "911", "999"})
# Sub-folder of the recordings store for calls FreeSWITCH records from the dialplan.
RECORDED_CALLS = "calls"
# Dialled from a phone: the caller's own mailbox menu (fs_control's voicemail flow).
VOICEMAIL_MENU_NUMBER = "133"
FALLBACK_CAUSE = "NORMAL_TEMPORARY_FAILURE"
# The reply of a node whose controller did not take the call: kamailio-conf's
# failure_route matches this reason phrase.
NO_CONTROLLER_REPLY = "503 Controller Unavailable"
PARK_SLOT_VARIABLE = "vaxel_park_slot"  # read by fs_control's parking feature
PARK_MUSIC = "local_stream://moh"
PARK_EVENT = "vaxel::park"


@dataclass(frozen=True)
class Action:
    application: str
    data: str = ""


Refusals = tuple[tuple[str, str], ...]  # (number, why the toll policy refused it)


@dataclass(frozen=True)
class DialplanDecision:
    context: str
    destination: str
    name: str
    actions: tuple[Action, ...]
    note: str = ""  # why a call was refused (for the log and the ops alert), never in actions
    # Numbers this call may reach through the trunk (a forward, a twin): they count towards
    # the company's caps. And legs the toll policy refused: (number, why), for ops' alert.
    trunk_numbers: tuple[str, ...] = ()
    refusals: Refusals = ()


@dataclass(frozen=True)
class CompanyFacts:
    company_id: int
    domain: str
    country: str
    main_number: str | None = None


@dataclass(frozen=True)
class UserTarget:
    """A user who can be rung: their profile and where their devices are."""

    user_id: int
    extension: str
    profile: ProfileView
    sip_usernames: tuple[str, ...] = ()
    twin_numbers: tuple[str, ...] = ()
    ring_in_turn: bool = False
    recorded: bool = False  # the user's calls are recorded (add-on)


@dataclass(frozen=True)
class ServiceTarget:
    service_id: int


@dataclass(frozen=True)
class ParkSlot:
    """A dialled park slot: who is parked there (a channel uuid), or None when empty."""

    slot: int
    parked_uuid: str | None = None


@dataclass(frozen=True)
class CallFacts:
    """What the database says about one dialplan request."""

    context: str                      # "default" (a phone) or "public" (a trunk)
    dialled: str
    company: CompanyFacts | None = None
    caller: ProfileView | None = None  # the calling user (default context)
    user: UserTarget | None = None     # the dialled extension or number's user
    service: ServiceTarget | None = None
    gateway: str | None = None         # the trunk gateway for calls leaving
    controller: str = "127.0.0.1:8084"
    toll: OutboundLimits | None = None  # the caller's toll policy; None: not checked
    # The rung user's own policy, for the legs their profile sends to a trunk (forward,
    # mobile twins); None: the default policy (never unchecked).
    user_toll: OutboundLimits | None = None
    caller_user_id: int | None = None
    caller_recorded: bool = False
    # Folder FreeSWITCH records into (the platform's recordings store); None: no recording.
    record_to: str | None = None
    # The conference room with the dialled number (a phone's call), if any.
    conference_room_id: int | None = None
    park: ParkSlot | None = None  # the dialled number is one of the company's park slots
    # Behind Kamailio (scale-out): a call the controller cannot take is answered "503
    # Controller Unavailable", which Kamailio tries again on another node (a carrier's).
    behind_proxy: bool = False


def decide_call(facts: CallFacts) -> DialplanDecision | None:
    """The dialplan for a call, or None when it must not be routed."""
    if facts.company is None or not is_number(facts.dialled):
        return None
    if facts.context == "public":
        return _inbound(facts)
    if facts.context == "default":
        return _from_phone(facts)
    return None


def _from_phone(facts: CallFacts) -> DialplanDecision | None:
    if facts.dialled in EMERGENCY_NUMBERS:
        return _emergency(facts)
    if facts.user is not None:
        return _ring_user(facts, "internal")
    if facts.service is not None:
        dest = Destination(DestinationKind.SERVICE, str(facts.service.service_id))
        return _decision(facts, "to_controller", _handover(facts, dest, "internal"))
    if facts.dialled == VOICEMAIL_MENU_NUMBER and facts.caller is not None:
        return _voicemail_menu(facts)
    if facts.conference_room_id is not None:
        # The controller asks for the room's PIN before it lets anyone in.
        room = Destination(DestinationKind.CONFERENCE, str(int(facts.conference_room_id)))
        return _decision(facts, "conference_room", _handover(facts, room, "internal"))
    if facts.park is not None:
        return _park(facts, facts.park)
    return _outbound(facts)


def _park(facts: CallFacts, park: ParkSlot) -> DialplanDecision:
    """An occupied slot: take the parked call (`intercept` bridges us to its channel, which
    leaves its music); an empty one: park here, with music, until someone dials the slot
    (the controller lists it from the music's start and rings back on its timeout)."""
    company = [Action("set", f"vaxel_company_id={facts.company.company_id}"),
               Action("set", f"vaxel_dialled={park.slot}")]
    if park.parked_uuid is not None and is_uuid(park.parked_uuid):
        return _decision(facts, f"pick_up_{park.slot}", company + [
            Action("intercept", park.parked_uuid), Action("hangup", "NORMAL_CLEARING")])
    return _decision(facts, f"park_{park.slot}", company + [
        Action("set", f"{PARK_SLOT_VARIABLE}={park.slot}"), Action("answer"),
        # Tells the controller (with the channel's variables) that a call is parked.
        Action("event", f"Event-Name=CUSTOM,Event-Subclass={PARK_EVENT}"),
        Action("endless_playback", PARK_MUSIC), Action("hangup", "NORMAL_CLEARING")])


def _voicemail_menu(facts: CallFacts) -> DialplanDecision:
    """133: the controller opens the caller's mailbox; it still checks that the phone's SIP
    account is the owner's (else it asks for the PIN)."""
    mailbox = Destination(DestinationKind.VOICEMAIL, facts.caller.extension)
    actions = [Action("set", "vaxel_voicemail=listen")] + _handover(facts, mailbox, "internal")
    return _decision(facts, "voicemail_menu", actions)


def _inbound(facts: CallFacts) -> DialplanDecision | None:
    if facts.user is not None:
        return _ring_user(facts, "inbound")
    if facts.service is not None:
        dest = Destination(DestinationKind.SERVICE, str(facts.service.service_id))
        return _decision(facts, "to_controller", _handover(facts, dest, "inbound"))
    return None


def _decision(facts: CallFacts, name: str, actions: list[Action]) -> DialplanDecision:
    return DialplanDecision(facts.context, facts.dialled, name, tuple(actions))


def _handover(facts: CallFacts, destination: Destination, intent: str) -> list[Action]:
    company = facts.company
    if destination.target is not None and not is_token(destination.target):
        # A forward target someone typed ("${system(…)}") must not reach action data.
        destination = Destination(DestinationKind.MESSAGE, "unavailable")
    return [
        Action("set", f"vaxel_company_id={company.company_id}"),
        Action("set", f"vaxel_destination={destination}"),
        Action("set", f"vaxel_intent={intent}"),
        Action("set", f"vaxel_dialled={facts.dialled}"),
        Action("set", "hangup_after_bridge=true"),
        Action("socket", f"{facts.controller} async full"),
        # Only reached when the controller is unreachable (or left the call up).
        *([Action("respond", NO_CONTROLLER_REPLY)] if facts.behind_proxy else []),
        Action("hangup", FALLBACK_CAUSE),
    ]


def _ring_user(facts: CallFacts, intent: str) -> DialplanDecision:
    """Ring the user's devices as their presence profile says, then forward."""
    user = facts.user
    plan = direct_call_plan(user.profile)
    actions = _call_log_variables(facts, intent) + [
        Action("set", "hangup_after_bridge=true"), Action("set", "continue_on_fail=true")]
    if intent == "inbound":
        # A transfer the answering phone asks for (SIP REFER: the app's blind transfer, a
        # desk phone's transfer key) sends the caller on in `default`, as the API's blind
        # transfer does; FreeSWITCH would use the caller's own context, `public`, where a
        # colleague's extension is no number.
        actions.append(Action("set", "force_transfer_context=default"))
    if user.recorded:
        actions += _recording(facts, user.user_id)
    twins, refusals = _tolled(facts, user.twin_numbers if is_gateway(facts.gateway) else ())
    count = len(user.sip_usernames) + len(twins)
    legs = _device_legs(facts, user, twins,
                        leg_seconds(plan.ring_seconds, count, user.ring_in_turn), intent)
    if plan.ring_seconds > 0 and legs:
        actions.append(Action("set", f"call_timeout={plan.ring_seconds}"))
        actions.append(Action("bridge", ("|" if user.ring_in_turn else ",").join(legs)))
        trunk = twins
    else:
        trunk = ()
    forward, forwarded, refused = _forward(facts, plan.then, intent)
    return DialplanDecision(facts.context, facts.dialled, f"ring_{user.extension}",
                            tuple(actions + forward), trunk_numbers=(*trunk, *forwarded),
                            refusals=(*refusals, *refused))


def _tolled(facts: CallFacts, numbers: tuple[str, ...]) -> tuple[tuple[str, ...], Refusals]:
    """The rung user's numbers outside (twins, a forward) their toll policy lets through,
    and those it refuses with why: the same check as for a number dialled on a phone."""
    limits = facts.user_toll or OutboundLimits()
    allowed, refused = [], []
    for number in (n for n in numbers if is_e164(n)):
        verdict = limits.check(facts.company.country, number)
        if isinstance(verdict, Refused):
            refused.append((number, verdict.reason))
        else:
            allowed.append(number)
    return tuple(allowed), tuple(refused)


def _call_log_variables(facts: CallFacts, intent: str) -> list[Action]:
    """What the call log reads at hang-up: whose call it is and which way it went. The
    company-side user of an incoming call is the one rung; of an internal call, the caller
    (whose directory entry already set vaxel_user_id)."""
    actions = [Action("set", f"vaxel_company_id={facts.company.company_id}"),
               Action("set", f"vaxel_intent={intent}"),
               Action("set", f"vaxel_dialled={facts.dialled}")]
    if intent == "inbound":
        actions.append(Action("set", f"vaxel_user_id={facts.user.user_id}"))
    return actions


def _device_legs(facts: CallFacts, user: UserTarget, twins: tuple[str, ...],
                 seconds: int, intent: str) -> list[str]:
    """Dial strings for the user's phones and the twins the toll policy let through."""
    domain = facts.company.domain if is_domain(facts.company.domain) else None
    # Each leg names the user it rings: FreeSWITCH gives a B-leg the directory's variables
    # only by its hang-up, and the ringing/answered webhooks read them from its CREATE/ANSWER.
    options = "[" + ",".join([f"leg_timeout={seconds}",
                              *whose_leg(facts.company.company_id, user.user_id),
                              f"vaxel_intent={intent}"]) + "]"
    legs = [f"{options}user/{name}@{domain}"
            for name in user.sip_usernames if domain and is_sip_user(name)]
    return legs + [f"{options}sofia/gateway/{facts.gateway}/{number}" for number in twins]


def _forward(facts: CallFacts, then: Destination,
             intent: str) -> tuple[list[Action], tuple[str, ...], Refusals]:
    """(actions, numbers reached through the trunk, refusals) for the user's forward."""
    refused: Refusals = ()
    if then.kind is DestinationKind.EXTERNAL and is_e164(then.target) and is_gateway(facts.gateway):
        allowed, refused = _tolled(facts, (then.target,))
        if allowed:
            return ([Action("bridge", f"sofia/gateway/{facts.gateway}/{then.target}"),
                     Action("hangup", FALLBACK_CAUSE)], allowed, ())
        # Barred as the same number dialled would be: the caller hears "unavailable".
        then = Destination(DestinationKind.MESSAGE, "unavailable")
    # Colleagues (whose own profile may forward again: the controller limits the hops),
    # voicemail and messages are the controller's job.
    return _handover(facts, then, "forward" if intent == "internal" else intent), (), refused


def _outbound(facts: CallFacts) -> DialplanDecision | None:
    """A number outside the company, dialled by an identified user, through the trunk."""
    if facts.caller is None or not is_gateway(facts.gateway):
        return None
    e164 = dialled_e164(facts.dialled, facts.company.country)
    if e164 is None:
        return None
    verdict = facts.toll.check(facts.company.country, e164) if facts.toll else None
    if isinstance(verdict, Refused):
        # Barred before any trunk is involved; the call log still shows the attempt.
        return DialplanDecision(facts.context, facts.dialled, "toll_refused",
                                (*_call_log(e164), Action("hangup", verdict.cause)),
                                note=verdict.reason)
    shown = outward_caller_id(facts.caller, facts.company.main_number)
    actions = [Action("set", f"effective_caller_id_number={shown}")] if is_e164(shown) else []
    if facts.caller.hide_caller_id:
        actions.append(Action("privacy", "full"))
    if facts.caller_recorded and facts.caller_user_id:
        actions += _recording(facts, facts.caller_user_id)
    actions += [*_call_log(e164), Action("set", "hangup_after_bridge=true"),
                Action("bridge", f"sofia/gateway/{facts.gateway}/{e164}")]
    return _decision(facts, "outbound", actions)


def _recording(facts: CallFacts, user_id: int) -> list[Action]:
    """Record both parties (stereo) into the store's calls/ folder, named by the channel's
    own uuid (a platform-set variable, safe to expand); the controller files the recording
    under `vaxel_recorded_user` when the call ends. No folder, or an unsafe one: no
    recording rather than a path anyone could bend."""
    if not is_safe_folder(facts.record_to):
        return []
    return [Action("set", "RECORD_STEREO=true"), Action("set", f"vaxel_recorded_user={user_id}"),
            Action("record_session", f"{facts.record_to}/{RECORDED_CALLS}/${{uuid}}.wav")]


def _call_log(dialled: str) -> list[Action]:
    """What the controller's call log reads from an outgoing channel (the company and user
    ids come from the directory entry the phone authenticated with)."""
    return [Action("set", "vaxel_intent=outbound"), Action("set", f"vaxel_dialled={dialled}")]


def _emergency(facts: CallFacts) -> DialplanDecision | None:
    """Emergency calls always go out, number untouched, caller ID never hidden."""
    if not is_gateway(facts.gateway):
        return None
    shown = facts.caller.caller_id_number if facts.caller else None
    shown = shown or facts.company.main_number
    actions = [Action("set", f"effective_caller_id_number={shown}")] if is_e164(shown) else []
    actions += [*_call_log(facts.dialled), Action("set", "hangup_after_bridge=true"),
                Action("bridge", f"sofia/gateway/{facts.gateway}/{facts.dialled}")]
    return _decision(facts, "emergency", actions)


def dialled_e164(dialled: str, country: str) -> str | None:
    """A dialled number in E.164: "+…" and "00…" as international, else national in
    `country`; None if it is not a possible number."""
    text = "+" + dialled[2:] if dialled.startswith("00") else dialled
    try:
        parsed = phonenumbers.parse(text, country.upper())
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def inbound_e164(dialled: str, country: str, inbound_prefix: str | None = None) -> str | None:
    """The called number a trunk delivered, in E.164 (see Trunk.inbound_prefix)."""
    if not is_number(dialled):
        return None
    if inbound_prefix and not dialled.startswith(("+", "00")):
        candidate = inbound_prefix + dialled
        return candidate if is_e164(candidate) else None
    return dialled_e164(dialled, country)
