"""Opening schedules in PostgreSQL: defaults, per-service schedules, holidays, the override."""
import datetime as dt

import pytest

from tests.actors import SYSTEM
from vaxel.errors import InvalidInput, NotFound
from vaxel.models import Plan, ServiceKind
from vaxel.routing.destinations import Destination, DestinationKind
from vaxel.schedules.public_holidays import public_holidays
from vaxel.schedules.rules import Reason, WeeklyHours
from vaxel.schedules.services import (
    add_exception, create_schedule, lift_override, opening, prefill_public_holidays,
    schedule_for, set_override, set_weekly_hours,
)
from vaxel.switchboard.services import create_service
from vaxel.tenancy.services import create_company

UTC = dt.timezone.utc
TUESDAY_10_CET = dt.datetime(2025, 1, 14, 9, tzinfo=UTC)


@pytest.fixture
def company(db):
    return create_company(db, SYSTEM, "Acme", "acme.example", plan=Plan.UNLIMITED)


@pytest.fixture
def office_hours(db, company):
    schedule = create_schedule(db, company, closed_destination="voicemail:1000")
    set_weekly_hours(db, SYSTEM, schedule,
                     [WeeklyHours(d, dt.time(8), dt.time(17)) for d in range(5)])
    return schedule


def test_without_a_schedule_the_company_is_always_open(db, company):
    result = opening(db, company.id, None, TUESDAY_10_CET)
    assert result.state.open and result.state.reason is Reason.NO_SCHEDULE


def test_default_schedule_decides_and_names_the_closed_destination(db, company, office_hours):
    result = opening(db, company.id, None, TUESDAY_10_CET.replace(hour=20))
    assert not result.state.open
    assert result.closed_destination == Destination(DestinationKind.VOICEMAIL, "1000")


def test_a_service_uses_its_own_schedule_else_the_default(db, company, office_hours):
    queue = create_service(db, SYSTEM, company, ServiceKind.QUEUE, "Support")
    sales = create_service(db, SYSTEM, company, ServiceKind.QUEUE, "Sales")
    own = create_schedule(db, company, service=queue)
    assert schedule_for(db, company.id, queue.id) is own
    assert schedule_for(db, company.id, sales.id) is office_hours
    assert not opening(db, company.id, queue.id, TUESDAY_10_CET).state.open


def test_schedule_for_another_companys_service_is_refused(db, company):
    other = create_company(db, SYSTEM, "Other", "other.example")
    service = create_service(db, SYSTEM, other, ServiceKind.QUEUE, "Theirs")
    with pytest.raises(NotFound):
        create_schedule(db, company, service=service)


def test_bad_closed_destination_is_refused(db, company):
    with pytest.raises(InvalidInput):
        create_schedule(db, company, closed_destination="nowhere:1")


def test_one_click_close_until_lifted(db, company, office_hours):
    set_override(db, SYSTEM, office_hours, False, now=TUESDAY_10_CET)
    assert opening(db, company.id, None, TUESDAY_10_CET).state.reason is Reason.OVERRIDE
    assert lift_override(db, SYSTEM, office_hours)
    assert opening(db, company.id, None, TUESDAY_10_CET).state.open


def test_override_in_the_past_is_refused(db, office_hours):
    with pytest.raises(InvalidInput):
        set_override(db, SYSTEM, office_hours, True, now=TUESDAY_10_CET, until=TUESDAY_10_CET)


def test_half_day_exception_from_the_database(db, company, office_hours):
    add_exception(db, SYSTEM, office_hours, dt.date(2025, 1, 14), opens=dt.time(8),
                  closes=dt.time(9), name="Kick-off")
    state = opening(db, company.id, None, TUESDAY_10_CET).state
    assert not state.open and state.note == "Kick-off"


def test_half_day_needs_both_times(db, office_hours):
    with pytest.raises(InvalidInput):
        add_exception(db, SYSTEM, office_hours, dt.date(2025, 1, 14), opens=dt.time(8))


def test_prefilled_swedish_holidays_close_midsummer_eve_and_keep_existing_days(db, company,
                                                                                office_hours):
    add_exception(db, SYSTEM, office_hours, dt.date(2025, 12, 24), opens=dt.time(9),
                  closes=dt.time(12))
    added = prefill_public_holidays(db, SYSTEM, office_hours, "SE", 2025)
    assert dt.date(2025, 6, 20) in {e.day for e in added}
    assert dt.date(2025, 12, 24) not in {e.day for e in added}
    midsummer_eve_noon = dt.datetime(2025, 6, 20, 10, tzinfo=UTC)
    assert not opening(db, company.id, None, midsummer_eve_noon).state.open


def test_public_holidays_have_local_names_and_mark_eves():
    days = {h.day: h for h in public_holidays("SE", 2025)}
    assert days[dt.date(2025, 6, 6)].name == "Nationaldagen"
    assert days[dt.date(2025, 12, 24)].eve
    assert dt.date(2025, 12, 24) not in {h.day for h in public_holidays("SE", 2025,
                                                                         include_eves=False)}


def test_public_holidays_for_an_unknown_country_are_refused():
    with pytest.raises(InvalidInput):
        public_holidays("XX", 2025)
