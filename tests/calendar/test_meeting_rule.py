"""The presence rule with calendar meetings, on plain values (vaxel.presence.scheduling)."""
import datetime as dt

from vaxel.presence.scheduling import Meeting, ProfileWindow, active_profile

UTC = dt.timezone.utc
TZ = "Europe/Stockholm"
WORK, LUNCH, MEETING, OFF = 1, 2, 3, 4
LUNCH_WINDOW = ProfileWindow(LUNCH, frozenset(range(5)), dt.time(12), dt.time(13))


def at(hour, minute=0):
    """Tuesday 7 January 2025, Stockholm wall clock (CET)."""
    return dt.datetime(2025, 1, 7, hour - 1, minute, tzinfo=UTC)


CALL = Meeting(at(12, 30), at(14), MEETING)


def test_meeting_beats_a_window_that_started_earlier_or_later():
    assert active_profile([LUNCH_WINDOW], None, None, at(12, 45), TZ, WORK, [CALL]) == MEETING
    inner = Meeting(at(11), at(12, 30), MEETING)
    assert active_profile([LUNCH_WINDOW], None, None, at(12, 15), TZ, WORK, [inner]) == MEETING


def test_after_the_meeting_the_schedule_decides_again():
    assert active_profile([LUNCH_WINDOW], None, None, at(14), TZ, WORK, [CALL]) == WORK


def test_manual_choice_in_a_meeting_holds_until_its_end_only_if_the_schedule_decides():
    assert active_profile([], OFF, at(13), at(13, 30), TZ, None, [CALL]) == OFF
    assert active_profile([], OFF, at(13), at(14, 30), TZ, WORK, [CALL]) == WORK


def test_manual_choice_made_before_the_meeting_yields_to_it_and_returns_after():
    assert active_profile([], OFF, at(9), at(13), TZ, None, [CALL]) == MEETING
    assert active_profile([], OFF, at(9), at(14, 1), TZ, None, [CALL]) == OFF


def test_without_schedule_or_manual_choice_the_pre_meeting_profile_resumes():
    assert active_profile([], None, None, at(14, 1), TZ, None, [CALL],
                          resume_profile_id=WORK) == WORK
    assert active_profile([], None, None, at(15), TZ, None, [], resume_profile_id=None) is None
