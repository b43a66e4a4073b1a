"""No dead ends (issue 15, item 5): Integrations and the toll policy are linked; a new
shared-voicemail service leads to its mailbox set-up; fax and connection services have a
settings page; services can be renamed and removed, queue members removed, numbers
removed (by ops). Every change goes through vaxel with the Actor and is audited."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from vaxel.actor import Actor, ActorRole
from vaxel.audit.models import AuditEntry
from vaxel.models import PhoneNumber, SwitchboardService
from vaxel.queues import services as queues
from vaxel.queues.errors import NotAllowed
from vaxel.queues.models import AgentSession, QueueMember
from vaxel.voicemail.models import Mailbox

from .conftest import flashes


def _actions(db, object_type: str) -> list[str]:
    return list(db.scalars(select(AuditEntry.action).where(AuditEntry.object_type == object_type)
                           .order_by(AuditEntry.id)))


def test_integrations_and_the_toll_policy_are_in_the_navigation(portal, world):
    portal.login(world.a.admin_email)
    page = portal.get(f"/companies/{world.a.company}/dashboard/").text
    assert f'href="/companies/{world.a.company}/integrations/"' in page
    assert "/toll" not in page  # ops' page
    portal.post("/logout")
    portal.login(world.ops_email)
    assert f"/ops/security/companies/{world.a.company}/toll" in portal.get(
        f"/companies/{world.a.company}/dashboard/").text
    assert f"/ops/security/companies/{world.a.company}/toll" in portal.get(
        "/ops/companies").text


def test_a_new_shared_voicemail_service_leads_to_its_mailbox_set_up(portal, world, db):
    portal.login(world.a.admin_email)
    c = world.a.company
    response = portal.post(f"/companies/{c}/services/", {"kind": "shared_voicemail",
                                                          "name": "Support"})
    service = db.scalar(select(SwitchboardService).where(SwitchboardService.name == "Support"))
    assert response.location == f"/companies/{c}/services/{service.id}"
    page = portal.get(response.location).text
    assert 'id="mailbox-setup"' in page and "Nobody is told of new messages yet" in page
    assert "Support" in portal.get(f"/companies/{c}/mailboxes/").text
    portal.post(f"/companies/{c}/services/{service.id}/mailbox",
                {"email_to": "a@alpha.example\nb@alpha.example", "allow_message": "on",
                 "email_messages": "on", "pin": "4321"})
    box = db.scalar(select(Mailbox).where(Mailbox.service_id == service.id))
    db.refresh(box)
    assert box.email_to == "a@alpha.example,b@alpha.example" and box.pin_hash
    assert not box.allow_callback and box.allow_message
    entry = db.scalar(select(AuditEntry).where(AuditEntry.object_type == "voicemail_box"))
    assert entry.actor == world.a.admin_email and "pin_hash" not in entry.after


def test_fax_and_connection_services_have_a_settings_page(portal, world, db):
    portal.login(world.a.admin_email)
    c = world.a.company
    fax = portal.post(f"/companies/{c}/services/", {"kind": "fax_mailbox", "name": "Fax"})
    assert 'id="fax-emails"' in portal.get(fax.location).text
    portal.post(fax.location + "/fax", {"emails": "Office@alpha.example, boss@alpha.example"})
    service = db.scalar(select(SwitchboardService).where(SwitchboardService.name == "Fax"))
    db.refresh(service)
    assert service.settings["emails"] == ["office@alpha.example", "boss@alpha.example"]
    bad = portal.post(fax.location + "/fax", {"emails": "office@alpha.example\nnot-an-address"})
    # Shown again with what was typed and the reason beside it; nothing changed.
    assert bad.status_code == 422 and "not-an-address is not an e-mail address." in bad.text
    assert "office@alpha.example\nnot-an-address</textarea>" in bad.text
    db.refresh(service)
    assert service.settings["emails"] == ["office@alpha.example", "boss@alpha.example"]

    door = portal.post(f"/companies/{c}/services/", {"kind": "connection", "name": "Door"})
    assert "plain extension" in portal.get(door.location).text


def test_a_service_is_renamed_and_its_extension_checked(portal, world, db):
    portal.login(world.a.admin_email)
    url = f"/companies/{world.a.company}/services/{world.a.service}"
    portal.post(url, {"name": "Försäljning", "extension": "4601"})
    service = db.get(SwitchboardService, world.a.service)
    db.refresh(service)
    assert (service.name, service.extension) == ("Försäljning", "4601")
    taken = portal.post(url, {"name": "Sälj", "extension": "1001"})  # a colleague's
    assert taken.status_code == 409 and "Extension 1001 is already in use." in taken.text
    assert 'value="Sälj"' in taken.text and 'value="1001"' in taken.text
    assert "update" in _actions(db, "switchboard_service")


def test_a_service_is_removed_unless_numbers_route_to_it(portal, world, db):
    portal.login(world.a.admin_email)
    c = world.a.company
    db.get(PhoneNumber, world.a.number).service_id = world.a.service
    db.flush()
    url = f"/companies/{c}/services/{world.a.service}"
    refused = portal.post(url + "/delete", {"confirmed": "yes"},
                          headers={"Referer": "http://localhost" + url},
                          follow_redirects=True)
    assert "Route them elsewhere first." in " ".join(flashes(refused.text))
    assert db.get(SwitchboardService, world.a.service) is not None
    db.get(PhoneNumber, world.a.number).service_id = None
    db.flush()
    assert portal.post(url + "/delete", {"confirmed": "yes"}).status_code == 303
    db.expire_all()
    assert db.get(SwitchboardService, world.a.service) is None
    assert "delete" in _actions(db, "switchboard_service")


def test_a_queue_member_is_removed_and_logged_out_first(portal, world, db):
    queues.log_in(db, Actor.system(), world.a.admin, world.a.service)
    db.flush()
    portal.login(world.a.admin_email)
    base = f"/companies/{world.a.company}/queue/{world.a.service}"
    assert "/remove" in portal.get(base).text
    assert portal.post(f"{base}/members/{world.a.admin}/remove",
                       {"confirmed": "yes"}).status_code == 303
    db.expire_all()
    assert db.scalar(select(QueueMember).where(QueueMember.user_id == world.a.admin)) is None
    assert db.scalar(select(AgentSession.ended_at).where(
        AgentSession.user_id == world.a.admin)) is not None
    assert _actions(db, "queue_member")[-2:] == ["queue-logout", "delete"]


def test_only_an_admin_removes_a_queue_member(world, db):
    user = Actor(company_id=world.a.company, role=ActorRole.USER,
                 label="user", user_id=world.a.user)
    with pytest.raises(NotAllowed):
        queues.remove_member(db, user, world.a.admin, world.a.service)


def test_ops_remove_a_number_and_admins_may_not(portal, world, db):
    url = f"/companies/{world.a.company}/numbers/{world.a.number}/delete"
    portal.login(world.a.admin_email)
    assert "numbers/%d/delete" % world.a.number not in portal.get(
        f"/companies/{world.a.company}/numbers/").text
    assert portal.post(url, {"confirmed": "yes"}).status_code == 403
    portal.post("/logout")
    portal.login(world.ops_email)
    assert portal.post(url, {"confirmed": "yes"}).status_code == 303
    db.expire_all()
    assert db.get(PhoneNumber, world.a.number) is None
    assert "delete" in _actions(db, "phone_number")
