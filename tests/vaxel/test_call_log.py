"""The call log against PostgreSQL: one row per call whatever is replayed, filters, paging."""
import datetime as dt

import pytest
from sqlalchemy import func, select

from tests.actors import SYSTEM
from vaxel.calls.bus import EventBus
from vaxel.calls.events import CallDirection, CallEnded, CallResult
from vaxel.calls.log import (
    CallFilter, call_log_writer, company_call_log, record_call, user_call_log,
)
from vaxel.calls.models import CallLogEntry
from vaxel.models import Plan
from vaxel.people.services import create_user
from vaxel.tenancy.services import create_company

UTC = dt.timezone.utc
T0 = dt.datetime(2025, 1, 14, 9, tzinfo=UTC)


def ended(company_id, uuid, *, minute=0, direction=CallDirection.INCOMING,
          result=CallResult.ANSWERED, user_id=None, cause="NORMAL_CLEARING"):
    start = T0 + dt.timedelta(minutes=minute)
    answered = start + dt.timedelta(seconds=5) if result is CallResult.ANSWERED else None
    return CallEnded(uuid, company_id, start + dt.timedelta(seconds=65), direction,
                     "+46701234567", "+4681234500", start, answered, result, cause, user_id)


@pytest.fixture
def company(db):
    return create_company(db, SYSTEM, "Acme", "acme.example", plan=Plan.UNLIMITED)


def count(db) -> int:
    return db.scalar(select(func.count()).select_from(CallLogEntry))


def test_the_same_call_ended_twice_is_one_row(db, company):
    record_call(db, ended(company.id, "u1"))
    record_call(db, ended(company.id, "u1"))
    assert count(db) == 1


def test_a_replay_with_newer_facts_updates_the_row(db, company):
    record_call(db, ended(company.id, "u1", result=CallResult.MISSED, cause="NO_ANSWER"))
    record_call(db, ended(company.id, "u1", result=CallResult.VOICEMAIL))
    row = db.scalar(select(CallLogEntry))
    assert row.result is CallResult.VOICEMAIL and row.duration_seconds == 65


def test_company_log_filters_and_pages_newest_first(db, company):
    record_call(db, ended(company.id, "in", minute=0))
    record_call(db, ended(company.id, "out", minute=1, direction=CallDirection.OUTGOING))
    record_call(db, ended(company.id, "missed", minute=2, result=CallResult.MISSED))
    assert [r.call_uuid for r in company_call_log(db, company.id)] == ["missed", "out", "in"]
    assert [r.call_uuid for r in company_call_log(db, company.id, limit=1, offset=1)] == ["out"]
    assert [r.call_uuid for r in company_call_log(db, company.id, which=CallFilter.OUTGOING)] == ["out"]
    assert [r.call_uuid for r in company_call_log(db, company.id, which=CallFilter.MISSED)] == ["missed"]
    assert len(company_call_log(db, company.id, which=CallFilter.INCOMING)) == 2


def test_user_log_shows_only_that_users_calls_in_that_company(db, company):
    alex = create_user(db, SYSTEM, company, "Alex", "1000")
    record_call(db, ended(company.id, "mine", user_id=alex.id))
    record_call(db, ended(company.id, "theirs"))
    other = create_company(db, SYSTEM, "Other", "other.example")
    record_call(db, ended(other.id, "elsewhere", user_id=alex.id))
    assert [r.call_uuid for r in user_call_log(db, company.id, alex.id)] == ["mine"]


def test_bus_subscriber_writes_each_call_once_with_real_commits(committed_db):
    with committed_db() as session, session.begin():
        company_id = create_company(session, SYSTEM, "Acme", "acme.example").id
    bus = EventBus()
    bus.subscribe(CallEnded, call_log_writer(committed_db))
    assert bus.publish(ended(company_id, "u9")) == 0
    assert bus.publish(ended(company_id, "u9")) == 0
    with committed_db() as session:
        assert count(session) == 1
