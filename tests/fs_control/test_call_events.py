from fs_control.call_events import call_ended
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


def test_b_legs_and_foreign_channels_are_not_logged():
    assert call_ended({**A_LEG, "variable_originating_leg_uuid": "a-leg"}) is None
    assert call_ended({**A_LEG, "variable_vaxel_company_id": ""}) is None


def test_an_unanswered_call_is_missed_and_a_broken_cdr_is_skipped():
    missed = call_ended({**A_LEG, "variable_answer_epoch": "0",
                         "variable_hangup_cause": "ORIGINATOR_CANCEL"})
    assert missed.result is CallResult.MISSED
    assert call_ended({**A_LEG, "variable_start_epoch": ""}) is None
