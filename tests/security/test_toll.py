"""Toll policy: zones of a destination and the outbound decision (pure)."""
from __future__ import annotations

import pytest

from vaxel.routing.dialplan import CallFacts, CompanyFacts, decide_call
from vaxel.presence.rules import ProfileView
from vaxel.security.toll import (Allowed, OutboundLimits, Refused, TollPolicy, Zone,
                                 check_outbound, classify)


@pytest.mark.parametrize("number, zone", [
    ("+46701234567", Zone.NATIONAL), ("+46812345678", Zone.NATIONAL),
    ("+4790012345", Zone.NORDIC), ("+4520123456", Zone.NORDIC), ("+358401234567", Zone.NORDIC),
    ("+12025550123", Zone.INTERNATIONAL), ("+4930123456", Zone.INTERNATIONAL),
    ("+46900123456", Zone.PREMIUM), ("+46939123456", Zone.PREMIUM),
    ("+881612345678", Zone.PREMIUM), ("+870123456789", Zone.PREMIUM),
])
def test_zones_from_a_swedish_company(number, zone):
    assert classify(number, "SE") is zone


def test_listed_prefixes_are_blocked_whatever_the_zone():
    assert classify("+46812345678", "SE", ("+468123",)) is Zone.BLOCKED


def test_the_default_policy_keeps_calls_in_the_nordics():
    policy = TollPolicy()
    assert check_outbound(policy, "SE", "+46701234567", 0, 0) == Allowed(Zone.NATIONAL)
    assert isinstance(check_outbound(policy, "SE", "+12025550123", 0, 0), Refused)
    refused = check_outbound(policy, "SE", "+46900123456", 0, 0)
    assert refused.zone is Zone.PREMIUM and refused.cause == "OUTGOING_CALL_BARRED"


def test_premium_must_be_allowed_explicitly():
    policy = TollPolicy(frozenset(Zone) - {Zone.PREMIUM})
    assert isinstance(check_outbound(policy, "SE", "+881612345678", 0, 0), Refused)
    assert isinstance(check_outbound(policy, "SE", "+12025550123", 0, 0), Allowed)


def test_blocked_is_refused_even_when_listed_as_allowed():
    policy = TollPolicy(frozenset(Zone), ("+4681",))
    assert check_outbound(policy, "SE", "+46812345678", 0, 0).zone is Zone.BLOCKED


def test_concurrency_and_rate_caps():
    policy = TollPolicy(max_concurrent=2, max_setups_per_minute=5)
    assert isinstance(check_outbound(policy, "SE", "+46701234567", 1, 4), Allowed)
    assert "outbound calls already up" in check_outbound(policy, "SE", "+46701234567", 2, 0).reason
    assert "set-ups in the last minute" in check_outbound(policy, "SE", "+46701234567", 0, 5).reason


def test_policy_rows_are_read_leniently():
    policy = TollPolicy.from_row("national, premium,bogus", "+4690, ,+881", 3, None)
    assert policy.allowed == {Zone.NATIONAL, Zone.PREMIUM}
    assert policy.blocked_prefixes == ("+4690", "+881")


def _outbound_facts(toll):
    caller = ProfileView("1000")
    return CallFacts("default", "0900123456", company=CompanyFacts(1, "a.example", "SE"),
                     caller=caller, gateway="carrier", toll=toll)


def test_a_barred_call_never_reaches_the_trunk():
    decision = decide_call(_outbound_facts(OutboundLimits()))
    assert decision.name == "toll_refused"
    assert decision.actions[-1].application == "hangup"
    assert decision.actions[-1].data == "OUTGOING_CALL_BARRED"
    assert not any(a.application == "bridge" for a in decision.actions)
    assert "premium" in decision.note


def test_an_allowed_call_still_bridges():
    facts = _outbound_facts(OutboundLimits(TollPolicy(frozenset(Zone) - {Zone.BLOCKED})))
    assert decide_call(facts).actions[-1].data == "sofia/gateway/carrier/+46900123456"
