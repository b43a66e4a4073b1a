"""Loading the facts a dialplan decision needs from PostgreSQL (the I/O half of routing)."""
from __future__ import annotations

import ipaddress
import logging
from dataclasses import dataclass, replace
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..infra.changes import ANY_COMPANY, CompanyCache
from ..conference.services import room_by_number
from ..sip_directory import DirectoryUser, find_directory_user
from ..numbers.models import PhoneNumber, Trunk
from ..people.models import Device, DeviceKind, PresenceProfile, User
from ..presence.rules import ProfileView, direct_call_plan
from ..security.outbound import outbound_limits
from ..switchboard.models import SwitchboardService
from ..tenancy.models import Company
from ..callcontrol.parking import lot_of, parked_on
from .dialplan import (EMERGENCY_NUMBERS, CallFacts, CompanyFacts, ParkSlot, ServiceTarget,
                       UserTarget, inbound_e164)
from .destinations import DestinationKind

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


def phone_call_facts(data: "RoutingData", call: PhoneCall, controller: str) -> CallFacts:
    """Facts for a call from a phone, loading only what the decision can use: a call to a
    service needs neither the caller nor a trunk."""
    company = data.company_by_domain(call.domain)
    facts = CallFacts("default", call.dialled, company=company, controller=controller)
    if company is None:
        return facts
    if call.dialled not in EMERGENCY_NUMBERS:
        user = data.user_by_extension(company.company_id, call.dialled)
        service = None if user else data.service_by_extension(company.company_id, call.dialled)
        if service is not None:
            return replace(facts, service=service)
        if user is not None:
            return _with_user(data, facts, user)
        room = data.conference_room(company.company_id, call.dialled)
        if room is not None:
            return replace(facts, conference_room_id=room)
    park = park_slot(data.session, company.company_id, call.dialled)
    if park is not None:
        return replace(facts, park=park)
    caller = data.directory_user(company.domain, call.caller_username) \
        if call.caller_username else None
    toll = None
    if caller is not None and call.dialled not in EMERGENCY_NUMBERS:
        # Never cached: the caps count this very hour's calls.
        toll = outbound_limits(data.session, company.company_id, caller.user_id)
    return replace(facts, caller=caller.profile if caller else None, toll=toll,
                   caller_user_id=caller.user_id if caller else None,
                   caller_recorded=bool(caller and caller.recording_enabled),
                   gateway=data.gateway(company.company_id))


def park_slot(session: Session, company_id: int, dialled: str) -> ParkSlot | None:
    """The park slot a number names, and who is parked there: never cached, a call is
    parked and picked up within seconds."""
    slot = lot_of(session, company_id).slot_of(dialled)
    if slot is None:
        return None
    parked = parked_on(session, company_id, slot)
    return ParkSlot(slot, parked.call_uuid if parked else None)


def trunk_call_facts(data: "RoutingData", call: TrunkCall, controller: str) -> CallFacts:
    """Facts for a call from a trunk; the called number picks the company, and a company's
    own trunk can only reach that company's numbers."""
    empty = CallFacts("public", call.dialled, controller=controller)
    trunk = data.trunk_for_source(call.source_ip)
    if trunk is None:
        log.warning("public call to %s from %s: no trunk has that address", call.dialled,
                    call.source_ip)
        return empty
    number = data.number_on_trunk(trunk, call.dialled)
    if number is None:
        return empty
    company = data.company_by_id(number.company_id)
    if company is None:
        return empty
    facts = CallFacts("public", call.dialled, company=company, controller=controller,
                      service=ServiceTarget(number.service_id) if number.service_id else None,
                      gateway=data.gateway(company.company_id))
    user = data.user_by_id(number.company_id, number.user_id) if number.user_id else None
    return facts if user is None else _with_user(data, facts, user)


def _with_user(data: "RoutingData", facts: CallFacts, user: UserTarget) -> CallFacts:
    """Facts for ringing `user`; when their profile can reach a trunk (mobile twins, a
    forward outside), their toll policy and the company's counts too (never cached)."""
    facts = replace(facts, user=user, gateway=facts.gateway or data.gateway(
        facts.company.company_id))
    if facts.gateway and reaches_trunk(user):
        facts = replace(facts, user_toll=outbound_limits(
            data.session, facts.company.company_id, user.user_id))
    return facts


def reaches_trunk(user: UserTarget) -> bool:
    return bool(user.twin_numbers) or \
        direct_call_plan(user.profile).then.kind is DestinationKind.EXTERNAL


@dataclass(frozen=True)
class TrunkView:
    id: int
    company_id: int | None
    country: str | None
    inbound_prefix: str | None
    networks: tuple[str, ...]


@dataclass(frozen=True)
class NumberView:
    """Where a company number goes: a user or a service."""

    company_id: int
    user_id: int | None
    service_id: int | None


class RoutingData:
    """What dialplan facts are made of, read from PostgreSQL through one session."""

    def __init__(self, session: Session):
        self.session = session

    def company_by_domain(self, domain: str) -> CompanyFacts | None:
        return _company_by_domain(self.session, domain)

    def company_by_id(self, company_id: int) -> CompanyFacts | None:
        return _company_by_id(self.session, company_id)

    def user_by_extension(self, company_id: int, extension: str) -> UserTarget | None:
        return _user_by_extension(self.session, company_id, extension)

    def user_by_id(self, company_id: int, user_id: int) -> UserTarget | None:
        return _user_target(self.session, (_u.c.company_id == company_id) & (_u.c.id == user_id))

    def service_by_extension(self, company_id: int, extension: str) -> ServiceTarget | None:
        return _service_by_extension(self.session, company_id, extension)

    def conference_room(self, company_id: int, number: str) -> int | None:
        """Never cached: a room made a moment ago is dialled at once."""
        return room_by_number(self.session, company_id, number)

    def gateway(self, company_id: int) -> str | None:
        return _gateway(self.session, company_id)

    def directory_user(self, domain: str, username: str) -> DirectoryUser | None:
        return find_directory_user(self.session, domain, username)

    def trunk_for_source(self, source_ip: str | None) -> TrunkView | None:
        try:
            address = ipaddress.ip_address(source_ip or "")
        except ValueError:
            return None
        return next((t for t in self.trunks() if _matches(address, t.networks)), None)

    def trunks(self) -> list[TrunkView]:
        """Enabled trunks, the one to prefer first."""
        return [TrunkView(t.id, t.company_id, t.country, t.inbound_prefix,
                          tuple(t.source_addresses or ()))
                for t in self.session.scalars(select(Trunk).where(Trunk.enabled.is_(True))
                                              .order_by(Trunk.priority, Trunk.id))]

    def number_on_trunk(self, trunk: TrunkView, dialled: str) -> NumberView | None:
        country = trunk.country
        if country is None and trunk.company_id is not None:
            country = self.session.scalar(select(Company.country)
                                          .where(Company.id == trunk.company_id))
        e164 = inbound_e164(dialled, country or DEFAULT_COUNTRY, trunk.inbound_prefix)
        if e164 is None:
            return None
        stmt = select(PhoneNumber.company_id, PhoneNumber.user_id, PhoneNumber.service_id) \
            .where(PhoneNumber.e164 == e164)
        if trunk.company_id is not None:
            stmt = stmt.where(PhoneNumber.company_id == trunk.company_id)
        row = self.session.execute(stmt).first()
        return NumberView(row.company_id, row.user_id, row.service_id) if row else None


class CachedRoutingData(RoutingData):
    """The same look-ups, remembered until PostgreSQL says the company changed
    (vaxel.infra.changes): a call to a known company then costs no database round trip. What
    spans companies (the trunk list, a number no company has yet) is tagged ANY_COMPANY
    and forgotten on every change."""

    def __init__(self, session_factory: Callable[[], Session], cache: CompanyCache):
        self._session_factory = session_factory
        self._cache = cache

    @property
    def session(self) -> Session:  # type: ignore[override]
        return self._session_factory()

    def company_by_domain(self, domain: str) -> CompanyFacts | None:
        return self._cache.get_tagged(
            ("company-domain", domain.lower()),
            lambda: _tagged_company(super(CachedRoutingData, self).company_by_domain(domain)))

    def company_by_id(self, company_id: int) -> CompanyFacts | None:
        return self._cache.get(("company", company_id), company_id,
                               lambda: super(CachedRoutingData, self).company_by_id(company_id))

    def user_by_extension(self, company_id: int, extension: str) -> UserTarget | None:
        return self._cache.get(
            ("user-ext", company_id, extension), company_id,
            lambda: super(CachedRoutingData, self).user_by_extension(company_id, extension))

    def user_by_id(self, company_id: int, user_id: int) -> UserTarget | None:
        return self._cache.get(
            ("user-id", company_id, user_id), company_id,
            lambda: super(CachedRoutingData, self).user_by_id(company_id, user_id))

    def service_by_extension(self, company_id: int, extension: str) -> ServiceTarget | None:
        return self._cache.get(
            ("service-ext", company_id, extension), company_id,
            lambda: super(CachedRoutingData, self).service_by_extension(company_id, extension))

    def gateway(self, company_id: int) -> str | None:
        # A platform-wide trunk has no company: its changes notify everything ("*").
        return self._cache.get(("gateway", company_id), company_id,
                               lambda: super(CachedRoutingData, self).gateway(company_id))

    def directory_user(self, domain: str, username: str) -> DirectoryUser | None:
        def load() -> tuple[object, DirectoryUser | None]:
            user = super(CachedRoutingData, self).directory_user(domain, username)
            company = self.company_by_domain(domain)
            return (company.company_id if company else None), user
        return self._cache.get_tagged(("caller", domain.lower(), username), load)

    def trunks(self) -> list[TrunkView]:
        return self._cache.get(("trunks",), ANY_COMPANY, super().trunks)

    def number_on_trunk(self, trunk: TrunkView, dialled: str) -> NumberView | None:
        def load() -> tuple[object, NumberView | None]:
            number = super(CachedRoutingData, self).number_on_trunk(trunk, dialled)
            return (number.company_id if number else trunk.company_id or ANY_COMPANY), number
        return self._cache.get_tagged(("number", trunk.id, dialled), load)


def _tagged_company(company: CompanyFacts | None) -> tuple[int | None, CompanyFacts | None]:
    # An unknown domain is not kept: nothing would tell us when it starts to exist.
    return (company.company_id if company else None), company


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


def _matches(address, networks: list[str]) -> bool:
    for network in networks:
        try:
            if address in ipaddress.ip_network(network, strict=False):
                return True
        except ValueError:
            log.warning("trunk source address %r is not an address or network", network)
    return False
