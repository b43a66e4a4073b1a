"""Data packages, usage and the enforced top-up limit against PostgreSQL."""
import datetime as dt

import pytest

from tests.actors import SYSTEM
from vaxel.actor import Actor
from vaxel.errors import Conflict, InvalidInput
from vaxel.mobiledata.rules import Payer
from vaxel.mobiledata.services import (
    buy_top_up, end_subscription, month_summary, record_usage, set_subscription,
)
from vaxel.people.services import create_user
from vaxel.tenancy.services import create_company

ANNA = Actor.system("anna")
ADMIN = Actor.system("admin")

NOW = dt.datetime(2030, 3, 15, 12, tzinfo=dt.timezone.utc)


@pytest.fixture
def user(db):
    company = create_company(db, SYSTEM, "Acme", "acme.example")
    return create_user(db, SYSTEM, company, "Anna", "1001")


def test_top_ups_pass_to_the_private_card_after_the_limit(db, user):
    set_subscription(db, user, "1gb", 2, ADMIN)
    assert buy_top_up(db, user, NOW, private_card=False, actor=ANNA).payer is Payer.COMPANY
    assert buy_top_up(db, user, NOW, private_card=False, actor=ANNA).payer is Payer.COMPANY
    with pytest.raises(Conflict):
        buy_top_up(db, user, NOW, private_card=False, actor=ANNA)
    assert buy_top_up(db, user, NOW, private_card=True, actor=ANNA).payer is Payer.PRIVATE_CARD
    next_month = NOW + dt.timedelta(days=31)
    assert buy_top_up(db, user, next_month, private_card=False, actor=ANNA).payer is Payer.COMPANY


def test_no_package_no_top_up(db, user):
    with pytest.raises(Conflict):
        buy_top_up(db, user, NOW, private_card=True, actor=ANNA)
    set_subscription(db, user, "5gb", 1, ADMIN)
    end_subscription(db, user, ADMIN)
    with pytest.raises(Conflict):
        buy_top_up(db, user, NOW, private_card=True, actor=ANNA)


def test_month_summary_adds_usage_and_top_ups(db, user):
    set_subscription(db, user, "1gb", 1, ADMIN)
    record_usage(db, user, dt.date(2030, 3, 1), 300)
    record_usage(db, user, dt.date(2030, 3, 2), 200)
    record_usage(db, user, dt.date(2030, 3, 2), 250)  # a corrected report replaces the day
    record_usage(db, user, dt.date(2030, 2, 28), 999)  # last month
    buy_top_up(db, user, NOW, private_card=False, actor=ANNA)
    summary = month_summary(db, user, NOW)
    assert (summary["usage"].used_mb, summary["usage"].total_mb, summary["company_paid"]) == (
        550, 2048, 1)


def test_unknown_packages_and_limits_are_refused(db, user):
    with pytest.raises(InvalidInput):
        set_subscription(db, user, "7gb", 1, ADMIN)
    with pytest.raises(InvalidInput):
        set_subscription(db, user, "5gb", 99, ADMIN)
