"""Linking a user's calendar on their page: the API's rules (vaxel.calendar), audited
with the feed's host only (the address is a secret), never for another company's user."""
from __future__ import annotations

from sqlalchemy import select

from vaxel.calendar.models import CalendarLink
from vaxel.models import AuditEntry, PresenceProfile

from .conftest import flashes

FEED = "https://93.184.216.34/secret-token/basic.ics"


def _calendar_audit(db) -> list[AuditEntry]:
    return list(db.scalars(select(AuditEntry).where(AuditEntry.object_type == "calendar_link")
                           .order_by(AuditEntry.id)))


def test_an_admin_links_a_users_calendar_and_it_is_audited_without_the_address(
        portal, world, db):
    portal.login(world.a.admin_email)
    page = f"/companies/{world.a.company}/users/{world.a.user}"
    portal.post(f"{page}/calendar", {"url": "webcal://93.184.216.34/secret-token/basic.ics"})
    link = db.get(CalendarLink, world.a.user)
    assert link.ics_url == FEED
    assert db.get(PresenceProfile, link.meeting_profile_id).name == "Meeting"
    shown = portal.get(page).text
    assert "Linked to a calendar at 93.184.216.34: busy events switch to Meeting." in shown
    assert "secret-token" not in shown
    [entry] = _calendar_audit(db)
    assert (entry.action, entry.company_id, entry.object_id, entry.actor) == (
        "link-calendar", world.a.company, str(world.a.user), world.a.admin_email)
    assert entry.before is None
    assert entry.after == {"ics_host": "93.184.216.34", "meeting_profile_id": link.meeting_profile_id}


def test_unlinking_removes_the_link_and_is_audited_once(portal, world, db):
    portal.login(world.a.admin_email)
    page = f"/companies/{world.a.company}/users/{world.a.user}"
    portal.post(f"{page}/calendar", {"url": FEED})
    assert portal.post(f"{page}/calendar/unlink", {"confirmed": "yes"}).status_code == 303
    # Nothing left: no change.
    assert portal.post(f"{page}/calendar/unlink", {"confirmed": "yes"}).status_code == 303
    assert db.get(CalendarLink, world.a.user) is None
    assert [e.action for e in _calendar_audit(db)] == ["link-calendar", "unlink-calendar"]
    assert _calendar_audit(db)[1].before["ics_host"] == "93.184.216.34"


def test_internal_and_non_web_addresses_are_refused_as_in_the_api(portal, world, db):
    portal.login(world.a.admin_email)
    page = f"/companies/{world.a.company}/users/{world.a.user}"
    for url, reason in (("https://127.0.0.1/cal.ics", "is an internal address"),
                        ("file:///etc/passwd", "must start with https://"),
                        ("", "Calendar address is required.")):
        response = portal.post(f"{page}/calendar", {"url": url}, follow_redirects=True)
        assert any(reason in text for text in flashes(response.text)), url
    assert db.get(CalendarLink, world.a.user) is None and _calendar_audit(db) == []


def test_a_refusal_reads_in_swedish(portal, world):
    portal.login(world.a.admin_email)
    portal.post("/language", {"language": "sv"})
    page = f"/companies/{world.a.company}/users/{world.a.user}"
    response = portal.post(f"{page}/calendar", {"url": "https://10.0.0.5/cal.ics"},
                           follow_redirects=True)
    assert "Värden 10.0.0.5 är en intern adress; den får inte anropas." in flashes(response.text)
    assert "Koppla kalender" in portal.get(page).text


def test_no_one_links_a_calendar_they_may_not_manage(portal, world, db):
    portal.login(world.a.user_email)
    own_company = f"/companies/{world.a.company}/users/{world.a.user}/calendar"
    assert portal.post(own_company, {"url": FEED}).status_code == 403
    portal.login(world.a.admin_email)
    beta_user = f"/companies/{world.a.company}/users/{world.b.user}/calendar"
    assert portal.post(beta_user, {"url": FEED}).status_code == 404
    assert portal.post(beta_user + "/unlink").status_code == 404
    assert db.get(CalendarLink, world.b.user) is None and _calendar_audit(db) == []
