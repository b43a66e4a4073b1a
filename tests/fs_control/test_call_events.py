import datetime as dt

from fs_control.call_events import call_answered, call_ended, call_ringing
from vaxel.calls.events import CallDirection, CallResult

A_LEG = {
    "Event-Name": "CHANNEL_HANGUP_COMPLETE", "Unique-ID": "a-leg",
    "variable_vaxel_company_id": "7", "variable_vaxel_user_id": "3",
    "variable_vaxel_intent": "inbound", "variable_vaxel_dialled": "+46812345600",
    "variable_start_epoch": "1795861091", "variable_answer_epoch": "1795861103",
    "variable_end_epoch": "1795861113", "variable_hangup_cause": "NORMAL_CLEARING",
    "Caller-Caller-ID-Number": "+46701234567", "Caller-Caller-ID-Name": "Kund",
    "Caller-Destination-Number": "4601", "Call-Direction": "inbound",
}


def test_an_a_leg_of_a_company_becomes_a_call_log_event():
    ended = call_ended(A_LEG)
    assert ended.company_id == 7 and ended.user_id == 3
    assert ended.direction is CallDirection.INCOMING
    assert ended.result is CallResult.ANSWERED and ended.talk_seconds == 10
    assert ended.to_number == "+46812345600"


def test_a_click_to_call_is_logged_from_the_user_who_clicked():
    """Seen on the real switch: the originated leg's caller ID is its device's address."""
    ended = call_ended({**A_LEG, "Caller-Caller-ID-Number": "1000%127.0.0.1",
                        "variable_vaxel_caller": "1000", "variable_vaxel_intent": "internal",
                        "variable_vaxel_dialled": "1001"})
    assert (ended.from_number, ended.to_number) == ("1000", "1001")
    assert ended.direction is CallDirection.INTERNAL


def test_b_legs_and_foreign_channels_are_not_logged():
    assert call_ended({**A_LEG, "variable_originating_leg_uuid": "a-leg"}) is None
    assert call_ended({**A_LEG, "variable_vaxel_company_id": ""}) is None


def test_an_unanswered_call_is_missed_and_a_broken_cdr_is_skipped():
    missed = call_ended({**A_LEG, "variable_answer_epoch": "0",
                         "variable_hangup_cause": "ORIGINATOR_CANCEL"})
    assert missed.result is CallResult.MISSED
    assert call_ended({**A_LEG, "variable_start_epoch": ""}) is None


# -- ringing and answered ---------------------------------------------------------------------
B_LEG = {
    "Event-Name": "CHANNEL_CREATE", "Unique-ID": "b-leg", "Event-Date-Timestamp":
    "1795861091500000", "variable_originating_leg_uuid": "a-leg",
    "variable_vaxel_company_id": "7", "variable_vaxel_user_id": "3",
    "variable_vaxel_intent": "inbound", "variable_vaxel_dialled": "+46812345600",
    "Caller-Caller-ID-Number": "+46701234567", "Caller-Caller-ID-Name": "Kund",
    "Caller-Destination-Number": "1001",
}


def test_a_b_leg_ringing_a_user_is_the_a_legs_call_ringing_that_user():
    started, ringing = call_ringing(B_LEG)
    assert (ringing.call_uuid, ringing.company_id, ringing.user_ids) == ("a-leg", 7, (3,))
    assert ringing.at == dt.datetime(2026, 11, 28, 10, 18, 11, 500000, dt.timezone.utc)  # µs since the epoch
    assert started.call_uuid == "a-leg" and started.direction is CallDirection.INCOMING
    assert started.from_number == "+46701234567" and started.to_number == "+46812345600"


def test_a_colleague_calling_rings_as_an_internal_call():
    started, _ = call_ringing({**B_LEG, "variable_vaxel_intent": "internal"})
    assert started.direction is CallDirection.INTERNAL


def test_channels_that_ring_nobody_of_ours_are_not_ringing():
    assert call_ringing({**B_LEG, "variable_originating_leg_uuid": ""}) is None  # an A-leg
    assert call_ringing({**B_LEG, "variable_vaxel_user_id": ""}) is None  # a trunk leg
    assert call_ringing({**B_LEG, "variable_vaxel_company_id": "x"}) is None


def test_a_phone_picking_up_answers_the_a_legs_call_for_its_user():
    answered = call_answered({**B_LEG, "Event-Name": "CHANNEL_ANSWER"})
    assert (answered.call_uuid, answered.company_id, answered.user_id) == ("a-leg", 7, 3)


def test_an_outgoing_call_answered_by_the_far_end_is_answered_for_the_caller():
    a_leg = {"Event-Name": "CHANNEL_ANSWER", "Unique-ID": "out-1",
             "variable_vaxel_company_id": "7", "variable_vaxel_user_id": "3",
             "variable_vaxel_intent": "outbound"}
    answered = call_answered(a_leg)
    assert (answered.call_uuid, answered.user_id) == ("out-1", 3)
    assert call_answered({**a_leg, "variable_vaxel_user_id": ""}).user_id is None


def test_an_inbound_a_leg_answered_by_the_switchboard_is_not_a_user_answering():
    assert call_answered({"Event-Name": "CHANNEL_ANSWER", "Unique-ID": "in-1",
                          "variable_vaxel_company_id": "7",
                          "variable_vaxel_intent": "inbound"}) is None
    assert call_answered({"Event-Name": "CHANNEL_ANSWER", "Unique-ID": "x"}) is None
