"""What the screens change, and that every change lands in the company's audit log."""
import re

from sqlalchemy import select

from vaxel.models import AuditEntry, Device, Licence, PhoneNumber, User

from .conftest import field_error, flashes, value_of


def _audit(db, company_id):
    return [(e.action, e.object_type) for e in db.scalars(
        select(AuditEntry).where(AuditEntry.company_id == company_id).order_by(AuditEntry.id))]


def test_admin_adds_a_user_and_it_is_audited(portal, world, db):
    portal.login(world.a.admin_email)
    c = world.a.company
    response = portal.post(f"/companies/{c}/users/new", {
        "name": "Nina Berg", "extension": "1050", "email": "nina@alpha.example",
        "recording_enabled": "on"})
    assert response.status_code == 303
    user = db.scalar(select(User).where(User.company_id == c, User.extension == "1050"))
    assert user.recording_enabled
    entry = db.scalar(select(AuditEntry).where(AuditEntry.object_type == "users",
                                               AuditEntry.object_id == str(user.id)))
    assert entry.actor == world.a.admin_email and entry.after["name"] == "Nina Berg"
    page = portal.get(f"/companies/{c}/audit/").text
    assert "Nina Berg" in page


def test_device_password_is_shown_once_and_not_cached(portal, world, db):
    portal.login(world.a.admin_email)
    response = portal.post(f"/companies/{world.a.company}/users/{world.a.admin}/devices",
                           {"kind": "softphone"}, follow_redirects=True)
    assert response.status_code == 200 and response.headers["Cache-Control"] == "no-store"
    assert 'id="sip-password"' in response.text
    device = db.scalar(select(Device).where(Device.user_id == world.a.admin))
    entry = db.scalar(select(AuditEntry).where(AuditEntry.object_type == "device",
                                               AuditEntry.object_id == str(device.id)))
    assert "a1_hash" not in entry.after


def test_refused_input_is_shown_again_beside_the_field_and_changes_nothing(portal, world, db):
    portal.login(world.a.admin_email)
    c = world.a.company
    before = _audit(db, c)
    response = portal.post(f"/companies/{c}/users/new",
                           {"name": "Dup", "extension": "1001", "email": "dup@x.example",
                            "recording_enabled": "on"},
                           headers={"Referer": f"http://localhost/companies/{c}/users/new"})
    assert response.status_code == 409
    assert field_error(response.text, "extension") == "Extension 1001 is already in use."
    assert (value_of(response.text, "name"), value_of(response.text, "email")) == (
        "Dup", "dup@x.example")
    assert re.search(r'name="recording_enabled"[^>]* checked', response.text)
    assert _audit(db, c) == before


def test_licence_life_cycle_from_the_portal(portal, world, db):
    portal.login(world.a.admin_email)
    base = f"/companies/{world.a.company}/licences"
    portal.post(f"{base}/{world.a.licence}/assign", {"user_id": str(world.a.user)})
    portal.post(f"{base}/{world.a.licence}/upgrade")
    portal.post(f"{base}/{world.a.licence}/freeze")
    licence = db.get(Licence, world.a.licence)
    db.refresh(licence)
    assert (licence.user_id, licence.kind.value, licence.status.value) == (world.a.user, "mobile", "frozen")
    assert ("assign", "licence") in _audit(db, world.a.company)


def test_numbers_route_to_users_and_services(portal, world, db):
    portal.login(world.a.admin_email)
    base = f"/companies/{world.a.company}/numbers"
    portal.post(f"{base}/{world.a.number}/route", {"target": f"service:{world.a.service}"})
    number = db.get(PhoneNumber, world.a.number)
    db.refresh(number)
    assert number.service_id == world.a.service and number.user_id is None


def test_switchboard_services_stop_at_the_plan_limit(portal, world, db):
    portal.login(world.a.admin_email)
    base = f"/companies/{world.a.company}/services/"
    for n in range(5):  # the tenant has 3 services; the enterprise plan allows 8
        assert portal.post(base, {"kind": "ivr", "name": f"Menu {n}"}).status_code == 303
    response = portal.post(base, {"kind": "ivr", "name": "One too many"},
                           headers={"Referer": "http://localhost" + base}, follow_redirects=True)
    assert any("enterprise plan allows 8" in f for f in flashes(response.text))


def test_an_admin_cannot_take_away_their_own_rights(portal, world, db):
    portal.login(world.a.admin_email)
    response = portal.post(f"/companies/{world.a.company}/users/{world.a.admin}",
                           {"name": "Alpha Admin", "extension": "1000"}, follow_redirects=True)
    assert "You cannot take away your own admin rights." in flashes(response.text)
    assert db.get(User, world.a.admin).role.value == "admin"


def test_ops_creates_a_company_with_its_first_admin(portal, world, db):
    portal.login(world.ops_email)
    response = portal.post("/ops/companies/new", {
        "name": "Gamma AB", "sip_domain": "gamma.example", "country": "se", "plan": "free",
        "admin_name": "Greta", "admin_extension": "100", "admin_email": "greta@gamma.example",
        "admin_password": "a long enough password"})
    assert response.status_code == 303
    portal.post("/logout")
    portal.login("greta@gamma.example", "a long enough password")
    assert "Gamma AB" in portal.get(portal.get("/").location).text
