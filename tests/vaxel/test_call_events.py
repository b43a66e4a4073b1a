"""Call events, the in-process bus, and CDRs turned into CallEnded: plain values only."""
import datetime as dt
import logging

import pytest

from vaxel.calls.bus import EventBus
from vaxel.calls.cdr import call_ended_from_cdr, call_result
from vaxel.calls.events import (
    CallDirection, CallEnded, CallEvent, CallResult, CallStarted,
)

UTC = dt.timezone.utc
T0 = dt.datetime(2025, 1, 14, 9, tzinfo=UTC)


def started(uuid="u1"):
    return CallStarted(uuid, 1, T0, CallDirection.INCOMING, "+46701234567", "+4681234500")


def test_handlers_get_events_of_their_type_and_subclasses():
    bus, seen, every = EventBus(), [], []
    bus.subscribe(CallStarted, seen.append)
    bus.subscribe(CallEvent, every.append)
    bus.publish(started())
    assert seen == [started()] and every == [started()]


def test_a_failing_handler_is_logged_and_the_others_still_run(caplog):
    bus, seen = EventBus(), []

    def broken(event):
        raise RuntimeError("webhook down")
    bus.subscribe(CallStarted, broken)
    bus.subscribe(CallStarted, seen.append)
    with caplog.at_level(logging.ERROR):
        assert bus.publish(started()) == 1
    assert seen == [started()] and "webhook down" in caplog.text


def test_call_ended_knows_durations_and_the_other_party():
    ended = CallEnded("u1", 1, T0 + dt.timedelta(seconds=95), CallDirection.INCOMING,
                      "+46701234567", "+4681234500", T0, T0 + dt.timedelta(seconds=15),
                      CallResult.ANSWERED)
    assert (ended.duration_seconds, ended.talk_seconds) == (95, 80)
    assert ended.other_number == "+46701234567"


@pytest.mark.parametrize("answered, cause, voicemail, result", [
    (True, "NORMAL_CLEARING", False, CallResult.ANSWERED),
    (False, "NO_ANSWER", False, CallResult.MISSED),
    (False, "ORIGINATOR_CANCEL", False, CallResult.MISSED),
    (False, "USER_BUSY", False, CallResult.BUSY),
    (False, "UNALLOCATED_NUMBER", False, CallResult.FAILED),
    (True, "NORMAL_CLEARING", True, CallResult.VOICEMAIL),
])
def test_call_result(answered, cause, voicemail, result):
    assert call_result(answered, cause, voicemail) is result


def test_cdr_becomes_call_ended():
    cdr = {"uuid": "abc", "start_epoch": "1736845200", "answer_epoch": "1736845210",
           "end_epoch": "1736845260", "direction": "outbound", "caller_id_number": "1000",
           "destination_number": "+46701234567", "hangup_cause": "NORMAL_CLEARING"}
    ended = call_ended_from_cdr(cdr, company_id=7, user_id=3)
    assert ended.direction is CallDirection.OUTGOING and ended.result is CallResult.ANSWERED
    assert ended.started_at == dt.datetime(2025, 1, 14, 9, tzinfo=UTC)
    assert (ended.talk_seconds, ended.duration_seconds) == (50, 60)
    assert ended.other_number == "+46701234567" and ended.user_id == 3


def test_unanswered_cdr_has_zero_answer_epoch_and_is_missed():
    cdr = {"uuid": "abc", "start_epoch": "1736845200", "answer_epoch": "0",
           "end_epoch": "1736845230", "vaxel_direction": "incoming",
           "caller_id_number": "+46701234567", "destination_number": "1000",
           "hangup_cause": "ORIGINATOR_CANCEL"}
    ended = call_ended_from_cdr(cdr, company_id=7)
    assert ended.answered_at is None and ended.result is CallResult.MISSED


def test_cdr_with_unknown_direction_is_refused():
    with pytest.raises(ValueError):
        call_ended_from_cdr({"uuid": "x", "start_epoch": "1", "direction": "sideways"}, 1)
