"""Calendar presence end to end: a feed served over local HTTP, fetched and stored, then the
presence scheduler switching the user to Meeting for a busy event and back after it."""
import datetime as dt
from pathlib import Path

import pytest

from tests.actors import SYSTEM
from tests.integrations.receiver import Receiver
from vaxel.calendar.busy import BadFeed
from vaxel.calendar.feed import http_feed, url_checker
from vaxel.calendar.models import CalendarBusy, CalendarLink
from vaxel.calendar.services import link_calendar, refresh_feeds, unlink_calendar
from vaxel.errors import InvalidInput
from vaxel.models import Plan
from vaxel.people.models import User
from vaxel.presence.services import (
    add_profile_schedule, apply_scheduled_profiles, choose_profile,
)
from vaxel.tenancy.services import create_company
from vaxel.people.services import create_user


UTC = dt.timezone.utc
FEED = (Path(__file__).parent / "feed.ics").read_text()


def utc(month, day, hour, minute=0):
    return dt.datetime(2025, month, day, hour, minute, tzinfo=UTC)


@pytest.fixture
def feed_server():
    server = Receiver(answer=lambda r: (200, "text/calendar", FEED)).start()
    yield server
    server.stop()


@pytest.fixture
def linked(committed_db, feed_server):
    """A Stockholm company's user with the feed linked; answers the user's id."""
    with committed_db.begin() as s:
        company = create_company(s, SYSTEM, "Acme", "acme.example", plan=Plan.UNLIMITED)
        user = create_user(s, SYSTEM, company, "Alex", "1000")
        link_calendar(s, SYSTEM, user, feed_server.url + "/basic.ics",
                      url_checker(allow_private=True))
        return user.id


def profile_name(factory, user_id):
    with factory.begin() as s:
        user = s.get(User, user_id)
        return next(p.name for p in user.profiles if p.id == user.active_profile_id)


def apply(factory, now):
    with factory.begin() as s:
        return apply_scheduled_profiles(s, now)


def refresh(factory, now, allow_private=True):
    return refresh_feeds(factory, http_feed(allow_private=allow_private), now)


def test_busy_standup_switches_to_meeting_and_back(committed_db, linked, feed_server):
    assert refresh(committed_db, utc(1, 6, 7)) == 1
    assert feed_server.received[0].path == "/basic.ics"
    apply(committed_db, utc(1, 6, 7, 59))
    assert profile_name(committed_db, linked) == "Work"
    assert len(apply(committed_db, utc(1, 6, 8))) == 1  # 09:00 in Stockholm
    assert profile_name(committed_db, linked) == "Meeting"
    with committed_db.begin() as s:
        assert s.get(CalendarLink, linked).in_meeting_until == utc(1, 6, 8, 30)
    apply(committed_db, utc(1, 6, 8, 30))
    assert profile_name(committed_db, linked) == "Work"


def test_excluded_occurrence_does_not_switch(committed_db, linked):
    refresh(committed_db, utc(1, 8, 7))
    assert apply(committed_db, utc(1, 8, 8, 10)) == []
    assert profile_name(committed_db, linked) == "Work"


def test_all_day_event_holds_the_whole_local_day_and_resumes_the_manual_choice(committed_db, linked):
    with committed_db.begin() as s:
        user = s.get(User, linked)
        choose_profile(s, SYSTEM, user, next(p for p in user.profiles if p.name == "Lunch"),
                       utc(1, 9, 12))
    refresh(committed_db, utc(1, 9, 22))
    apply(committed_db, utc(1, 9, 23))  # midnight in Stockholm
    assert profile_name(committed_db, linked) == "Meeting"
    apply(committed_db, utc(1, 10, 22, 59))
    assert profile_name(committed_db, linked) == "Meeting"
    apply(committed_db, utc(1, 10, 23))
    assert profile_name(committed_db, linked) == "Lunch"


def test_manual_choice_during_a_meeting_holds_until_it_ends(committed_db, linked):
    refresh(committed_db, utc(1, 7, 10))
    apply(committed_db, utc(1, 7, 12))  # the 12:00 UTC customer call
    with committed_db.begin() as s:
        user = s.get(User, linked)
        user.active_profile_id = next(p.id for p in user.profiles if p.name == "Work")
    assert apply(committed_db, utc(1, 7, 12, 30)) == []
    assert profile_name(committed_db, linked) == "Work"


def test_meeting_wins_over_a_weekly_window_that_starts_inside_it(committed_db, linked):
    with committed_db.begin() as s:
        user = s.get(User, linked)
        lunch = next(p for p in user.profiles if p.name == "Lunch")
        add_profile_schedule(s, SYSTEM, user, lunch, range(5), dt.time(13, 30),
                             dt.time(14, 30))
    refresh(committed_db, utc(1, 7, 10))
    apply(committed_db, utc(1, 7, 12, 45))  # 13:45 local: inside both the call and Lunch
    assert profile_name(committed_db, linked) == "Meeting"
    apply(committed_db, utc(1, 7, 13, 5))
    assert profile_name(committed_db, linked) == "Lunch"


def test_a_failing_feed_keeps_the_last_busy_times_and_records_the_error(committed_db, linked,
                                                                      feed_server):
    refresh(committed_db, utc(1, 6, 7))
    feed_server.answer = lambda r: (500, "text/plain", "oops")
    refresh(committed_db, utc(1, 6, 7, 5))
    with committed_db.begin() as s:
        assert s.get(CalendarLink, linked).last_error == "HTTP 500"
        assert s.query(CalendarBusy).count() > 0
    apply(committed_db, utc(1, 6, 8, 5))
    assert profile_name(committed_db, linked) == "Meeting"


def test_private_addresses_are_refused_unless_ops_allow_them(committed_db, linked):
    refresh(committed_db, utc(1, 6, 7), allow_private=False)
    with committed_db.begin() as s:
        assert s.get(CalendarLink, linked).last_error  # the guard refused 127.0.0.1
        assert s.query(CalendarBusy).count() == 0
        user = s.get(User, linked)
        with pytest.raises(InvalidInput):
            link_calendar(s, SYSTEM, user, "http://127.0.0.1/x.ics",
                          url_checker(allow_private=False))
        with pytest.raises(InvalidInput):
            link_calendar(s, SYSTEM, user, "file:///etc/passwd",
                          url_checker(allow_private=True))


def test_unlinking_forgets_the_busy_times(committed_db, linked):
    refresh(committed_db, utc(1, 6, 7))
    with committed_db.begin() as s:
        unlink_calendar(s, SYSTEM, s.get(User, linked))
    with committed_db.begin() as s:
        assert s.query(CalendarBusy).count() == 0


def test_the_controller_round_fetches_every_linked_feed(committed_db, linked, feed_server):
    from fs_control.features.calendar.feeds import feed_round
    assert feed_round(committed_db, http_feed(allow_private=True))() == 1
    assert len(feed_server.received) == 1


def test_a_feed_that_failed_last_round_is_read_after_the_others(committed_db, feed_server):
    """The reader reads one feed at a time: a feed that ran to its deadline last round
    waits for everyone else's this round (issue 13: one company's hostile feed must not
    delay the others' calendar presence round after round)."""
    def parse(feed, since, until, tz):
        if feed == "slow":
            raise BadFeed("the feed took more than 30 s to read")
        return []

    with committed_db.begin() as s:
        hostile = create_company(s, SYSTEM, "Hostile", "hostile.example", plan=Plan.UNLIMITED)
        acme = create_company(s, SYSTEM, "Acme", "acme.example", plan=Plan.UNLIMITED)
        for company, name in ((hostile, "slow"), (acme, "fine")):  # the hostile one first
            user = create_user(s, SYSTEM, company, name, "1000")
            link_calendar(s, SYSTEM, user, f"{feed_server.url}/{name}.ics",
                          url_checker(allow_private=True))
    fetch = lambda url: url.rsplit("/", 1)[1].removesuffix(".ics")  # noqa: E731
    turns: list[list[str]] = []

    def each(refresh, items):  # as the controller's pool of fetchers, all at once
        turns.append([fetch(item.url) for item in items])
        for item in items:
            refresh(item)
    refresh_feeds(committed_db, fetch, utc(1, 6, 7), parse, each=each)
    assert turns == [["slow", "fine"], []]  # first round: nothing known, all at once
    turns.clear()
    refresh_feeds(committed_db, fetch, utc(1, 6, 7, 5), parse, each=each)
    assert turns == [["fine"], ["slow"]]  # the hostile feed starts when the others are done
