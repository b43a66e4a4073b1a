import datetime as dt

import pytest
from sqlalchemy import select

from tests.actors import SYSTEM
from vaxel.credentials import a1_hash
from vaxel.demo import COLLEAGUES, load_demo
from vaxel.errors import Conflict, InvalidInput, NotFound, PlanLimitReached, WeakCredential
from vaxel.models import (Company, Device, LicenceKind, LicenceStatus, Plan, ServiceKind,
                          User)
from vaxel.numbers.services import add_number
from vaxel.people.licences import (assign_licence, buy_licence, freeze_licence,
                                   terminate_licence, upgrade_to_mobile)
from vaxel.people.services import add_sip_device, create_user
from vaxel.switchboard.services import create_service
from vaxel.tenancy.services import create_company


@pytest.fixture
def company(db):
    return create_company(db, SYSTEM, "Acme", "acme.example", plan=Plan.FREE)


def test_new_user_gets_default_profiles_with_work_active(db, company):
    user = create_user(db, SYSTEM, company, "Alex Nguyen", "1000")
    assert [p.name for p in user.profiles] == ["Work", "Lunch", "Meeting", "Off"]
    assert user.active_profile.name == "Work"


def test_extensions_are_unique_per_company_but_may_repeat_across_companies(db, company):
    create_user(db, SYSTEM, company, "A", "1000")
    with pytest.raises(Conflict):
        create_user(db, SYSTEM, company, "B", "1000")
    other = create_company(db, SYSTEM, "Other", "other.example")
    create_user(db, SYSTEM, other, "C", "1000")


def test_device_stores_only_the_digest_hash(db, company):
    user = create_user(db, SYSTEM, company, "A", "1000")
    new = add_sip_device(db, SYSTEM, company, user)
    assert new.device.a1_hash == a1_hash("1000", "acme.example", new.password)
    assert new.password not in repr(vars(new.device))
    second = add_sip_device(db, SYSTEM, company, user)
    assert second.device.sip_username == "1000-2"


def test_weak_chosen_password_is_refused(db, company):
    user = create_user(db, SYSTEM, company, "A", "1000")
    with pytest.raises(WeakCredential):
        add_sip_device(db, SYSTEM, company, user, password="1000")


def test_plan_limit_is_enforced_in_the_domain(db, company):
    create_service(db, SYSTEM, company, ServiceKind.IVR, "Menu")
    with pytest.raises(PlanLimitReached):
        create_service(db, SYSTEM, company, ServiceKind.QUEUE, "Queue")


def test_numbers_route_to_user_or_service_of_the_same_company_only(db, company):
    user = create_user(db, SYSTEM, company, "A", "1000")
    number = add_number(db, SYSTEM, company, "08-123 456 00", user=user)
    assert number.e164 == "+46812345600"
    other = create_company(db, SYSTEM, "Other", "other.example")
    stranger = create_user(db, SYSTEM, other, "B", "1000")
    with pytest.raises(NotFound):
        add_number(db, SYSTEM, company, "08-123 456 01", user=stranger)
    with pytest.raises(Conflict):
        add_number(db, SYSTEM, other, "+46812345600")


def test_licence_lifecycle(db, company):
    alex = create_user(db, SYSTEM, company, "Alex", "1000")
    daria = create_user(db, SYSTEM, company, "Daria", "1001")
    licence = buy_licence(db, SYSTEM, company, LicenceKind.FIXED, bound_until=dt.date(2027, 1, 1))
    assign_licence(db, SYSTEM, licence, alex)
    db.flush()
    assign_licence(db, SYSTEM, licence, daria)  # moving is assigning to someone else
    assert licence.user_id == daria.id
    upgrade_to_mobile(db, SYSTEM, licence)
    assert licence.kind is LicenceKind.MOBILE
    with pytest.raises(InvalidInput):
        upgrade_to_mobile(db, SYSTEM, licence)
    freeze_licence(db, SYSTEM, licence)
    with pytest.raises(Conflict):
        terminate_licence(db, SYSTEM, licence, dt.date(2026, 12, 1))
    terminate_licence(db, SYSTEM, licence, dt.date(2027, 1, 2))
    assert licence.status is LicenceStatus.TERMINATED and licence.user_id is None


def test_a_user_holds_one_licence_at_a_time(db, company):
    alex = create_user(db, SYSTEM, company, "Alex", "1000")
    assign_licence(db, SYSTEM, buy_licence(db, SYSTEM, company, LicenceKind.FIXED), alex)
    db.flush()
    with pytest.raises(Conflict):
        assign_licence(db, SYSTEM, buy_licence(db, SYSTEM, company, LicenceKind.FIXED), alex)


def test_demo_company_has_the_brochure_colleagues(db):
    demo = load_demo(db, "demo.example", passwords={"1000": "Demo-pass-2026"})
    names = db.scalars(select(User.name).join(Company).where(Company.sip_domain == "demo.example"))
    assert sorted(names) == sorted(n for n, _ in COLLEAGUES)
    alex = db.scalar(select(Device).where(Device.sip_username == "1000"))
    assert alex.a1_hash == a1_hash("1000", "demo.example", "Demo-pass-2026")
    assert demo.passwords["1000"] == "Demo-pass-2026"
