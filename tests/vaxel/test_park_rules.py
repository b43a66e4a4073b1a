"""Park slots, the park route and the switch commands of the console's call actions: plain
values, no database, no FreeSWITCH."""
from __future__ import annotations

import datetime as dt

import pytest

from vaxel.callcontrol import fsapi
from vaxel.callcontrol.parking import Lot, due_for_ring_back
from vaxel.errors import InvalidInput
from vaxel.routing.dialplan import Action, CallFacts, CompanyFacts, ParkSlot, decide_call

ACME = CompanyFacts(7, "acme.example", "SE")
PARKED = "5f0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"
AGENT = "6a0c1a2b-3c4d-4e5f-8a9b-0c1d2e3f4a5b"


@pytest.mark.parametrize("dialled, slot", [("70", 70), ("79", 79), ("80", None), ("69", None),
                                           ("070", None), ("7a", None), ("", None)])
def test_a_slot_is_a_number_of_the_lot(dialled, slot):
    assert Lot().slot_of(dialled) == slot


def test_the_first_free_slot_is_taken_and_none_when_all_are():
    lot = Lot(first_slot=800, slot_count=3)
    assert lot.free_slot({800, 802}) == 801
    assert lot.free_slot({800, 801, 802}) is None


@pytest.mark.parametrize("lot", [Lot(slot_count=0), Lot(slot_count=101), Lot(first_slot=0),
                                 Lot(timeout_seconds=5), Lot(timeout_seconds=4000)])
def test_a_lot_out_of_bounds_is_refused(lot):
    with pytest.raises(InvalidInput):
        lot.check()


def test_a_parked_call_is_due_for_ring_back_after_the_lots_timeout():
    parked = dt.datetime(2026, 1, 1, 12, 0, tzinfo=dt.timezone.utc)
    lot = Lot(timeout_seconds=60)
    assert not due_for_ring_back(parked, parked + dt.timedelta(seconds=59), lot)
    assert due_for_ring_back(parked, parked + dt.timedelta(seconds=60), lot)


def park_facts(park: ParkSlot, **kw) -> CallFacts:
    return CallFacts("default", str(park.slot), company=ACME, park=park, **kw)


def test_dialling_an_empty_slot_parks_the_call_with_music_and_tells_the_controller():
    decision = decide_call(park_facts(ParkSlot(71)))
    assert decision.actions == (
        Action("set", "vaxel_company_id=7"), Action("set", "vaxel_dialled=71"),
        Action("set", "vaxel_park_slot=71"), Action("answer"),
        Action("event", "Event-Name=CUSTOM,Event-Subclass=vaxel::park"),
        Action("endless_playback", "local_stream://moh"), Action("hangup", "NORMAL_CLEARING"))


def test_dialling_a_taken_slot_takes_the_parked_call():
    decision = decide_call(park_facts(ParkSlot(71, PARKED)))
    assert Action("intercept", PARKED) in decision.actions
    assert not any(a.application == "endless_playback" for a in decision.actions)


def test_a_parked_uuid_that_is_no_uuid_never_reaches_the_dialplan():
    decision = decide_call(park_facts(ParkSlot(71, "x ${system(rm)}")))
    assert not any(a.application == "intercept" for a in decision.actions)
    assert "system" not in str(decision.actions)


def test_an_extension_or_a_service_wins_over_a_slot():
    """Only a number that is no one's is a slot (the lookup loads a slot only then)."""
    from vaxel.routing.dialplan import ServiceTarget
    decision = decide_call(park_facts(ParkSlot(71), service=ServiceTarget(3)))
    assert Action("set", "vaxel_destination=service:3") in decision.actions


def test_park_tells_the_channel_whom_to_ring_back_and_its_company_then_sends_it_to_the_slot():
    assert fsapi.park(PARKED, 72, "1001", "acme.example") == [
        f"uuid_setvar {PARKED} vaxel_parked_by 1001",
        f"uuid_setvar {PARKED} domain_name acme.example",
        f"uuid_transfer {PARKED} 72 XML default"]
    # Whatever a parker's extension holds, only digits reach the command.
    assert fsapi.park(PARKED, 72, "1 2", "acme.example")[0] == \
        f"uuid_setvar {PARKED} vaxel_parked_by "


def test_hold_and_unhold():
    assert fsapi.hold(AGENT) == f"uuid_hold {AGENT}"
    assert fsapi.hold(AGENT, on=False) == f"uuid_hold off {AGENT}"


@pytest.mark.parametrize("mode, aleg, bleg", [("listen", "false", "false"),
                                              ("whisper", "true", "false"),
                                              ("barge", "true", "true")])
def test_supervising_rings_the_supervisor_into_eavesdrop_on_the_agent(mode, aleg, bleg):
    command = fsapi.supervise(PARKED, ["1002"], "acme.example", 7, 3, AGENT, mode)
    assert command.endswith(f"user/1002@acme.example &eavesdrop({AGENT})")
    # whisper_aleg is the eavesdropped channel (the agent's), whisper_bleg its partner.
    assert f"eavesdrop_whisper_aleg={aleg}," in command
    assert f"eavesdrop_whisper_bleg={bleg}" in command
    assert "eavesdrop_enable_dtmf=false" in command  # no digit turns listening into talking


def test_an_unknown_mode_is_refused():
    with pytest.raises(InvalidInput):
        fsapi.supervise(PARKED, ["1002"], "acme.example", 7, 3, AGENT, "shout")
