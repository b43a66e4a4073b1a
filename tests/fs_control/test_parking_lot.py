"""The controller's side of park slots: which channel is whose, what an event says about a
slot (fs_control.features.call_commands, fs_control.features.parking). Pure."""
from __future__ import annotations

import pytest

from fs_control.features.call_commands.commands import call_legs
from fs_control.features.parking.lot import leaving, parked_from
from vaxel.callcontrol.models import LiveCallRow
from vaxel.errors import VaxelError

A_LEG, B_LEG = "a0000000-0000-0000-0000-000000000001", "b0000000-0000-0000-0000-000000000002"


def row(state="ACTIVE", user_id=4) -> LiveCallRow:
    return LiveCallRow(call_uuid=A_LEG, company_id=7, state=state, user_id=user_id)


def test_the_acting_user_is_the_b_leg_when_their_phone_was_rung():
    # A trunk caller (A) rang Daria (user 4): her phone's leg names her.
    assert call_legs(row(), 4, {A_LEG: B_LEG}.get, {B_LEG: "4"}.get) == (A_LEG, B_LEG)


def test_the_caller_of_a_colleague_is_the_a_leg():
    # Alex (user 3) called Daria: the B-leg names Daria, so Alex's own channel is the A-leg.
    assert call_legs(row(), 3, {A_LEG: B_LEG}.get, {B_LEG: "4"}.get) == (B_LEG, A_LEG)


def test_on_a_call_the_user_placed_to_a_number_the_a_leg_is_theirs():
    assert call_legs(row("OUTGOING"), 4, {A_LEG: B_LEG}.get, {}.get) == (B_LEG, A_LEG)


def test_a_call_not_connected_cannot_be_acted_on():
    with pytest.raises(VaxelError):
        call_legs(row(), 4, {}.get, {}.get)
    with pytest.raises(VaxelError):
        call_legs(row(user_id=None), 0, {A_LEG: B_LEG}.get, {}.get)


def park_event(**headers) -> dict[str, str]:
    return {"Event-Name": "CUSTOM", "Event-Subclass": "vaxel::park", "Unique-ID": A_LEG,
            "Caller-Caller-ID-Number": "+46701234567", "variable_vaxel_company_id": "7",
            "variable_vaxel_park_slot": "71", "variable_vaxel_parked_by": "1001", **headers}


def test_the_park_event_names_the_call_its_company_slot_caller_and_parker():
    assert parked_from(park_event()) == (A_LEG, 7, 71, "+46701234567", "1001")


def test_only_an_extension_is_kept_as_whom_to_ring_back():
    assert parked_from(park_event(variable_vaxel_parked_by="1001 XML evil"))[4] == ""
    assert parked_from(park_event(variable_vaxel_parked_by=""))[4] == ""


@pytest.mark.parametrize("headers", [{"Event-Subclass": "other::thing"},
                                     {"variable_vaxel_company_id": ""},
                                     {"variable_vaxel_park_slot": "7 1"}])
def test_any_other_event_parks_nothing(headers):
    assert parked_from(park_event(**headers)) is None


def test_a_bridge_or_a_hang_up_may_take_a_call_off_its_slot():
    assert set(leaving({"Event-Name": "CHANNEL_BRIDGE", "Unique-ID": B_LEG,
                        "Other-Leg-Unique-ID": A_LEG})) == {A_LEG, B_LEG}
    assert leaving({"Event-Name": "CHANNEL_HANGUP_COMPLETE", "Unique-ID": A_LEG}) == (A_LEG,)
    assert leaving({"Event-Name": "CHANNEL_ANSWER", "Unique-ID": A_LEG}) == ()
