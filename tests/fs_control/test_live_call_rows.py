"""Which channel events change a live call's row, and how (fs_control.features.call_commands)."""
from fs_control.features.call_commands.commands import live_call_change

A_LEG = "a0000000-0000-0000-0000-000000000001"


def event(name: str, **headers: str) -> dict[str, str]:
    return {"Event-Name": name, **headers}


def test_the_a_leg_says_who_called_and_what_they_dialled():
    change = live_call_change(event("CHANNEL_ANSWER", **{
        "Unique-ID": A_LEG, "Caller-Caller-ID-Number": "1000", "variable_vaxel_dialled": "1001",
        "variable_vaxel_company_id": "7", "variable_vaxel_user_id": "3"}))
    assert change == ("upsert", A_LEG, {"company_id": 7, "user_id": 3, "caller_number": "1000",
                                        "destination": "1001", "state": "ACTIVE"})


def test_a_leg_to_a_phone_says_only_whose_phone_rings_and_whether_it_answered():
    """Seen on the real switch: a click-to-call's leg to the callee's phone has the
    destination "1001%127.0.0.1"; it must not replace the number the user dialled."""
    b_leg = {"Unique-ID": "b0000000-0000-0000-0000-000000000002",
             "variable_originating_leg_uuid": A_LEG, "Caller-Caller-ID-Number": "1001",
             "Caller-Destination-Number": "1001%127.0.0.1",
             "variable_vaxel_company_id": "7", "variable_vaxel_user_id": "4"}
    assert live_call_change(event("CHANNEL_CREATE", **b_leg)) == (
        "upsert", A_LEG, {"company_id": 7, "user_id": 4, "state": "RINGING"})
    assert live_call_change(event("CHANNEL_ANSWER", **b_leg))[2]["state"] == "ACTIVE"
    assert live_call_change(event("CHANNEL_HANGUP_COMPLETE", **b_leg)) is None
