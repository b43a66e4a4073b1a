from sqlalchemy.orm import sessionmaker

from fs_control.call_data import DatabaseCallData
from tests.actors import SYSTEM
from vaxel.models import ServiceKind
from vaxel.people.services import add_mobile_twin, add_sip_device, create_user
from vaxel.switchboard.services import create_service
from vaxel.tenancy.services import create_company


def lookups_for(db):
    return DatabaseCallData(sessionmaker(bind=db.connection(), join_transaction_mode="create_savepoint"))


def test_person_rings_sip_devices_and_mobile_twin_in_company_domain(db):
    acme = create_company(db, SYSTEM, "Acme", "acme.example", main_number="08-123 456 00")
    user = create_user(db, SYSTEM, acme, "Alex", "1001")
    add_sip_device(db, SYSTEM, acme, user)
    add_mobile_twin(db, SYSTEM, acme, user, "070-123 45 67")
    db.flush()
    person = lookups_for(db).person(acme.id, "1001")
    assert [(t.kind, t.address) for t in person.targets] == [
        ("sip", "1001@acme.example"), ("external", "+46701234567")]
    assert person.profile.forward_after_seconds == 20


def test_people_and_services_are_found_only_in_their_own_company(db):
    acme = create_company(db, SYSTEM, "Acme", "acme.example")
    other = create_company(db, SYSTEM, "Other", "other.example")
    create_user(db, SYSTEM, acme, "Alex", "1001")
    menu = create_service(db, SYSTEM, acme, ServiceKind.IVR, "Menu")
    db.flush()
    call_data = lookups_for(db)
    assert call_data.person(other.id, "1001") is None
    assert call_data.service_kind(acme.id, menu.id) == "ivr"
    assert call_data.service_kind(other.id, menu.id) is None


def test_a_user_may_have_devices_rung_in_turn(db):
    acme = create_company(db, SYSTEM, "Acme", "acme.example")
    user = create_user(db, SYSTEM, acme, "Alex", "1001")
    add_sip_device(db, SYSTEM, acme, user)
    user.ring_in_turn = True
    db.flush()
    assert lookups_for(db).person(acme.id, "1001").ring_simultaneously is False
