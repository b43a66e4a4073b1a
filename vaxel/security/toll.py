"""Toll policy: where a company's users may call out, and how much — pure decisions.

A destination (E.164) falls in one zone: national (the company's own country), nordic
(SE, DK, NO, FI, IS and their territories), international (anywhere else), premium
(premium-rate and shared-cost numbers by phonenumbers' metadata, plus international
premium and satellite ranges that are the classic toll-fraud targets), or blocked (a
prefix the policy lists). A call outside the allowed zones, or beyond the company's cap on
concurrent outbound calls or set-ups per minute, is refused before it reaches a trunk.
Emergency numbers are never checked (the dialplan routes them before any policy).
"""
from __future__ import annotations

import enum
from dataclasses import dataclass

import phonenumbers
from phonenumbers import PhoneNumberType

NORDIC_REGIONS = frozenset({"SE", "DK", "NO", "FI", "IS", "AX", "FO", "GL", "SJ"})
# International premium rate, shared-cost and satellite networks (ITU-T E.164 "global
# services"): billed at many euros a minute and the first thing a fraudster dials.
PREMIUM_PREFIXES = ("+870", "+881", "+882", "+883", "+979", "+808")
_PREMIUM_TYPES = frozenset({PhoneNumberType.PREMIUM_RATE, PhoneNumberType.SHARED_COST})
REJECT_CAUSE = "OUTGOING_CALL_BARRED"


class Zone(str, enum.Enum):
    INTERNAL = "internal"
    NATIONAL = "national"
    NORDIC = "nordic"
    INTERNATIONAL = "international"
    PREMIUM = "premium"
    BLOCKED = "blocked"


@dataclass(frozen=True)
class TollPolicy:
    allowed: frozenset = frozenset({Zone.INTERNAL, Zone.NATIONAL, Zone.NORDIC})
    blocked_prefixes: tuple[str, ...] = ()
    max_concurrent: int | None = None
    max_setups_per_minute: int | None = None

    @classmethod
    def from_row(cls, allowed: str, blocked: str, max_concurrent: int | None,
                  max_setups: int | None) -> "TollPolicy":
        zones = frozenset(Zone(z.strip()) for z in allowed.split(",")
                          if z.strip() in Zone._value2member_map_)
        prefixes = tuple(p.strip() for p in blocked.split(",") if p.strip())
        return cls(zones, prefixes, max_concurrent, max_setups)


DEFAULT_POLICY = TollPolicy()


@dataclass(frozen=True)
class Allowed:
    zone: Zone


@dataclass(frozen=True)
class Refused:
    zone: Zone
    reason: str
    cause: str = REJECT_CAUSE


def classify(e164: str, home_country: str, blocked_prefixes: tuple[str, ...] = ()) -> Zone:
    """The zone of an E.164 number called from a company in `home_country`."""
    if any(e164.startswith(p) for p in blocked_prefixes):
        return Zone.BLOCKED
    if e164.startswith(PREMIUM_PREFIXES):
        return Zone.PREMIUM
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return Zone.BLOCKED  # nothing unparseable leaves the building
    if phonenumbers.number_type(parsed) in _PREMIUM_TYPES:
        return Zone.PREMIUM
    region = (phonenumbers.region_code_for_number(parsed)
              or phonenumbers.region_code_for_country_code(parsed.country_code) or "")
    if region == home_country.upper():
        return Zone.NATIONAL
    return Zone.NORDIC if region in NORDIC_REGIONS else Zone.INTERNATIONAL


def check_outbound(policy: TollPolicy, home_country: str, e164: str, concurrent_now: int,
                   setups_last_minute: int) -> Allowed | Refused:
    """May this call go out now? `concurrent_now` and `setups_last_minute` count the
    company's outbound calls before this one."""
    zone = classify(e164, home_country, policy.blocked_prefixes)
    if zone is Zone.BLOCKED or zone not in policy.allowed:
        return Refused(zone, "calls to %s numbers are not allowed" % zone.value)
    if policy.max_concurrent is not None and concurrent_now >= policy.max_concurrent:
        return Refused(zone, "%d outbound calls already up (cap %d)"
                       % (concurrent_now, policy.max_concurrent), "CALL_REJECTED")
    if policy.max_setups_per_minute is not None and setups_last_minute >= policy.max_setups_per_minute:
        return Refused(zone, "%d outbound set-ups in the last minute (cap %d)"
                       % (setups_last_minute, policy.max_setups_per_minute), "CALL_REJECTED")
    return Allowed(zone)


@dataclass(frozen=True)
class OutboundLimits:
    """What the dialplan needs to apply the caller's toll policy: the policy (the user's
    own, else the company's, else DEFAULT_POLICY) and the company's current counts."""

    policy: TollPolicy = DEFAULT_POLICY
    concurrent: int = 0
    setups_last_minute: int = 0

    def check(self, home_country: str, e164: str) -> Allowed | Refused:
        return check_outbound(self.policy, home_country, e164, self.concurrent,
                              self.setups_last_minute)
