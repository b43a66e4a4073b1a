"""Loading the facts a dialplan decision needs from PostgreSQL (the I/O half of routing)."""
from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..directory import find_directory_user
from ..numbers.models import PhoneNumber, Trunk
from ..people.models import Device, DeviceKind, PresenceProfile, User
from ..presence.rules import ProfileView
from ..security.outbound import outbound_limits
from ..switchboard.models import SwitchboardService
from ..tenancy.models import Company
from .dialplan import (EMERGENCY_NUMBERS, CallFacts, CompanyFacts, ServiceTarget, UserTarget,
                       inbound_e164)

log = logging.getLogger(__name__)

# National numbers on a platform-wide trunk with no country of its own are read as Swedish.
DEFAULT_COUNTRY = "SE"


@dataclass(frozen=True)
class PhoneCall:
    """A dialplan request from a phone (context default)."""

    domain: str
    caller_username: str | None
    dialled: str


@dataclass(frozen=True)
class TrunkCall:
    """A dialplan request from a trunk (context public)."""

    source_ip: str | None
    dialled: str


def phone_call_facts(session: Session, call: PhoneCall, controller: str) -> CallFacts:
    """Facts for a call from a phone, loading only what the decision can use: a call to a
    service needs neither the caller nor a trunk."""
    company = _company_by_domain(session, call.domain)
    facts = CallFacts("default", call.dialled, company=company, controller=controller)
    if company is None:
        return facts
    if call.dialled not in EMERGENCY_NUMBERS:
        user = _user_by_extension(session, company.company_id, call.dialled)
        service = None if user else _service_by_extension(session, company.company_id, call.dialled)
        if service is not None:
            return replace(facts, service=service)
        if user is not None:
            return replace(facts, user=user, gateway=_gateway(session, company.company_id))
    caller = find_directory_user(session, company.domain, call.caller_username) \
        if call.caller_username else None
    toll = None
    if caller is not None and call.dialled not in EMERGENCY_NUMBERS:
        toll = outbound_limits(session, company.company_id, caller.user_id)
    return replace(facts, caller=caller.profile if caller else None, toll=toll,
                   caller_user_id=caller.user_id if caller else None,
                   caller_recorded=bool(caller and caller.recording_enabled),
                   gateway=_gateway(session, company.company_id))


def trunk_call_facts(session: Session, call: TrunkCall, controller: str) -> CallFacts:
    """Facts for a call from a trunk; the called number picks the company, and a company's
    own trunk can only reach that company's numbers."""
    empty = CallFacts("public", call.dialled, controller=controller)
    trunk = _trunk_for_source(session, call.source_ip)
    if trunk is None:
        log.warning("public call to %s from %s: no trunk has that address", call.dialled,
                    call.source_ip)
        return empty
    number = _number_on_trunk(session, trunk, call.dialled)
    if number is None:
        return empty
    company = _company_by_id(session, number.company_id)
    if company is None:
        return empty
    return CallFacts(
        "public", call.dialled, company=company, controller=controller,
        user=_user_by_id(session, number.user_id) if number.user_id else None,
        service=ServiceTarget(number.service_id) if number.service_id else None,
        gateway=_gateway(session, company.company_id),
    )


def _company_facts(row) -> CompanyFacts | None:
    if row is None:
        return None
    return CompanyFacts(row.id, row.sip_domain, row.country, row.main_number)


def _company_by_domain(session: Session, domain: str) -> CompanyFacts | None:
    stmt = select(Company.id, Company.sip_domain, Company.country, Company.main_number).where(
        Company.sip_domain == domain.lower(), Company.active.is_(True))
    return _company_facts(session.execute(stmt).first())


def _company_by_id(session: Session, company_id: int) -> CompanyFacts | None:
    stmt = select(Company.id, Company.sip_domain, Company.country, Company.main_number).where(
        Company.id == company_id, Company.active.is_(True))
    return _company_facts(session.execute(stmt).first())


_u, _p = User.__table__, PresenceProfile.__table__
_USER_COLUMNS = (
    _u.c.id, _u.c.extension, _u.c.mobile_number, _u.c.voicemail_enabled, _u.c.ring_in_turn,
    _u.c.recording_enabled,
    _u.c.outbound_caller_id, _p.c.id.label("profile_id"), _p.c.accept_direct,
    _p.c.accept_queue, _p.c.forward_kind, _p.c.forward_target, _p.c.forward_after_seconds,
    _p.c.caller_id_number, _p.c.hide_caller_id,
)


def _user_by_extension(session: Session, company_id: int, extension: str) -> UserTarget | None:
    return _user_target(session, (_u.c.company_id == company_id) & (_u.c.extension == extension))


def _user_by_id(session: Session, user_id: int) -> UserTarget | None:
    return _user_target(session, _u.c.id == user_id)


def _user_target(session: Session, condition) -> UserTarget | None:
    """An active user with their active profile (one join) and enabled devices."""
    row = session.execute(select(*_USER_COLUMNS)
                          .select_from(_u.outerjoin(_p, _p.c.id == _u.c.active_profile_id))
                          .where(condition, _u.c.active.is_(True))).first()
    if row is None:
        return None
    devices = session.execute(select(Device.kind, Device.sip_username, Device.external_number)
                              .where(Device.user_id == row.id, Device.enabled.is_(True))
                              .order_by(Device.ring_order)).all()
    return UserTarget(
        row.id, row.extension, ProfileView.of(row, row if row.profile_id is not None else None),
        sip_usernames=tuple(d.sip_username for d in devices
                            if d.kind is not DeviceKind.MOBILE_TWIN and d.sip_username),
        twin_numbers=tuple(d.external_number for d in devices
                           if d.kind is DeviceKind.MOBILE_TWIN and d.external_number),
        ring_in_turn=row.ring_in_turn,
        recorded=row.recording_enabled,
    )


def _service_by_extension(session: Session, company_id: int, extension: str) -> ServiceTarget | None:
    service_id = session.scalar(select(SwitchboardService.id).where(
        SwitchboardService.company_id == company_id, SwitchboardService.extension == extension))
    return ServiceTarget(service_id) if service_id else None


def _gateway(session: Session, company_id: int) -> str | None:
    """The company's own enabled trunk first, else the platform-wide one; lowest priority wins."""
    stmt = (select(Trunk.gateway)
            .where(Trunk.enabled.is_(True),
                   (Trunk.company_id == company_id) | Trunk.company_id.is_(None))
            .order_by(Trunk.company_id.is_(None), Trunk.priority, Trunk.id).limit(1))
    return session.scalar(stmt)


def _trunk_for_source(session: Session, source_ip: str | None) -> Trunk | None:
    try:
        address = ipaddress.ip_address(source_ip or "")
    except ValueError:
        return None
    trunks = session.scalars(select(Trunk).where(Trunk.enabled.is_(True))
                             .order_by(Trunk.priority, Trunk.id)).all()
    return next((t for t in trunks if _matches(address, t.source_addresses or [])), None)


def _matches(address, networks: list[str]) -> bool:
    for network in networks:
        try:
            if address in ipaddress.ip_network(network, strict=False):
                return True
        except ValueError:
            log.warning("trunk source address %r is not an address or network", network)
    return False


def _number_on_trunk(session: Session, trunk: Trunk, dialled: str) -> PhoneNumber | None:
    country = trunk.country
    if country is None and trunk.company_id is not None:
        country = session.scalar(select(Company.country).where(Company.id == trunk.company_id))
    e164 = inbound_e164(dialled, country or DEFAULT_COUNTRY, trunk.inbound_prefix)
    if e164 is None:
        return None
    stmt = select(PhoneNumber).where(PhoneNumber.e164 == e164)
    if trunk.company_id is not None:
        stmt = stmt.where(PhoneNumber.company_id == trunk.company_id)
    return session.scalar(stmt)
