"""Opening hours decided with plain values: weekly hours, midnight, DST, exceptions, overrides."""
import datetime as dt

import pytest

from vaxel.schedules.rules import (
    DayException, Override, Reason, ScheduleView, WeeklyHours, is_open,
)

UTC = dt.timezone.utc
T = dt.time
WEEKDAYS_8_17 = tuple(WeeklyHours(d, T(8), T(17)) for d in range(5))


def utc(*args) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def view(weekly=WEEKDAYS_8_17, exceptions=(), override=None) -> ScheduleView:
    return ScheduleView("Europe/Stockholm", weekly, exceptions, override)


def test_open_within_weekly_hours_until_closing_time():
    # Tuesday 2025-01-14 10:00 CET = 09:00 UTC; closes 17:00 CET = 16:00 UTC.
    state = is_open(view(), utc(2025, 1, 14, 9))
    assert state.open and state.reason is Reason.HOURS
    assert state.until == utc(2025, 1, 14, 16)


def test_closed_in_the_evening_until_next_morning():
    state = is_open(view(), utc(2025, 1, 14, 16, 30))
    assert not state.open and state.reason is Reason.HOURS
    assert state.until == utc(2025, 1, 15, 7)


def test_closed_over_the_weekend_until_monday_morning():
    state = is_open(view(), utc(2025, 1, 18, 12))  # Saturday
    assert not state.open
    assert state.until == utc(2025, 1, 20, 7)


def test_window_past_midnight_stays_open_into_the_next_day():
    night = (WeeklyHours(4, T(22), T(2)),)  # Friday 22:00 – Saturday 02:00
    state = is_open(view(night), utc(2025, 1, 18, 0, 30))  # Saturday 01:30 CET
    assert state.open
    assert state.until == utc(2025, 1, 18, 1)


def test_window_past_midnight_is_closed_after_it_ends():
    night = (WeeklyHours(4, T(22), T(2)),)
    assert not is_open(view(night), utc(2025, 1, 18, 1, 30)).open


def test_opening_time_follows_the_wall_clock_across_spring_dst():
    # Winter: 08:00 CET = 07:00 UTC; after 2025-03-30 08:00 CEST = 06:00 UTC.
    assert not is_open(view(), utc(2025, 3, 28, 6, 30)).open
    assert is_open(view(), utc(2025, 3, 31, 6, 30)).open
    closed_friday = is_open(view(), utc(2025, 3, 28, 17))
    assert closed_friday.until == utc(2025, 3, 31, 6)


def test_night_window_over_the_dst_jump_is_one_hour_shorter():
    night = (WeeklyHours(5, T(22), T(6)),)  # Saturday 29 March 22:00 CET → Sunday 06:00 CEST
    state = is_open(view(night), utc(2025, 3, 29, 23))
    assert state.open
    assert state.until == utc(2025, 3, 30, 4)


def test_autumn_dst_keeps_local_closing_time():
    # 2025-10-27 is a Monday in CET again: 17:00 local = 16:00 UTC.
    assert is_open(view(), utc(2025, 10, 24, 14)).until == utc(2025, 10, 24, 15)
    assert is_open(view(), utc(2025, 10, 27, 14)).until == utc(2025, 10, 27, 16)


def test_holiday_is_closed_all_day_and_says_why():
    xmas = DayException(dt.date(2025, 12, 25), name="Juldagen")
    state = is_open(view(exceptions=(xmas,)), utc(2025, 12, 25, 10))
    assert not state.open and state.reason is Reason.EXCEPTION
    assert state.note == "Juldagen"
    assert state.until == utc(2025, 12, 26, 7)


def test_half_day_has_its_own_hours():
    eve = DayException(dt.date(2025, 4, 30), T(8), T(12), "Valborg")
    v = view(exceptions=(eve,))
    morning = is_open(v, utc(2025, 4, 30, 8))
    assert morning.open and morning.reason is Reason.EXCEPTION
    assert morning.until == utc(2025, 4, 30, 10)
    assert not is_open(v, utc(2025, 4, 30, 11)).open


def test_holiday_does_not_cut_a_window_opened_the_evening_before():
    night = (WeeklyHours(4, T(22), T(2)),)
    saturday = DayException(dt.date(2025, 1, 18), name="closed")
    assert is_open(view(night, (saturday,)), utc(2025, 1, 18, 0, 30)).open


def test_override_closed_wins_until_lifted():
    state = is_open(view(override=Override(open=False)), utc(2025, 1, 14, 9))
    assert not state.open and state.reason is Reason.OVERRIDE and state.until is None


def test_override_open_with_until_expires_back_to_the_schedule():
    until = utc(2025, 1, 18, 14)
    v = view(override=Override(open=True, until=until))
    during = is_open(v, utc(2025, 1, 18, 12))
    assert during.open and during.reason is Reason.OVERRIDE and during.until == until
    after = is_open(v, until)
    assert not after.open and after.reason is Reason.HOURS


def test_no_hours_at_all_is_closed_with_no_end():
    state = is_open(view(weekly=()), utc(2025, 1, 14, 9))
    assert not state.open and state.until is None


def test_round_the_clock_hours_are_open_with_no_end():
    always = tuple(WeeklyHours(d, T(0), T(0)) for d in range(7))
    state = is_open(view(always), utc(2025, 1, 14, 9))
    assert state.open and state.until is None


def test_naive_instants_are_refused():
    with pytest.raises(ValueError):
        is_open(view(), dt.datetime(2025, 1, 14, 9))
