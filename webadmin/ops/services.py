"""The operator's overview of every company (changes go straight to vaxel.tenancy.onboarding,
which audits them)."""
from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from vaxel.models import Company, Licence, PhoneNumber, SwitchboardService, User


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
