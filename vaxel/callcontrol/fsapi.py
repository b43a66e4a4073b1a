"""The FreeSWITCH API commands a call-control request becomes. Pure: values in, text out.

- click-to-call: `originate` rings the user's enabled SIP devices at once; when one answers
  the call continues in the `default` context's dialplan as if the user had dialled the
  destination, so routing, the outward caller ID and toll policies are the same as for a
  dialled call (user_name/domain_name identify the caller to the dialplan).
- blind transfer: `uuid_transfer` sends the other party to the destination in the dialplan
  (`-bleg` when the company's user is the A-leg, i.e. on an outgoing call).
- attended transfer: consult first (a click-to-call to the new party), then `uuid_bridge`
  joins the waiting party with the consulted one; both earlier partners are hung up.
  Live calls are A-legs: the consulted party is the consultation's B-leg (its A-leg is the
  transferring user's own phone), and on an outgoing call the waiting party is the B-leg
  too. A B-leg is found by `uuid_getvar <A> bridge_uuid` (set on both legs of a bridge).
  Chosen over `att_xfer`, which is a dialplan application on the transferor's channel and
  needs DTMF from the phone: an API client has neither.
- hang up: `uuid_kill`.
"""
from __future__ import annotations

import re
from types import MappingProxyType
from typing import Mapping

from ..errors import InvalidInput

CONTEXT = "default"
ORIGINATE_SECONDS = 30
_UUID = re.compile(r"^[0-9a-fA-F-]{8,64}\Z")
_DIALLABLE = re.compile(r"^\+?[0-9*#]{1,32}\Z")
_PROXY = re.compile(r"^[0-9A-Fa-f.:]{2,45}\Z")  # an IP address: nothing else rides along


def check_uuid(value: str) -> str:
    if not _UUID.match(value or ""):
        raise InvalidInput("Not a call id.")
    return value


def check_destination(value: str) -> str:
    """An extension or a number: digits with an optional leading +, nothing that could end a
    FreeSWITCH argument early (spaces, commas, braces)."""
    cleaned = re.sub(r"[\s().-]", "", value or "")
    if not _DIALLABLE.match(cleaned):
        raise InvalidInput("The destination must be an extension or a phone number.")
    return cleaned


def phone_legs(sip_users: list[str], domain: str, through: Mapping[str, str]) -> str:
    """The user's phones rung at once; each leg through the Kamailio its phone registered
    through, when known (vaxel_proxy, which the directory's dial-string reads; else the
    node's first Kamailio)."""
    legs = []
    for user in sip_users:
        proxy = through.get(user, "")
        known = f"[vaxel_proxy={proxy}]" if _PROXY.match(proxy) else ""
        legs.append(f"{known}user/{user}@{domain}")
    return ",".join(legs)


def click_to_call(call_uuid: str, sip_users: list[str], domain: str, company_id: int,
                  user_id: int, destination: str, extension: str | None = None,
                  through: Mapping[str, str] = MappingProxyType({})) -> str:
    """The originate; `extension` is the user's, logged as the call's caller (the channel's
    own caller ID becomes the device's address, "1000%domain", once it enters the dialplan)."""
    caller = [f"vaxel_caller={extension}"] if extension and _DIALLABLE.match(extension) else []
    variables = ",".join([*caller,
        f"origination_uuid={check_uuid(call_uuid)}",
        f"origination_caller_id_number={destination}",
        "origination_caller_id_name=Click-to-call",
        f"originate_timeout={ORIGINATE_SECONDS}",
        f"vaxel_company_id={company_id}", f"vaxel_user_id={user_id}",
        f"user_name={sip_users[0]}", f"domain_name={domain}",
    ])
    legs = phone_legs(sip_users, domain, through)
    return f"originate {{{variables}}}{legs} {destination} XML {CONTEXT}"


def blind_transfer(call_uuid: str, destination: str, other_leg: bool) -> str:
    leg = " -bleg" if other_leg else ""
    return f"uuid_transfer {check_uuid(call_uuid)}{leg} {destination} XML {CONTEXT}"


def attended_transfer(waiting_uuid: str, consulted_uuid: str) -> str:
    return f"uuid_bridge {check_uuid(waiting_uuid)} {check_uuid(consulted_uuid)}"


PARTNER_VARIABLE = "bridge_uuid"


def partner_query(call_uuid: str) -> str:
    """The API command that names the channel bridged to `call_uuid`."""
    return f"uuid_getvar {check_uuid(call_uuid)} {PARTNER_VARIABLE}"


def partner_from(reply: str) -> str | None:
    """The partner's uuid from `partner_query`'s answer (`_undef_` or -ERR when unbridged)."""
    text = (reply or "").strip()
    return text if _UUID.match(text) and not text.startswith("-") else None


def hang_up(call_uuid: str) -> str:
    return f"uuid_kill {check_uuid(call_uuid)} NORMAL_CLEARING"


def outcome(reply: str) -> tuple[bool, str]:
    """(succeeded, FreeSWITCH's text): `+OK …` or `-ERR CAUSE`."""
    text = (reply or "").strip()
    return text.startswith("+OK"), text


# -- park, hold, supervise -------------------------------------------------------------------
# Park: the party is sent to the slot's number in `default` (vaxel.routing.dialplan renders
# it: music on hold until someone dials the slot, whose dialplan intercepts the parked
# channel). Before it goes, the channel is told whom to ring back and which company's
# dialplan it is in (a trunk caller's channel has no domain of its own).
PARKED_BY_VARIABLE = "vaxel_parked_by"


def park(party_uuid: str, slot: int, parked_by: str, domain: str) -> list[str]:
    party = check_uuid(party_uuid)
    parker = parked_by if _DIALLABLE.match(parked_by or "") else ""
    return [f"uuid_setvar {party} {PARKED_BY_VARIABLE} {parker}",
            f"uuid_setvar {party} domain_name {domain}",
            f"uuid_transfer {party} {int(slot)} XML {CONTEXT}"]


def hold(call_uuid: str, on: bool = True) -> str:
    """`uuid_hold`: the channel's phone is sent a re-INVITE (sendonly) and its partner hears
    the hold music; `off` takes both back."""
    return f"uuid_hold {'' if on else 'off '}{check_uuid(call_uuid)}"


SUPERVISE_MODES = ("listen", "whisper", "barge")


def supervise(call_uuid: str, sip_users: list[str], domain: str, company_id: int,
              user_id: int, agent_uuid: str, mode: str,
              through: Mapping[str, str] = MappingProxyType({})) -> str:
    """Ring the supervisor's phones into `eavesdrop` on the agent's channel. eavesdrop's
    whisper_aleg is the eavesdropped channel (the agent), whisper_bleg its partner (the
    customer): listen neither, whisper the agent, barge both. No DTMF: a listener must not
    press 2 or 3 to start talking, which is the whisper/barge permission's to allow; no
    indication tones: the call's parties are never told."""
    if mode not in SUPERVISE_MODES:
        raise InvalidInput("The mode must be listen, whisper or barge.")
    variables = ",".join([
        f"origination_uuid={check_uuid(call_uuid)}",
        "origination_caller_id_name=Supervise", f"origination_caller_id_number={mode}",
        f"originate_timeout={ORIGINATE_SECONDS}",
        f"vaxel_company_id={company_id}", f"vaxel_user_id={user_id}",
        "eavesdrop_enable_dtmf=false",
        f"eavesdrop_whisper_aleg={'true' if mode != 'listen' else 'false'}",
        f"eavesdrop_whisper_bleg={'true' if mode == 'barge' else 'false'}",
    ])
    legs = phone_legs(sip_users, domain, through)
    return f"originate {{{variables}}}{legs} &eavesdrop({check_uuid(agent_uuid)})"
