"""The builders check who acts inside vaxel, as every write does: a company's set-up is
its admins' (a user-role actor is refused, another company's admin finds nothing, and
neither leaves a row behind), a new company the operator's; what they do make is audited
with the actor."""
from __future__ import annotations

from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from tests.actors import SYSTEM
from vaxel.actor import Actor, ActorRole
from vaxel.apitokens.models import ApiToken
from vaxel.apitokens.services import create_token
from vaxel.errors import Forbidden, NotFound
from vaxel.models import AuditEntry, Company, Device, Plan, ServiceKind, SwitchboardService, User
from vaxel.people.services import add_sip_device, create_user
from vaxel.queues.models import QueueMember, QueueSettings
from vaxel.queues.services import add_member, configure_queue
from vaxel.switchboard.services import create_service
from vaxel.tenancy.services import create_company
from vaxel.webhooks.models import WebhookEndpoint
from vaxel.webhooks.services import create_endpoint


@pytest.fixture
def acme(db):
    """Acme with a user, a queue with settings and one without; Other beside it."""
    company = create_company(db, SYSTEM, "Acme", "acme.example", plan=Plan.UNLIMITED)
    sales = create_service(db, SYSTEM, company, ServiceKind.QUEUE, "Sales")
    return SimpleNamespace(
        company=company, other=create_company(db, SYSTEM, "Other", "other.example"),
        user=create_user(db, SYSTEM, company, "Anna", "1001"),
        queue=configure_queue(db, SYSTEM, sales),
        bare_queue=create_service(db, SYSTEM, company, ServiceKind.QUEUE, "Support"))


# builder → (what it makes, how to call it in Acme as `actor`)
BUILDERS = {
    "create_user": (User, lambda db, actor, w: create_user(db, actor, w.company, "Ny", "1999")),
    "add_sip_device": (Device, lambda db, actor, w: add_sip_device(db, actor, w.company, w.user)),
    "create_service": (SwitchboardService, lambda db, actor, w: create_service(
        db, actor, w.company, ServiceKind.IVR, "Menu")),
    "configure_queue": (QueueSettings, lambda db, actor, w: configure_queue(
        db, actor, w.bare_queue)),
    "add_member": (QueueMember, lambda db, actor, w: add_member(db, actor, w.queue, w.user)),
    "create_token": (ApiToken, lambda db, actor, w: create_token(
        db, actor, w.company.id, "CRM", ["calls:read"])),
    "create_endpoint": (WebhookEndpoint, lambda db, actor, w: create_endpoint(
        db, actor, w.company.id, "https://93.184.216.34/hook", ["call.ended"])),
}


def _count(db, model) -> int:
    return db.scalar(select(func.count()).select_from(model))


def _refused(db, model, build, actor, error) -> None:
    before = _count(db, model)
    with pytest.raises(error):
        build(db, actor)
    assert _count(db, model) == before  # nothing made, not even for a moment


@pytest.mark.parametrize("name", BUILDERS)
def test_a_builder_is_for_the_companys_admins(db, acme, name):
    model, build = BUILDERS[name]
    call = lambda db, actor: build(db, actor, acme)  # noqa: E731
    employee = Actor(acme.company.id, ActorRole.USER, "anna@acme", user_id=acme.user.id)
    _refused(db, model, call, employee, Forbidden)
    _refused(db, model, call, Actor(acme.other.id, ActorRole.ADMIN, "admin@other"), NotFound)
    call(db, Actor(acme.company.id, ActorRole.ADMIN, "admin@acme"))
    entry = db.scalar(select(AuditEntry).where(AuditEntry.object_type == model.__tablename__)
                      .order_by(AuditEntry.id.desc()).limit(1))
    assert (entry.actor, entry.action, entry.company_id) == ("admin@acme", "create",
                                                             acme.company.id)


def test_only_the_operator_adds_a_company(db, acme):
    for role in (ActorRole.ADMIN, ActorRole.USER):
        _refused(db, Company, lambda db, actor: create_company(db, actor, "New", "new.example"),
                 Actor(acme.company.id, role, "someone@acme"), Forbidden)
    company = create_company(db, Actor(None, ActorRole.OPS, "ops@vaxel"), "New", "new.example")
    entry = db.scalar(select(AuditEntry).where(AuditEntry.object_type == "company",
                                               AuditEntry.object_id == str(company.id)))
    assert (entry.actor, entry.action) == ("ops@vaxel", "create")
