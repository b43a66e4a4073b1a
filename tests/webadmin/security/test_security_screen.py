"""Ops see, add and lift bans, keep the allow-list and set a company's toll policy."""
from __future__ import annotations

import json

from sqlalchemy import select

from vaxel.models import SipBan
from vaxel.security.services import active_bans, allow_list
from vaxel.security.toll import Zone
from vaxel.security.toll_services import toll_policy


def test_ops_ban_and_lift_an_address(db, portal, world):
    portal.login(world.ops_email)
    assert portal.post("/ops/security/bans", {"source": "192.0.2.66", "hours": "2"}).status_code == 303
    assert [b.source for b in active_bans(db)] == ["192.0.2.66"]
    page = portal.get("/ops/security/").text
    assert "192.0.2.66" in page and "banned by ops@vaxel.example" in page
    portal.post("/ops/security/bans/lift", {"source": "192.0.2.66"})
    assert active_bans(db) == []
    ban = db.scalars(select(SipBan)).one()
    assert ban.lifted_by == "ops@vaxel.example"


def test_garbage_addresses_are_refused(db, portal, world):
    portal.login(world.ops_email)
    response = portal.post("/ops/security/bans", {"source": "0.0.0.0/0\"><x", "hours": "2"})
    assert response.status_code in (303, 422)
    assert active_bans(db) == []


def test_allow_list_round_trip(db, portal, world):
    portal.login(world.ops_email)
    portal.post("/ops/security/allow", {"network": "198.51.100.7/24", "note": "office"})
    assert [a.network for a in allow_list(db)] == ["198.51.100.0/24"]
    portal.post("/ops/security/allow/remove", {"network": "198.51.100.0/24", "confirmed": "yes"})
    assert allow_list(db) == []


def test_toll_policy_is_saved_for_the_company(db, portal, world):
    portal.login(world.ops_email)
    portal.post(f"/ops/security/companies/{world.b.company}/toll",
                {"zone_national": "on", "zone_international": "on",
                 "blocked_prefixes": "+46900, +881", "max_concurrent": "4",
                 "max_setups_per_minute": "10"})
    policy = toll_policy(db, world.b.company)
    assert policy.allowed == {Zone.NATIONAL, Zone.INTERNATIONAL}
    assert policy.blocked_prefixes == ("+46900", "+881")
    assert (policy.max_concurrent, policy.max_setups_per_minute) == (4, 10)
    assert toll_policy(db, world.a.company).allowed == {Zone.INTERNAL, Zone.NATIONAL, Zone.NORDIC}


def test_healthz_needs_no_login_and_checks_the_database(portal):
    response = portal.get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.text)["database"]["ok"] is True
