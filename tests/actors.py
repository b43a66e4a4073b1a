"""Who acts in the tests. SYSTEM sets the rows up: the system reaches every company (as
the demo and the CLI do). `person` is someone of a company: a user, or with is_admin one
of its admins."""
from __future__ import annotations

from vaxel.actor import Actor, ActorRole

SYSTEM = Actor.system()


def person(company_id: int, user_id: int | None, *, is_admin: bool = False) -> Actor:
    role = ActorRole.ADMIN if is_admin else ActorRole.USER
    return Actor(company_id, role, f"user:{user_id}", user_id=user_id)
