"""Scheduled presence profiles with plain values: windows, overlaps, manual choices, DST."""
import datetime as dt

from vaxel.presence.scheduling import (
    ProfileWindow, active_profile, last_scheduled_change, scheduled_profile,
)

UTC = dt.timezone.utc
TZ = "Europe/Stockholm"
WORK, LUNCH, OFF = 1, 2, 3
WEEKDAYS = frozenset(range(5))
WINDOWS = [ProfileWindow(WORK, WEEKDAYS, dt.time(8), dt.time(17)),
           ProfileWindow(LUNCH, WEEKDAYS, dt.time(12), dt.time(13))]


def at(day, hour, minute=0):
    """UTC instant for a January 2025 day at a Stockholm (CET = UTC+1) wall-clock time."""
    return dt.datetime(2025, 1, day, hour - 1, minute, tzinfo=UTC)


def test_inside_work_hours_work_is_scheduled():
    assert scheduled_profile(WINDOWS, at(14, 10), TZ, OFF) == WORK


def test_lunch_inside_work_wins_because_it_started_later():
    assert scheduled_profile(WINDOWS, at(14, 12, 30), TZ, OFF) == LUNCH


def test_outside_every_window_the_fallback_applies():
    assert scheduled_profile(WINDOWS, at(14, 20), TZ, OFF) == OFF
    assert scheduled_profile(WINDOWS, at(18, 10), TZ, None) is None  # Saturday, no fallback


def test_last_change_is_the_end_of_lunch():
    assert last_scheduled_change(WINDOWS, at(14, 15), TZ, OFF) == at(14, 13)


def test_last_change_over_the_weekend_is_friday_evening():
    assert last_scheduled_change(WINDOWS, at(19, 12), TZ, OFF) == at(17, 17)


def test_manual_choice_wins_until_the_next_scheduled_change():
    manual_at = at(14, 9)
    assert active_profile(WINDOWS, OFF, manual_at, at(14, 11), TZ, OFF) == OFF
    assert active_profile(WINDOWS, OFF, manual_at, at(14, 12, 1), TZ, OFF) == LUNCH


def test_manual_choice_older_than_the_last_change_is_overridden():
    assert active_profile(WINDOWS, OFF, at(13, 20), at(14, 10), TZ, OFF) == WORK


def test_without_schedule_or_fallback_the_manual_choice_stays():
    assert active_profile([], LUNCH, at(13, 20), at(14, 10), TZ) == LUNCH
    assert active_profile([], None, None, at(14, 10), TZ) is None


def test_windows_follow_the_wall_clock_across_dst():
    # Monday 31 March 2025 is CEST: 08:00 local = 06:00 UTC.
    morning = dt.datetime(2025, 3, 31, 6, 0, tzinfo=UTC)
    assert scheduled_profile(WINDOWS, morning, TZ, OFF) == WORK
    assert scheduled_profile(WINDOWS, morning - dt.timedelta(minutes=1), TZ, OFF) == OFF


def test_night_window_past_midnight():
    night = [ProfileWindow(OFF, frozenset({4}), dt.time(22), dt.time(6))]
    assert scheduled_profile(night, at(18, 3), TZ, WORK) == OFF  # Saturday 03:00
