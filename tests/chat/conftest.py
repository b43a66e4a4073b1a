"""Two companies' colleagues to chat between (and to keep apart), and a store for files."""
from __future__ import annotations

from dataclasses import dataclass

import pytest

from tests.actors import SYSTEM, person
from vaxel.actor import Actor
from vaxel.models import Plan, Role
from vaxel.people.services import create_user
from vaxel.storage import Store
from vaxel.tenancy.services import create_company


@dataclass
class Office:
    company: int
    anna: Actor    # an admin
    bo: Actor
    cecilia: Actor


def make_office(db, name: str) -> Office:
    company = create_company(db, SYSTEM, name, f"{name.lower()}.chat.example", plan=Plan.ENTERPRISE)
    users = [create_user(db, SYSTEM, company, f"{who} {name}", ext, role=role)
             for who, ext, role in (("Anna", "1000", Role.ADMIN), ("Bo", "1001", Role.USER),
                                    ("Cecilia", "1002", Role.USER))]
    db.flush()
    anna, bo, cecilia = (person(company.id, u.id, is_admin=u.role is Role.ADMIN) for u in users)
    return Office(company.id, anna, bo, cecilia)


@pytest.fixture
def office(db) -> Office:
    return make_office(db, "Alfa")


@pytest.fixture
def other(db) -> Office:
    return make_office(db, "Beta")


@pytest.fixture
def store(tmp_path) -> Store:
    return Store(tmp_path)
