"""The operator's company use-cases: a new company with its first admin, and plan changes."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vaxel.accounts.services import create_user_account
from vaxel.models import Company, Licence, PhoneNumber, Plan, Role, SwitchboardService, User
from vaxel.people.services import create_user
from vaxel.tenancy.services import create_company

from ..audit.record import before, record


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


def add_company(db: Session, new: NewCompany) -> Company:
    """The company, and its first admin with a portal login, so it can help itself."""
    company = create_company(db, new.name, new.sip_domain, country=new.country, plan=new.plan)
    record("create", company)
    admin = create_user(db, company, new.admin_name, new.admin_extension,
                        email=new.admin_email, role=Role.ADMIN)
    record("create", admin)
    record("create", create_user_account(db, admin, new.admin_email, new.admin_password))
    return company


def change_plan(db: Session, company: Company, plan: Plan) -> None:
    was = before(company)
    company.plan = plan
    db.flush()
    record("change-plan", company, was)


def _count_by_company(db: Session, model) -> dict[int, int]:
    rows = db.execute(select(model.company_id, func.count()).group_by(model.company_id))
    return dict(rows.all())


def overview(db: Session) -> list[dict]:
    """Every company with how many users, licences, numbers and services it has."""
    counts = {m.__tablename__: _count_by_company(db, m)
              for m in (User, Licence, PhoneNumber, SwitchboardService)}
    companies = db.scalars(select(Company).order_by(Company.name)).all()
    return [{"company": c, **{k: v.get(c.id, 0) for k, v in counts.items()}}
            for c in companies]
