"""Scheduled presence profiles against PostgreSQL: the periodic apply and manual choices."""
import datetime as dt

import pytest

from tests.actors import SYSTEM
from vaxel.errors import InvalidInput, NotFound
from vaxel.models import Company, Plan
from vaxel.people.services import create_user
from vaxel.presence.services import (
    ProfileChange, add_profile_schedule, apply_scheduled_profiles, choose_profile,
    set_fallback_profile,
)
from vaxel.tenancy.services import create_company


UTC = dt.timezone.utc
WEEKDAYS = range(5)


def at(day, hour, minute=0):
    """UTC instant for a January 2025 day at a Stockholm (CET) wall-clock time."""
    return dt.datetime(2025, 1, day, hour - 1, minute, tzinfo=UTC)


@pytest.fixture
def user(db):
    company = create_company(db, SYSTEM, "Acme", "acme.example", plan=Plan.UNLIMITED)
    return create_user(db, SYSTEM, company, "Alex", "1000")


def profile(user, name):
    return next(p for p in user.profiles if p.name == name)


@pytest.fixture
def lunch_schedule(db, user):
    add_profile_schedule(db, SYSTEM, user, profile(user, "Lunch"), WEEKDAYS, dt.time(12),
                         dt.time(13))
    set_fallback_profile(db, SYSTEM, user, profile(user, "Work"))


def test_schedule_switches_to_lunch_and_back(db, user, lunch_schedule):
    work, lunch = profile(user, "Work"), profile(user, "Lunch")
    assert apply_scheduled_profiles(db, at(14, 11)) == []
    assert apply_scheduled_profiles(db, at(14, 12, 1)) == [ProfileChange(user.id, work.id, lunch.id)]
    assert apply_scheduled_profiles(db, at(14, 12, 30)) == []
    assert apply_scheduled_profiles(db, at(14, 13, 1)) == [ProfileChange(user.id, lunch.id, work.id)]
    assert user.active_profile_id == work.id


def test_manual_choice_holds_until_the_next_scheduled_change(db, user, lunch_schedule):
    meeting = profile(user, "Meeting")
    choose_profile(db, SYSTEM, user, meeting, at(14, 9))
    assert apply_scheduled_profiles(db, at(14, 10)) == []
    assert user.active_profile_id == meeting.id
    apply_scheduled_profiles(db, at(14, 12, 1))
    assert user.active_profile_id == profile(user, "Lunch").id


def test_profile_set_directly_elsewhere_counts_as_manual(db, user, lunch_schedule):
    apply_scheduled_profiles(db, at(14, 10))
    user.active_profile_id = profile(user, "Off").id  # e.g. the portal writing the column
    assert apply_scheduled_profiles(db, at(14, 11)) == []
    assert user.active_profile_id == profile(user, "Off").id


def test_another_users_profile_is_refused(db, user):
    other = create_user(db, SYSTEM, db.get(Company, user.company_id), "B", "1001")
    with pytest.raises(NotFound):
        add_profile_schedule(db, SYSTEM, user, profile(other, "Off"), WEEKDAYS, dt.time(8),
                             dt.time(9))


def test_weekdays_must_be_real(db, user):
    with pytest.raises(InvalidInput):
        add_profile_schedule(db, SYSTEM, user, profile(user, "Off"), [7], dt.time(8), dt.time(9))
