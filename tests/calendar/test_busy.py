"""The pure busy decision: which stretches a feed blocks, and whether a meeting is on now."""
import datetime as dt
from pathlib import Path

import pytest

from vaxel.calendar.busy import BadFeed, Busy, busy_intervals, meeting_until, merge

UTC = dt.timezone.utc
FEED = (Path(__file__).parent / "feed.ics").read_bytes()
TZ = "Europe/Stockholm"


def utc(month, day, hour, minute=0):
    return dt.datetime(2025, month, day, hour, minute, tzinfo=UTC)


def busy_in(since, until):
    return busy_intervals(FEED, since, until, TZ)


def test_weekly_standup_in_stockholm_time_with_exdate_and_cancelled_occurrence():
    got = busy_in(utc(1, 6, 0), utc(1, 16, 0))
    standups = [b for b in got if b.end - b.start == dt.timedelta(minutes=30)]
    # Mon 6th, (Wed 8th excluded), Wed 15th; Mon 13th cancelled. 09:00 CET = 08:00 UTC.
    assert [b.start for b in standups] == [utc(1, 6, 8), utc(1, 15, 8)]


def test_recurrence_follows_daylight_saving_time():
    got = busy_in(utc(3, 31, 0), utc(4, 1, 0))
    assert got == [Busy(utc(3, 31, 7), utc(3, 31, 7, 30))]  # 09:00 CEST = 07:00 UTC


def test_transparent_and_tentative_events_do_not_block():
    got = busy_in(utc(1, 7, 0), utc(1, 8, 0))
    assert got == [Busy(utc(1, 7, 12), utc(1, 7, 13))]


def test_all_day_event_blocks_the_whole_local_day():
    got = busy_in(utc(1, 10, 0), utc(1, 11, 0))
    assert Busy(utc(1, 9, 23), utc(1, 10, 23)) in got


def test_free_busy_periods_count_unless_free():
    feed = b"""BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VFREEBUSY\r\nDTSTART:20250107T000000Z\r
DTEND:20250108T000000Z\r\nFREEBUSY;FBTYPE=BUSY:20250107T090000Z/PT1H\r
FREEBUSY;FBTYPE=FREE:20250107T120000Z/20250107T130000Z\r\nEND:VFREEBUSY\r\nEND:VCALENDAR\r\n"""
    assert busy_intervals(feed, utc(1, 7, 0), utc(1, 8, 0), TZ) == [Busy(utc(1, 7, 9), utc(1, 7, 10))]


def test_garbage_is_a_bad_feed():
    with pytest.raises(BadFeed):
        busy_intervals(b"<html>login</html>", utc(1, 7, 0), utc(1, 8, 0), TZ)


def test_back_to_back_meetings_are_one_meeting():
    a, b = Busy(utc(1, 7, 9), utc(1, 7, 10)), Busy(utc(1, 7, 10), utc(1, 7, 11))
    assert merge([b, a]) == [Busy(utc(1, 7, 9), utc(1, 7, 11))]
    assert meeting_until([a, b], utc(1, 7, 9, 30)) == utc(1, 7, 11)


def test_no_meeting_outside_busy_time_and_end_is_exclusive():
    a = Busy(utc(1, 7, 9), utc(1, 7, 10))
    assert meeting_until([a], utc(1, 7, 8, 59)) is None
    assert meeting_until([a], utc(1, 7, 10)) is None
