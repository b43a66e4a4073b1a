"""Expected wait, announcements, admission and overflow: pure queue decisions."""
from vaxel.queues.estimate import (QueueFigures, announcement_text, expected_wait_seconds,
                                   wait_phrase)
from vaxel.queues.models import AgentState as S
from vaxel.queues.rules import (DEFAULT_OVERFLOW, AgentMove, QueueView, admission, after_call,
                               after_missed, missed_too_often, real_moves)
from vaxel.routing.destinations import Destination, DestinationKind as K

VIEW = QueueView(service_id=1, company_id=1)


def test_expected_wait_serves_callers_ahead_a_round_of_agents_at_a_time():
    figures = QueueFigures(agents_serving=2, avg_handle_seconds=120, avg_wait_seconds=30)
    assert expected_wait_seconds(1, figures) == 60
    assert expected_wait_seconds(2, figures) == 60
    assert expected_wait_seconds(3, figures) == 180


def test_expected_wait_falls_back_to_recent_waits_then_unknown():
    assert expected_wait_seconds(4, QueueFigures(0, None, 95.0)) == 95
    assert expected_wait_seconds(4, QueueFigures(0, None, None)) is None


def test_wait_phrases_round_to_minutes():
    assert wait_phrase(20) == "less than a minute"
    assert wait_phrase(80) == "about 1 minute"
    assert wait_phrase(290) == "about 5 minutes"


def test_announcement_says_only_what_the_queue_is_set_to_say():
    text = announcement_text(3, 130, say_position=True, say_wait=False, offer_callback=True)
    assert text.startswith("You are number 3 in the queue.") and "press 1" in text
    assert "waiting time" not in text
    assert announcement_text(3, None, say_position=False, say_wait=True,
                             offer_callback=False) == ""


def test_nobody_logged_in_sends_callers_where_the_queue_says():
    view = QueueView(1, 1, no_agents_destination="voicemail:2000")
    assert admission(view, waiting=0, logged_in=0) == Destination(K.VOICEMAIL, "2000")
    assert admission(VIEW, waiting=0, logged_in=0) is None  # default: wait anyway


def test_a_full_queue_overflows():
    view = QueueView(1, 1, max_length=2, overflow_destination="service:7")
    assert admission(view, waiting=1, logged_in=3) is None
    assert admission(view, waiting=2, logged_in=3) == Destination(K.SERVICE, "7")
    assert admission(QueueView(1, 1, max_length=1), 1, 1) == DEFAULT_OVERFLOW


def test_agents_are_set_away_after_the_configured_misses():
    assert not missed_too_often(2, 3) and missed_too_often(3, 3)
    assert not missed_too_often(50, 0)


def test_a_missed_offer_rests_the_agent_and_too_many_send_them_away():
    assert after_missed(2, 3) is S.WRAP_UP
    assert after_missed(3, 3) is S.AWAY
    assert after_missed(50, 0) is S.WRAP_UP  # 0: never set away


def test_a_finished_call_wraps_up_only_when_the_queue_has_wrap_up_time():
    assert after_call(30) is S.WRAP_UP
    assert after_call(0) is S.AVAILABLE


def test_only_moves_that_change_the_state_are_announced_in_order():
    ring = AgentMove(1, 7, S.AVAILABLE, S.RINGING)
    kept = AgentMove(1, 8, S.ON_CALL, S.ON_CALL)
    talk = AgentMove(1, 7, S.RINGING, S.ON_CALL)
    assert real_moves([ring, kept, talk]) == [ring, talk]
    assert not kept.real
