"""What a company will be charged for next period, read from PostgreSQL as plain Charges
for the pure preview."""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..mobiledata.models import DataSubscription
from ..mobiledata.services import company_paid_top_ups
from ..mobiledata.rules import month_bounds
from ..numbers.models import PhoneNumber
from ..people.models import Licence, LicenceStatus, User
from ..switchboard.models import SwitchboardService
from ..tenancy.models import Company
from . import products
from .models import CostAssignment
from .preview import Charge, InvoicePreview, preview_invoice
from .services import price_list


def _centres(session: Session, company_id: int) -> dict[tuple[str, int], int]:
    rows = session.scalars(select(CostAssignment).where(CostAssignment.company_id == company_id))
    result = {}
    for row in rows:
        for kind in ("user", "service", "number"):
            if getattr(row, f"{kind}_id") is not None:
                result[(kind, getattr(row, f"{kind}_id"))] = row.cost_centre_id
    return result


def company_charges(session: Session, company: Company, now: dt.datetime) -> list[Charge]:
    """Active licences (frozen ones are paused, not charged), numbers, services, recording,
    data packages, and the company-paid top-ups of the month running now."""
    cc = _centres(session, company.id)
    users = {u.id: u for u in session.scalars(select(User).where(User.company_id == company.id))}

    def user_cc(user_id: int | None) -> int | None:
        return cc.get(("user", user_id)) if user_id else None

    charges = [Charge(products.licence(lic.kind), user_cc(lic.user_id),
                      users[lic.user_id].name if lic.user_id in users else f"#{lic.id}")
               for lic in _rows(session, Licence, company.id)
               if lic.status is LicenceStatus.ACTIVE]
    charges += [Charge(products.service(s.kind), cc.get(("service", s.id)), s.name)
                for s in _rows(session, SwitchboardService, company.id)]
    charges += [Charge(products.number(n.kind), _number_cc(cc, n), n.e164)
                for n in _rows(session, PhoneNumber, company.id)]
    charges += [Charge(products.RECORDING, user_cc(u.id), u.name)
                for u in users.values() if u.recording_enabled]
    charges += [Charge(products.data_package(d.package), user_cc(d.user_id), users[d.user_id].name)
                for d in _rows(session, DataSubscription, company.id) if d.active]
    start, end = month_bounds(now, company.timezone)
    charges += [Charge(products.DATA_TOP_UP, user_cc(t.user_id), users[t.user_id].name)
                for t in company_paid_top_ups(session, company.id, start, end)]
    return charges


def _rows(session: Session, model, company_id: int) -> list:
    return list(session.scalars(select(model).where(model.company_id == company_id)
                                .order_by(model.id)))


def _number_cc(cc: dict[tuple[str, int], int], number: PhoneNumber) -> int | None:
    """A number's own cost centre, else that of the user or service it routes to."""
    return (cc.get(("number", number.id)) or cc.get(("user", number.user_id or 0))
            or cc.get(("service", number.service_id or 0)))


def next_invoice(session: Session, company: Company, now: dt.datetime) -> InvoicePreview:
    """The next period's invoice for the company, per cost centre."""
    return preview_invoice(company_charges(session, company, now), price_list(session),
                           company.plan.value, now.date())
