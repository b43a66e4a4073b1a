"""Editing users and presence profiles in vaxel.people (moved from the portal)."""
import pytest

from tests.actors import SYSTEM
from vaxel.actor import Actor
from vaxel.errors import Conflict, InvalidInput
from vaxel.models import ForwardKind, Role
from vaxel.people.services import (
    ProfileFields, UserFields, create_user, update_profile, update_user,
)
from vaxel.tenancy.services import create_company


def _fields(**kw) -> UserFields:
    values = dict(name="Anna", email=None, extension="1001", mobile_number="070 123 45 67",
                  outbound_caller_id=None, recording_enabled=True, is_admin=False)
    return UserFields(**{**values, **kw})


def test_update_user_normalises_numbers_and_guards_extensions(db):
    company = create_company(db, SYSTEM, "Acme", "acme.example")
    anna = create_user(db, SYSTEM, company, "Anna", "1001")
    create_user(db, SYSTEM, company, "Bo", "1002")
    update_user(db, SYSTEM, company, anna, _fields(name="Anna B"))
    assert (anna.name, anna.mobile_number, anna.recording_enabled) == ("Anna B", "+46701234567", True)
    with pytest.raises(Conflict):
        update_user(db, SYSTEM, company, anna, _fields(extension="1002"))
    with pytest.raises(InvalidInput):
        update_user(db, SYSTEM, company, anna, _fields(extension="1"))


def test_an_admin_cannot_demote_themselves(db):
    company = create_company(db, SYSTEM, "Acme", "acme.example")
    admin = create_user(db, SYSTEM, company, "Ada", "1000", role=Role.ADMIN)
    with pytest.raises(Conflict):
        update_user(db, Actor.of_user(admin), company, admin, _fields(extension="1000"))


def test_update_profile_checks_the_forward_target(db):
    company = create_company(db, SYSTEM, "Acme", "acme.example")
    profile = create_user(db, SYSTEM, company, "Anna", "1001").profiles[0]
    fields = ProfileFields(True, False, ForwardKind.EXTERNAL, "08 555 000 11", 15, None)
    update_profile(db, SYSTEM, company, profile, fields)
    assert profile.forward_target == "+46855500011"
    with pytest.raises(InvalidInput):
        update_profile(db, SYSTEM, company, profile,
                       ProfileFields(True, False, ForwardKind.USER, "abc", 15, None))
