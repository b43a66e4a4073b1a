"""The operator's company changes: a new company with its first admin, and plan changes."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..accounts.services import create_user_account
from ..actor import Actor, ActorRole
from ..audit.services import audited, record
from ..errors import Forbidden
from ..people.models import Role
from ..people.services import create_user
from .models import Company
from .plans import Plan
from .services import create_company


@dataclass(frozen=True)
class NewCompany:
    name: str
    sip_domain: str
    country: str
    plan: Plan
    admin_name: str
    admin_extension: str
    admin_email: str
    admin_password: str


def _require_operator(actor: Actor) -> None:
    if actor.role not in (ActorRole.OPS, ActorRole.SYSTEM):
        raise Forbidden("Only the operator adds companies and changes plans.")


def add_company(session: Session, actor: Actor, new: NewCompany) -> Company:
    """The company, and its first admin with a portal login, so it can help itself."""
    _require_operator(actor)
    company = create_company(session, new.name, new.sip_domain, country=new.country,
                             plan=new.plan)
    record(session, actor, "create", company)
    admin = create_user(session, company, new.admin_name, new.admin_extension,
                        email=new.admin_email, role=Role.ADMIN)
    record(session, actor, "create", admin)
    record(session, actor, "create",
           create_user_account(session, admin, new.admin_email, new.admin_password))
    return company


def change_plan(session: Session, actor: Actor, company: Company, plan: Plan) -> None:
    _require_operator(actor)
    with audited(session, actor, "change-plan", company):
        company.plan = plan
        session.flush()
