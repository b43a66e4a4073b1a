"""The operator's company changes: a new company with its first admin, and plan changes."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..accounts.services import create_user_account
from ..actor import Actor
from ..audit.services import audited, record
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


def add_company(session: Session, actor: Actor, new: NewCompany) -> Company:
    """The company, and its first admin with a portal login, so it can help itself."""
    company = create_company(session, actor, new.name, new.sip_domain, country=new.country,
                             plan=new.plan)
    admin = create_user(session, actor, company, new.admin_name, new.admin_extension,
                        email=new.admin_email, role=Role.ADMIN)
    record(session, actor, "create",
           create_user_account(session, admin, new.admin_email, new.admin_password))
    return company


def change_plan(session: Session, actor: Actor, company: Company, plan: Plan) -> None:
    actor.check_operator("Only the operator changes plans.")
    with audited(session, actor, "change-plan", company):
        company.plan = plan
        session.flush()
