"""Creating and finding companies."""
from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record
from ..errors import Conflict, InvalidInput, NotFound
from ..numbers.e164 import to_e164
from .models import Company
from .plans import Plan

_DOMAIN = re.compile(r"^(?=.{1,253}\Z)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)*"
                     r"[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\Z")


def normalise_sip_domain(domain: str) -> str:
    value = domain.strip().lower().rstrip(".")
    if not _DOMAIN.match(value):
        raise InvalidInput(f"{domain!r} is not a valid SIP domain.", field="sip_domain")
    return value


def create_company(
    session: Session,
    actor: Actor,
    name: str,
    sip_domain: str,
    *,
    country: str = "SE",
    timezone: str = "Europe/Stockholm",
    plan: Plan = Plan.BUSINESS,
    main_number: str | None = None,
) -> Company:
    """A new company (its SIP domain is its own); only the operator adds one."""
    actor.check_operator("Only the operator adds companies.")
    domain = normalise_sip_domain(sip_domain)
    if session.scalar(select(func.count()).where(Company.sip_domain == domain)):
        raise Conflict(f"The SIP domain {domain} is already taken.", field="sip_domain")
    company = Company(
        name=name.strip(), sip_domain=domain, country=country.upper(), timezone=timezone,
        plan=plan, main_number=to_e164(main_number, country) if main_number else None,
    )
    session.add(company)
    session.flush()
    record(session, actor, "create", company)
    return company


def company_by_domain(session: Session, sip_domain: str) -> Company:
    company = session.scalar(select(Company).where(Company.sip_domain == sip_domain.lower()))
    if company is None:
        raise NotFound(f"No company has the SIP domain {sip_domain}.")
    return company
