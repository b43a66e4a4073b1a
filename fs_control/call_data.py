"""The data call flows read while a call runs, from PostgreSQL."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload, sessionmaker

import datetime as dt

from vaxel.callflow.commands import DialTarget, Prompt
from vaxel.callflow.context import Person
from vaxel.callflow.prompts import standard_prompt
from vaxel.models import Company, DeviceKind, SwitchboardService, User
from vaxel.errors import NotFound
from vaxel.routing.facts import _gateway as gateway_for_company
from vaxel.presence.rules import ProfileView, outward_caller_id
from vaxel.infra.changes import CompanyCache
from vaxel.schedules.rules import ScheduleView
from vaxel.schedules.services import Opening, opening_at, schedule_view_for
from vaxel.switchboard.ivr import services as ivr_services
from vaxel.switchboard.ivr.rules import MenuView


class DatabaseCallData:
    """Each look-up opens a short session: a call can run for hours, a session should not."""

    def __init__(self, session_factory: sessionmaker[Session]):
        self.session_factory = session_factory

    def person(self, company_id: int, extension: str) -> Person | None:
        with self.session_factory() as session:
            row = session.execute(
                select(User, Company.sip_domain).join(Company, Company.id == User.company_id)
                .where(User.company_id == company_id, User.extension == extension, User.active)
                .options(selectinload(User.devices), joinedload(User.active_profile))
            ).first()
            return None if row is None else _person(row[0], row[1])

    def service_kind(self, company_id: int, service_id: int) -> str | None:
        with self.session_factory() as session:
            kind = session.scalar(select(SwitchboardService.kind).where(
                SwitchboardService.company_id == company_id, SwitchboardService.id == service_id))
            return kind.value if kind else None

    def prompt(self, company_id: int, name: str) -> Prompt:
        return standard_prompt(company_id, name)

    def entry_menu(self, company_id: int, service_id: int) -> MenuView | None:
        with self.session_factory() as session:
            try:
                return ivr_services.entry_menu(session, company_id, service_id)
            except NotFound:
                return None

    def menu(self, company_id: int, menu_id: int) -> MenuView | None:
        with self.session_factory() as session:
            try:
                return ivr_services.load_menu(session, company_id, menu_id)
            except NotFound:
                return None

    def extensions(self, company_id: int) -> frozenset[str]:
        with self.session_factory() as session:
            return ivr_services.company_extensions(session, company_id)

    def gateway(self, company_id: int) -> str | None:
        with self.session_factory() as session:
            return gateway_for_company(session, company_id)

    def schedule(self, company_id: int, service_id: int | None) -> ScheduleView | None:
        with self.session_factory() as session:
            return schedule_view_for(session, company_id, service_id)

    def opening(self, company_id: int, service_id: int | None, now: dt.datetime) -> Opening:
        return opening_at(self.schedule(company_id, service_id), now)


class CachedCallData(DatabaseCallData):
    """The same look-ups, remembered until PostgreSQL says the company changed
    (vaxel.infra.changes); a call set-up then costs no database round trip at all."""

    def __init__(self, session_factory: sessionmaker[Session], cache: CompanyCache):
        super().__init__(session_factory)
        self.cache = cache

    def _cached(self, name: str, company_id: int, *args):
        load = getattr(super(), name)
        return self.cache.get((name, company_id, *args), company_id,
                              lambda: load(company_id, *args))

    def person(self, company_id: int, extension: str) -> Person | None:
        return self._cached("person", company_id, extension)

    def service_kind(self, company_id: int, service_id: int) -> str | None:
        return self._cached("service_kind", company_id, service_id)

    def entry_menu(self, company_id: int, service_id: int) -> MenuView | None:
        return self._cached("entry_menu", company_id, service_id)

    def menu(self, company_id: int, menu_id: int) -> MenuView | None:
        return self._cached("menu", company_id, menu_id)

    def extensions(self, company_id: int) -> frozenset[str]:
        return self._cached("extensions", company_id)

    def gateway(self, company_id: int) -> str | None:
        return self._cached("gateway", company_id)

    def schedule(self, company_id: int, service_id: int | None) -> ScheduleView | None:
        return self._cached("schedule", company_id, service_id)


def _person(user: User, domain: str) -> Person:
    view = ProfileView.of(user, user.active_profile)
    targets = []
    for device in user.devices:
        if not device.enabled:
            continue
        if device.kind is DeviceKind.MOBILE_TWIN and device.external_number:
            # A twin leg leaves through a trunk, which accepts only our own numbers as
            # caller ID, so it presents the user's outward number.
            targets.append(DialTarget("external", device.external_number,
                                      outward_caller_id(view, None), user.company_id, user.id))
        elif device.sip_username and device.a1_hash:
            targets.append(DialTarget("sip", f"{device.sip_username}@{domain}",
                                      company_id=user.company_id, user_id=user.id))
    return Person(user.id, user.name, view, tuple(targets),
                  ring_simultaneously=not user.ring_in_turn, recorded=user.recording_enabled)
