"""One door for every change: the portal and the API reach the same vaxel write, so the
same change leaves the same audit entry (only the actor differs), and vaxel refuses an
actor from another company whichever door it came through."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from tests.actors import SYSTEM
from tests.webadmin.conftest import Portal
from vaxel.actor import Actor, ActorRole
from vaxel.errors import NotFound
from vaxel.models import AuditEntry, User
from vaxel.queues.services import add_member, configure_queue, log_in
from vaxel.switchboard.models import SwitchboardService

from .conftest import Api


def _entries(db, action: str) -> list[AuditEntry]:
    return list(db.scalars(select(AuditEntry).where(AuditEntry.action == action)
                           .order_by(AuditEntry.id)))


def _change(entry: AuditEntry) -> tuple:
    """What an entry says changed, leaving out who and when."""
    return (entry.company_id, entry.action, entry.object_type, entry.object_id,
            entry.before, entry.after)


@pytest.fixture
def portal(app) -> Portal:
    return Portal(app.test_client())


@pytest.fixture
def member(db, world):
    """The tenant's user in its queue, logged out."""
    service = db.get(SwitchboardService, world.a.service)
    return add_member(db, SYSTEM, configure_queue(db, SYSTEM, service), db.get(User, world.a.user))


def test_queue_log_in_and_out_by_portal_and_api_leave_the_same_entries(api: Api, portal, db,
                                                                        world, member):
    base = f"/companies/{world.a.company}/queue/{world.a.service}/members/{world.a.user}"
    portal.login(world.a.admin_email)
    portal.post(f"{base}/login")
    portal.post(f"{base}/logout")
    assert api.send("POST", f"/users/{world.a.user}/queues/login",
                    {"queue_id": world.a.service}).status_code == 200
    assert api.send("POST", f"/users/{world.a.user}/queues/logout",
                    {"queue_id": world.a.service}).status_code == 200
    for action in ("queue-login", "queue-logout"):
        by_portal, by_api = _entries(db, action)
        assert _change(by_portal) == _change(by_api)
        assert by_portal.actor == world.a.admin_email and by_portal.actor_account_id
        assert by_api.actor.startswith("api-token:") and by_api.actor_account_id is None


def test_switching_a_profile_by_portal_and_api_leaves_the_same_entry(api: Api, portal, db,
                                                                      world):
    portal.login(world.a.admin_email)
    portal.post(f"/companies/{world.a.company}/users/{world.a.user}/presence",
                {"profile_id": str(world.a.profile)})
    first = db.get(User, world.a.user).profiles[0].id
    portal.post(f"/companies/{world.a.company}/users/{world.a.user}/presence",
                {"profile_id": str(first)})
    assert api.send("PUT", f"/users/{world.a.user}/presence",
                    {"profile_id": world.a.profile}).status_code == 200
    entries = _entries(db, "activate-profile")
    assert len(entries) == 3
    by_portal, by_api = entries[0], entries[2]
    assert by_portal.object_type == by_api.object_type == "users"
    assert by_portal.object_id == by_api.object_id == str(world.a.user)
    assert by_portal.after["active_profile_id"] == by_api.after["active_profile_id"] \
        == world.a.profile
    assert by_api.actor.startswith("api-token:")


def test_subscribing_a_webhook_by_portal_and_api_leaves_the_same_entry(api: Api, portal, db,
                                                                       world):
    """A builder too: create_endpoint checks and audits inside vaxel, whichever door."""
    url = "https://93.184.216.34/hook"
    portal.login(world.a.admin_email)
    portal.post(f"/companies/{world.a.company}/integrations/webhooks",
                {"url": url, "events": "call.ended"})
    assert api.send("POST", "/webhooks", {"url": url, "events": ["call.ended"]}
                    ).status_code == 201
    by_portal, by_api = [e for e in _entries(db, "create") if e.object_type == "webhook_endpoint"]
    same = [(*_change(e)[:3], *_change(e)[4:]) for e in (by_portal, by_api)]  # ids differ
    assert same[0] == same[1] == (world.a.company, "create", "webhook_endpoint", None,
                                  {"url": url, "events": ["call.ended"]})
    assert by_portal.actor == world.a.admin_email and by_portal.actor_account_id
    assert by_api.actor.startswith("api-token:") and by_api.actor_account_id is None


def test_vaxel_refuses_another_companys_actor_whichever_door(db, world, member):
    outsider = Actor(world.b.company, ActorRole.ADMIN, "api-token:9:elsewhere")
    with pytest.raises(NotFound):
        log_in(db, outsider, world.a.user, world.a.service)
    assert not _entries(db, "queue-login")


def test_a_platform_actor_reaches_every_company(db, world, member):
    log_in(db, Actor.system("controller"), world.a.user, world.a.service)
    [entry] = _entries(db, "queue-login")
    assert entry.actor == "controller" and entry.company_id == world.a.company
