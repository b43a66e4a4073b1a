"""A company taking numbers that are not theirs: claiming a free number (trunk calls to it
would ring them), or showing any number as caller id (issue 13, items 8 and 9)."""
from __future__ import annotations

import html

import pytest
from sqlalchemy import select

from vaxel.actor import Actor, ActorRole
from vaxel.errors import Forbidden
from vaxel.models import PhoneNumber, PresenceProfile, User
from vaxel.numbers.services import add_number
from vaxel.tenancy.models import Company

from tests.webadmin.conftest import flashes as raw_flashes

FREE_NUMBER = "+46855500099"
BANK = "+46812345678"  # somebody else's number: a bank's switchboard, say


def flashes(page: str) -> list[str]:
    return [html.unescape(text) for text in raw_flashes(page)]


def _numbers(db, e164: str) -> list[PhoneNumber]:
    return list(db.scalars(select(PhoneNumber).where(PhoneNumber.e164 == e164)))


def test_a_company_admin_cannot_claim_a_free_number(portal, world, db):
    portal.login(world.a.admin_email)
    response = portal.post(f"/companies/{world.a.company}/numbers/",
                           {"number": FREE_NUMBER, "target": f"user:{world.a.user}"})
    assert response.status_code == 403
    assert _numbers(db, FREE_NUMBER) == []
    page = portal.get(f"/companies/{world.a.company}/numbers/").text
    assert 'name="number"' not in page
    assert "New numbers are assigned by your operator." in page


@pytest.mark.parametrize("role", [ActorRole.ADMIN, ActorRole.USER])
def test_no_door_but_the_operators_adds_a_number(db, world, role):
    """The portal's route refuses first; the domain refuses too, whichever door calls it
    (an API token acts as its company's admin)."""
    company = db.get(Company, world.a.company)
    with pytest.raises(Forbidden):
        add_number(db, Actor(company.id, role, "api-token:1:CRM"), company, FREE_NUMBER)
    assert _numbers(db, FREE_NUMBER) == []


def test_ops_assign_a_number_to_a_company(portal, world, db):
    portal.login(world.ops_email)
    response = portal.post(f"/companies/{world.a.company}/numbers/", {"number": FREE_NUMBER})
    assert response.status_code == 303
    [number] = _numbers(db, FREE_NUMBER)
    assert number.company_id == world.a.company


def test_a_refused_number_keeps_what_ops_typed(portal, world, db):
    theirs = db.get(PhoneNumber, world.b.number).e164
    portal.login(world.ops_email)
    response = portal.post(f"/companies/{world.a.company}/numbers/",
                           {"number": theirs, "target": f"user:{world.a.user}"})
    assert response.status_code == 409
    assert f'value="{theirs}"' in response.text
    assert f'value="user:{world.a.user}" selected' in response.text
    assert db.get(PhoneNumber, world.b.number).company_id == world.b.company


def test_a_user_cannot_show_a_number_the_company_does_not_hold(portal, world, db):
    portal.login(world.a.user_email)
    response = portal.post(f"/me/profiles/{world.a.profile}",
                           {"forward_kind": "voicemail", "forward_after_seconds": "10",
                            "caller_id_number": BANK}, follow_redirects=True)
    assert f"{BANK} is not one of the company's numbers." in flashes(response.text)
    assert db.get(PresenceProfile, world.a.profile).caller_id_number is None


def test_another_companys_number_cannot_be_shown_either(portal, world, db):
    theirs = db.get(PhoneNumber, world.b.number).e164
    portal.login(world.a.admin_email)
    response = portal.post(f"/companies/{world.a.company}/users/{world.a.user}",
                           {"name": "Alpha User", "extension": "1001",
                            "outbound_caller_id": theirs}, follow_redirects=True)
    assert f"{theirs} is not one of the company's numbers." in flashes(response.text)
    assert db.get(User, world.a.user).outbound_caller_id is None


def test_the_companys_own_numbers_can_be_shown(portal, world, db):
    own = db.get(PhoneNumber, world.a.number).e164
    portal.login(world.a.user_email)
    page = portal.get(f"/me/profiles/{world.a.profile}").text
    assert f'<option value="{own}"' in page
    portal.post(f"/me/profiles/{world.a.profile}",
                {"forward_kind": "voicemail", "forward_after_seconds": "10",
                 "caller_id_number": own})
    db.expire_all()
    assert db.get(PresenceProfile, world.a.profile).caller_id_number == own


def test_the_refusal_reads_in_swedish(portal, world):
    portal.login(world.a.user_email)
    portal.post("/language", {"language": "sv"})
    response = portal.post(f"/me/profiles/{world.a.profile}",
                           {"forward_kind": "voicemail", "forward_after_seconds": "10",
                            "caller_id_number": BANK}, follow_redirects=True)
    assert f"{BANK} är inte ett av företagets nummer." in flashes(response.text)
