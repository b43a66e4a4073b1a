"""The company's numbers as the portal's templates show them (changes go straight to
vaxel.numbers, which audits them)."""
from __future__ import annotations

from sqlalchemy import select

from vaxel.models import PhoneNumber

from ..db import get_db


def company_numbers(company_id: int) -> list[str]:
    """The numbers a user of this company may show as caller id (a template helper)."""
    return list(get_db().scalars(select(PhoneNumber.e164).where(
        PhoneNumber.company_id == company_id).order_by(PhoneNumber.e164)))
