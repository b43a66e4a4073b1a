"""The portal's number use-cases, each audited."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from vaxel.models import Company, PhoneNumber, SwitchboardService, User
from vaxel.numbers import services as domain

from ..audit.record import before, record
from ..db import get_db

Target = User | SwitchboardService | None


def _split(target: Target) -> dict:
    return {"user": target if isinstance(target, User) else None,
            "service": target if isinstance(target, SwitchboardService) else None}


def add(db: Session, company: Company, raw: str, target: Target) -> PhoneNumber:
    number = domain.add_number(db, company, raw, **_split(target))
    record("create", number)
    return number


def route(db: Session, company: Company, number: PhoneNumber, target: Target) -> None:
    was = before(number)
    domain.route_number(number, company, **_split(target))
    db.flush()
    record("route", number, was)


def company_numbers(company_id: int) -> list[str]:
    """The numbers a user of this company may show as caller id (a template helper)."""
    return list(get_db().scalars(select(PhoneNumber.e164).where(
        PhoneNumber.company_id == company_id).order_by(PhoneNumber.e164)))
