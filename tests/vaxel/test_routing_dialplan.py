"""The dialplan decision with plain values: no database, no FreeSWITCH."""
from __future__ import annotations

import pytest

from vaxel.people.models import ForwardKind
from vaxel.presence.rules import ProfileView
from vaxel.routing.dialplan import (Action, CallFacts, CompanyFacts, ServiceTarget, UserTarget,
                                    decide_call, dialled_e164, inbound_e164)
from vaxel.routing.fstext import FULLWIDTH_DOLLAR, display_text

ACME = CompanyFacts(7, "acme.example", "SE", "+46812345600")
ALEX = ProfileView(extension="1000")
RINGS_DARIA = "vaxel_company_id=7,vaxel_user_id=3,vaxel_intent=internal"  # each leg says whose


def facts(dialled: str, **kw) -> CallFacts:
    kw.setdefault("company", ACME)
    kw.setdefault("caller", ALEX)
    kw.setdefault("gateway", "carrier")
    return CallFacts(kw.pop("context", "default"), dialled, **kw)


def target(extension="1001", **profile) -> UserTarget:
    return UserTarget(3, extension, ProfileView(extension=extension, **profile),
                      sip_usernames=(extension, f"{extension}-2"))


def test_service_extension_goes_to_the_controller_with_a_fallback():
    decision = decide_call(facts("4600", service=ServiceTarget(5), controller="10.0.0.1:8084"))
    assert decision.actions[:4] == (
        Action("set", "vaxel_company_id=7"), Action("set", "vaxel_destination=service:5"),
        Action("set", "vaxel_intent=internal"), Action("set", "vaxel_dialled=4600"))
    assert decision.actions[-2:] == (Action("socket", "10.0.0.1:8084 async full"),
                                     Action("hangup", "NORMAL_TEMPORARY_FAILURE"))


def test_behind_kamailio_a_call_the_controller_does_not_take_says_so_for_another_node():
    decision = decide_call(facts("4600", service=ServiceTarget(5), controller="10.0.0.1:8084",
                                 behind_proxy=True))
    # kamailio-conf's failure route matches this reason phrase.
    assert decision.actions[-3:] == (Action("socket", "10.0.0.1:8084 async full"),
                                     Action("respond", "503 Controller Unavailable"),
                                     Action("hangup", "NORMAL_TEMPORARY_FAILURE"))


def test_colleague_rings_for_the_profile_time_then_voicemail():
    decision = decide_call(facts("1001", user=target(forward_after_seconds=15)))
    assert Action("set", "call_timeout=15") in decision.actions
    assert Action("bridge", f"[leg_timeout=15,{RINGS_DARIA}]user/1001@acme.example,"
                            f"[leg_timeout=15,{RINGS_DARIA}]user/1001-2@acme.example") in decision.actions
    assert Action("set", "vaxel_destination=voicemail:1001") in decision.actions


def test_profile_not_accepting_direct_calls_forwards_at_once():
    decision = decide_call(facts("1001", user=target(accept_direct=False,
                                                     forward_kind=ForwardKind.USER,
                                                     forward_target="1002")))
    assert not any(a.application == "bridge" for a in decision.actions)
    assert Action("set", "vaxel_destination=user:1002") in decision.actions


def test_forward_to_external_number_bridges_through_the_trunk():
    decision = decide_call(facts("1001", user=target(forward_kind=ForwardKind.EXTERNAL,
                                                     forward_target="+46701234567")))
    assert decision.actions[-2] == Action("bridge", "sofia/gateway/carrier/+46701234567")


def test_outbound_is_normalised_with_the_profile_caller_id():
    caller = ProfileView(extension="1000", caller_id_number="+46812345611")
    decision = decide_call(facts("08-123 456 99".replace("-", "").replace(" ", ""), caller=caller))
    assert decision.actions == (Action("set", "effective_caller_id_number=+46812345611"),
                                Action("set", "vaxel_intent=outbound"),
                                Action("set", "vaxel_dialled=+46812345699"),
                                Action("set", "hangup_after_bridge=true"),
                                Action("bridge", "sofia/gateway/carrier/+46812345699"))


def test_hidden_caller_id_uses_privacy_and_shows_no_number():
    decision = decide_call(facts("0701234567", caller=ProfileView(extension="1000",
                                                                  hide_caller_id=True)))
    assert Action("privacy", "full") in decision.actions
    assert not any("effective_caller_id_number" in a.data for a in decision.actions)


@pytest.mark.parametrize("number", ["112", "911", "999"])
def test_emergency_wins_over_an_extension_and_shows_the_number(number):
    hidden = ProfileView(extension="1000", hide_caller_id=True)
    decision = decide_call(facts(number, caller=hidden, user=target(number)))
    assert decision.actions[-1] == Action("bridge", f"sofia/gateway/carrier/{number}")
    assert decision.actions[0] == Action("set", "effective_caller_id_number=+46812345600")


@pytest.mark.parametrize("kw", [
    dict(company=None), dict(caller=None), dict(gateway=None), dict(gateway="bad gw"),
])
def test_outbound_without_company_caller_or_usable_trunk_is_not_routed(kw):
    assert decide_call(facts("0701234567", **kw)) is None


@pytest.mark.parametrize("dialled", ["${system(x)}", "12 34", "", "1999", "+", "1;2"])
def test_non_numbers_and_impossible_numbers_are_not_routed(dialled):
    assert decide_call(facts(dialled)) is None


def test_public_calls_reach_only_users_and_services():
    assert decide_call(facts("+46812345601", context="public")) is None
    inbound = decide_call(facts("+46812345601", context="public", service=ServiceTarget(2)))
    assert Action("set", "vaxel_intent=inbound") in inbound.actions
    assert decide_call(facts("1000", context="features", user=target())) is None


def test_unsafe_names_in_data_are_dropped_not_escaped():
    user = UserTarget(3, "1001", ProfileView(extension="1001"),
                      sip_usernames=("${system(x)}", "1001"), twin_numbers=("+46${x}",))
    bridge = next(a for a in decide_call(facts("1001", user=user)).actions if a.application == "bridge")
    assert bridge.data == f"[leg_timeout=20,{RINGS_DARIA}]user/1001@acme.example"


def test_number_normalisation():
    assert dialled_e164("0046701234567", "SE") == "+46701234567"
    assert dialled_e164("20123456", "DK") == "+4520123456"
    assert dialled_e164("123", "SE") is None
    assert inbound_e164("4601", "SE", "+4681234") == "+46812344601"
    assert inbound_e164("+4520123456", "SE", "+4681234") == "+4520123456"
    assert inbound_e164("08123456", "SE") == "+468123456"


def test_display_text_makes_expansions_inert():
    assert display_text("${system(touch x)}") == f"{FULLWIDTH_DOLLAR}{{system(touch x)}}"
    assert "$" not in display_text("$${var}")
    assert display_text("a\r\nb") == "a  b"


def test_unsafe_forward_target_becomes_a_message_not_action_data():
    decision = decide_call(facts("1001", user=target(forward_kind=ForwardKind.USER,
                                                     forward_target="${system(touch x)}")))
    assert Action("set", "vaxel_destination=message:unavailable") in decision.actions
    assert not any("$" in a.data for a in decision.actions)


def test_calls_rung_by_the_dialplan_carry_what_the_call_log_needs():
    internal = decide_call(facts("1001", user=target()))
    assert Action("set", "vaxel_intent=internal") in internal.actions
    assert Action("set", "vaxel_company_id=7") in internal.actions
    assert not any(a.data.startswith("vaxel_user_id=") for a in internal.actions)
    inbound = decide_call(facts("+46812345601", context="public", user=target()))
    assert Action("set", "vaxel_intent=inbound") in inbound.actions
    assert Action("set", "vaxel_user_id=3") in inbound.actions


def test_devices_rung_in_turn_share_the_ring_time():
    user = UserTarget(3, "1001", ProfileView(extension="1001", forward_after_seconds=20),
                      sip_usernames=("1001", "1001-2"), ring_in_turn=True)
    bridge = next(a for a in decide_call(facts("1001", user=user)).actions
                  if a.application == "bridge")
    assert bridge.data == (f"[leg_timeout=10,{RINGS_DARIA}]user/1001@acme.example|"
                           f"[leg_timeout=10,{RINGS_DARIA}]user/1001-2@acme.example")


def test_133_from_a_phone_opens_the_callers_own_mailbox_menu():
    decision = decide_call(facts("133"))
    assert decision.name == "voicemail_menu"
    assert decision.actions[0] == Action("set", "vaxel_voicemail=listen")
    assert Action("set", f"vaxel_destination=voicemail:{ALEX.extension}") in decision.actions
    assert decision.actions[-2].application == "socket"
    assert decide_call(facts("133", context="public")) is None  # never from a trunk


def test_recorded_users_calls_are_recorded_into_the_store():
    recorded = UserTarget(3, "1001", ProfileView(extension="1001"), sip_usernames=("1001",),
                          recorded=True)
    decision = decide_call(facts("1001", user=recorded, record_to="/var/lib/vaxel/recordings"))
    assert Action("record_session", "/var/lib/vaxel/recordings/calls/${uuid}.wav") \
        in decision.actions
    assert Action("set", "vaxel_recorded_user=3") in decision.actions
    outbound = decide_call(facts("0701234567", caller=ProfileView(extension="1000"),
                                 caller_user_id=9, caller_recorded=True, record_to="/rec"))
    assert Action("set", "vaxel_recorded_user=9") in outbound.actions


def test_no_recording_into_an_unsafe_folder_or_for_users_without_the_add_on():
    recorded = UserTarget(3, "1001", ProfileView(extension="1001"), sip_usernames=("1001",),
                          recorded=True)
    for folder in (None, "relative", "/a b", "/x/../etc", "/${x}"):
        decision = decide_call(facts("1001", user=recorded, record_to=folder))
        assert not any(a.application == "record_session" for a in decision.actions)
    plain = decide_call(facts("1001", user=target(), record_to="/rec"))
    assert not any(a.application == "record_session" for a in plain.actions)


def test_each_leg_names_the_user_it_rings():
    """FreeSWITCH gives a B-leg the directory's variables only by its hang-up: the ringing
    and answered webhooks read whose phone rings from the leg's own variables."""
    user = UserTarget(3, "1001", ProfileView(extension="1001"), sip_usernames=("1001",),
                      twin_numbers=("+46701234567",))
    decision = decide_call(facts("+46812345601", context="public", user=user,
                                 gateway="trunk1"))
    bridge = next(a for a in decision.actions if a.application == "bridge")
    whose = "vaxel_company_id=7,vaxel_user_id=3,vaxel_intent=inbound]"
    assert bridge.data.count(whose) == 2, bridge.data
