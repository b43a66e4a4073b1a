"""Adding phone numbers to a company and deciding where each one routes."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record, snapshot
from ..errors import Conflict, InvalidInput, NotFound
from ..people.models import User
from ..switchboard.models import SwitchboardService
from ..tenancy.models import Company
from .e164 import country_of, to_e164
from .models import NumberKind, PhoneNumber


def add_number(
    session: Session,
    actor: Actor,
    company: Company,
    raw: str,
    *,
    user: User | None = None,
    service: SwitchboardService | None = None,
) -> PhoneNumber:
    """Numbers are ops' to hand out: a company that could claim any free number would get
    the calls a carrier delivers to it (someone else's, or one ops has not sold)."""
    actor.check_operator("Only the operator adds numbers.")
    e164 = to_e164(raw, company.country)
    if session.scalar(select(PhoneNumber.id).where(PhoneNumber.e164 == e164)):
        raise Conflict(f"{e164} already belongs to a company.")
    country = country_of(e164) or company.country
    kind = NumberKind.LOCAL if country == company.country else NumberKind.FOREIGN
    number = PhoneNumber(company_id=company.id, e164=e164, country=country, kind=kind)
    session.add(number)
    _route(number, company, user, service)
    session.flush()
    record(session, actor, "create", number)
    return number


def route_number(
    session: Session,
    actor: Actor,
    number: PhoneNumber,
    *,
    user: User | None = None,
    service: SwitchboardService | None = None,
) -> None:
    """Send the number's calls to a user or a service (neither: nowhere yet)."""
    actor.check_company(number.company_id, "number")
    was = snapshot(number)
    _route(number, session.get(Company, number.company_id), user, service)
    session.flush()
    record(session, actor, "route", number, was)


def _route(number: PhoneNumber, company: Company, user: User | None,
           service: SwitchboardService | None) -> None:
    if user is not None and service is not None:
        raise InvalidInput("A number routes to a user or to a service, not both.")
    for target in (user, service):
        if target is not None and target.company_id != company.id:
            raise NotFound("No such user or service in this company.")
    number.user_id = user.id if user else None
    number.service_id = service.id if service else None


def remove_number(session: Session, actor: Actor, number: PhoneNumber) -> None:
    """Give a number back: ops' decision, as adding one is (a company that dropped a number
    could not get it back). Its calls reach nobody in the company from then on."""
    actor.check_operator("Only the operator removes numbers.")
    was = snapshot(number)
    session.delete(number)
    session.flush()
    record(session, actor, "delete", number, was, gone=True)
