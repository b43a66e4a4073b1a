"""The new-phone page (issue 15, item 11): what a phone needs to register, as text and as
a QR code, and reloading the page never adds another phone."""
from __future__ import annotations

from sqlalchemy import func, select

from vaxel.models import Device


def _count(db, user_id: int) -> int:
    return db.scalar(select(func.count()).select_from(Device).where(Device.user_id == user_id))


def test_adding_a_phone_redirects_to_its_page_and_a_reload_adds_nothing(portal, world, db):
    portal.login(world.a.admin_email)
    base = f"/companies/{world.a.company}/users/{world.a.admin}"
    before = _count(db, world.a.admin)
    response = portal.post(f"{base}/devices", {"kind": "softphone"})
    assert response.status_code == 303
    page = portal.get(response.location)
    assert page.headers["Cache-Control"] == "no-store"
    text = page.text
    assert 'id="sip-password"' in text and "alpha.example" in text
    assert 'id="sip-server"' in text and ":5060" in text
    assert "<svg" in text and 'id="sip-qr"' in text
    # Reloading the page (a GET) shows the same phone and adds none.
    again = portal.get(response.location)
    assert again.status_code == 200 and 'id="sip-password"' in again.text
    assert _count(db, world.a.admin) == before + 1
    # Once the page is left, the password is gone for good; the rest stays readable.
    portal.get(base)
    later = portal.get(response.location).text
    assert 'id="sip-password"' not in later and 'id="sip-user"' in later


def test_the_sip_server_is_the_public_address_when_set(app, portal, world):
    app.config["VAXEL_SETTINGS"] = app.config["VAXEL_SETTINGS"].__class__.from_env(
        {"VAXEL_SECRET_KEY": "x", "VAXEL_EXTERNAL_IP": "203.0.113.7"})
    portal.login(world.a.admin_email)
    response = portal.post(f"/companies/{world.a.company}/users/{world.a.admin}/devices",
                           {"kind": "desk"}, follow_redirects=True)
    assert "203.0.113.7:5060" in response.text


def test_another_users_device_is_not_found_under_this_user(portal, world):
    portal.login(world.a.admin_email)
    url = f"/companies/{world.a.company}/users/{world.a.admin}/devices/{world.a.device}/new"
    assert portal.get(url).status_code == 404
