"""Dialplan answers for calls from phones and trunks, against the database."""
from __future__ import annotations

import pytest

from tests.actors import SYSTEM
from vaxel.actor import Actor
from vaxel.models import DeviceKind, ForwardKind, Trunk
from vaxel.people.services import add_mobile_twin, add_sip_device, create_user
from vaxel.tenancy.services import create_company

from .fixtures import PASSWORD, SNIPPET
from .helpers import actions, answer, dialplan_form, is_not_found, public_form


@pytest.mark.parametrize("dialled, e164", [
    ("0701234567", "+46701234567"),
    ("004520123456", "+4520123456"),
    ("+4520123456", "+4520123456"),
])
def test_outbound_numbers_are_normalised_and_leave_through_the_trunk(world, client, dialled, e164):
    steps = actions(answer(client, dialplan_form(dialled)))
    assert ("bridge", f"sofia/gateway/carrier/{e164}") in steps
    assert ("set", "effective_caller_id_number=+46812344600") in steps


def test_outbound_caller_id_follows_the_profile(db, world, client):
    world.users["1000"].active_profile.caller_id_number = "+46812344611"
    db.flush()
    steps = actions(answer(client, dialplan_form("0701234567")))
    assert ("set", "effective_caller_id_number=+46812344611") in steps
    world.users["1000"].active_profile.hide_caller_id = True
    db.flush()
    steps = actions(answer(client, dialplan_form("0701234567")))
    assert ("privacy", "full") in steps
    assert not any(data.startswith("effective_caller_id_number") for _, data in steps)


@pytest.mark.parametrize("number", ["112", "911", "999"])
def test_emergency_numbers_always_route_out_with_a_caller_id(db, world, client, number):
    world.users["1000"].active_profile.hide_caller_id = True
    create_user(db, SYSTEM, world.company, "Confusing Extension", "112")
    db.flush()
    steps = actions(answer(client, dialplan_form(number)))
    assert ("bridge", f"sofia/gateway/carrier/{number}") in steps
    assert ("set", "effective_caller_id_number=+46812344600") in steps


def test_platform_trunk_is_used_when_the_company_has_none(db, world, client):
    world.trunk.enabled = False
    db.add(Trunk(company_id=None, name="platform", gateway="platform-gw", priority=50))
    db.flush()
    assert ("bridge", "sofia/gateway/platform-gw/+46701234567") in actions(
        answer(client, dialplan_form("0701234567")))


def test_colleague_extension_rings_devices_then_voicemail(db, world, client):
    add_mobile_twin(db, SYSTEM, world.company, world.users["1001"], "0701112233")
    db.flush()
    steps = actions(answer(client, dialplan_form("1001")))
    assert ("set", "call_timeout=20") in steps
    whose = (f"[leg_timeout=20,vaxel_company_id={world.company.id},"
             f"vaxel_user_id={world.users['1001'].id},vaxel_intent=internal]")
    assert ("bridge", f"{whose}user/1001@127.0.0.1,"
                      f"{whose}sofia/gateway/carrier/+46701112233") in steps
    assert ("set", "vaxel_destination=voicemail:1001") in steps
    assert ("set", "vaxel_intent=forward") in steps


def test_forward_to_an_external_number_goes_through_the_trunk(db, world, client):
    profile = world.users["1001"].active_profile
    profile.forward_kind, profile.forward_target = ForwardKind.EXTERNAL, "+46709998877"
    db.flush()
    steps = actions(answer(client, dialplan_form("1001")))
    assert steps[-2:] == [("bridge", "sofia/gateway/carrier/+46709998877"),
                          ("hangup", "NORMAL_TEMPORARY_FAILURE")]


def test_unknown_or_hostile_destinations_are_not_found(world, client):
    for dialled in ("1999", "${system(touch x)}", "4600;x", "", "$${var}"):
        assert is_not_found(answer(client, dialplan_form(dialled)))


def test_a_phone_cannot_reach_into_another_company(db, world, client):
    other = create_company(db, SYSTEM, "Other AB", "other.example")
    user = create_user(db, SYSTEM, other, "Stranger", "2000")
    add_sip_device(db, SYSTEM, other, user, DeviceKind.SOFTPHONE, password=PASSWORD)
    db.flush()
    assert is_not_found(answer(client, dialplan_form("2000")))
    steps = actions(answer(client, dialplan_form("4600", caller="2000", domain="other.example")))
    assert not steps  # other.example has no 4600 and no trunk


def test_outbound_needs_an_identified_caller(world, client):
    assert is_not_found(answer(client, dialplan_form("0701234567", caller="9999")))


def test_public_call_to_a_user_number_rings_the_user(db, world, client):
    from vaxel.numbers.services import add_number
    add_number(db, SYSTEM, world.company, "+46812344610", user=world.users["1002"])
    db.flush()
    steps = actions(answer(client, public_form("4610")))
    assert ("bridge", f"[leg_timeout=20,vaxel_company_id={world.company.id},"
                      f"vaxel_user_id={world.users['1002'].id},vaxel_intent=inbound]"
                      "user/1002@127.0.0.1") in steps
    assert ("set", "vaxel_intent=inbound") in steps


def test_public_calls_from_unknown_addresses_or_to_unknown_numbers_are_not_found(world, client):
    assert is_not_found(answer(client, public_form("4601", source_ip="198.51.100.7")))
    assert is_not_found(answer(client, public_form("4699")))


def test_a_company_trunk_only_reaches_its_own_company(db, world, client):
    other = create_company(db, SYSTEM, "Other AB", "other.example")
    db.add(Trunk(company_id=other.id, name="other-trunk", gateway="other",
                 source_addresses=["192.0.2.0/24"], inbound_prefix="+4681234", priority=1))
    db.flush()
    assert is_not_found(answer(client, public_form("4601", source_ip="192.0.2.9")))


def test_ops_snippets_come_ahead_of_the_generated_extension(db, world, client):
    from vaxel.dialplan_snippets.services import create_snippet
    create_snippet(db, world.company.id, "party line", "default", SNIPPET,
                   Actor.system("ops@example.com"))
    db.flush()
    document = answer(client, dialplan_form("5555"))
    names = [e.get("name") for e in document.iter("extension")]
    assert names[0] == "opening-party"
    assert ("playback", "party.wav") in actions(document)
    other = answer(client, dialplan_form("0701234567"))
    assert [e.get("name") for e in other.iter("extension")] == ["outbound"]


def test_snippets_never_touch_an_emergency_call(db, world, client):
    from vaxel.dialplan_snippets.services import create_snippet
    create_snippet(db, None, "catch all", "default",
                   SNIPPET.replace("^5555$", "^.*$"), Actor.system("ops@example.com"))
    db.flush()
    document = answer(client, dialplan_form("112"))
    assert [e.get("name") for e in document.iter("extension")] == ["emergency"]


def test_a_conference_room_number_goes_to_the_controller_for_its_pin(db, world, client):
    from vaxel.conference.services import own_room

    room = own_room(db, SYSTEM, world.users["1001"])
    db.flush()
    steps = actions(answer(client, dialplan_form(room.number)))
    assert ("set", f"vaxel_destination=conference:{room.id}") in steps
    assert any(app == "socket" for app, _ in steps)
    # Another company's phone dialling the same number reaches no room of ours.
    assert not any("conference" in data for _, data in actions(
        answer(client, dialplan_form(room.number, domain="other.example"))))
