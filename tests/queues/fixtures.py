"""Shared set-up for queue tests: a company, a queue service and its members."""
from __future__ import annotations

import datetime as dt

from tests.actors import SYSTEM
from vaxel.actor import Actor
from vaxel.models import Company, ServiceKind, Trunk, User
from vaxel.people.services import add_sip_device, create_user
from vaxel.queues import entries
from vaxel.queues.services import add_member, configure_queue, log_in
from vaxel.switchboard.services import create_service
from vaxel.tenancy.models import Plan
from vaxel.tenancy.services import create_company


def make_company(s, name: str = "Acme", domain: str = "acme.example") -> Company:
    company = create_company(s, SYSTEM, name, domain)
    company.plan = Plan.UNLIMITED  # tests create several queues
    s.add(Trunk(company_id=company.id, name=f"{domain}-trunk", gateway="carrier"))
    s.flush()
    return company


def make_agents(s, company: Company, extensions) -> list[User]:
    users = []
    for ext in extensions:
        user = create_user(s, SYSTEM, company, f"Agent {ext}", ext)
        add_sip_device(s, SYSTEM, company, user)
        users.append(user)
    return users


def make_queue(s, company: Company, name: str = "Support", members=(), logged_in=True,
               **settings):
    service = create_service(s, SYSTEM, company, ServiceKind.QUEUE, name)
    queue = configure_queue(s, SYSTEM, service, **settings)
    for user in members:
        add_member(s, SYSTEM, queue, user)
        if logged_in:
            log_in(s, Actor.of_user(user), user.id, queue.service_id,
                   now=dt.datetime.now(dt.timezone.utc))
    return queue


NOW = dt.datetime(2026, 11, 28, 9, 0, tzinfo=dt.timezone.utc)


def later(seconds):
    return NOW + dt.timedelta(seconds=seconds)


def join(db, queue, uuid, at=NOW):
    """A caller joins the queue at `at`; the entry's id."""
    return entries.join(db, queue.service_id, uuid, "+46701234567", "Caller", at).entry_id
