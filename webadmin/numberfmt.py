"""Phone numbers shown as people in the company's country write them (stored E.164)."""
from __future__ import annotations

from flask import g

from vaxel.models import Company
from vaxel.numbers.e164 import for_display

from .db import get_db

DEFAULT_COUNTRY = "SE"


def _country() -> str:
    company = g.get("company")
    if company is None and g.get("account") is not None and g.account.company_id:
        company = get_db().get(Company, g.account.company_id)
    return company.country if company is not None else DEFAULT_COUNTRY


def phone(number: str | None) -> str:
    """The `phone` template filter: +4687778899 → 08-777 88 99 for a Swedish company."""
    if "phone_country" not in g:
        g.phone_country = _country()
    return for_display(number, g.phone_country)
