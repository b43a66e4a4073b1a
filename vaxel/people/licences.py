"""The life of a licence: buy, assign, move, freeze, terminate, upgrade Fixed→Mobile.

A licence belongs to the company, not to a person: it can sit unassigned, move between
users, and outlive the user it was assigned to.
"""
from __future__ import annotations

import datetime as dt
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record, snapshot
from ..errors import Conflict, InvalidInput, NotFound
from ..tenancy.models import Company
from .models import Licence, LicenceKind, LicenceStatus, LicenceTerm, User


def buy_licence(
    session: Session, actor: Actor, company: Company, kind: LicenceKind,
    *, bound_until: dt.date | None = None,
) -> Licence:
    actor.check_company(company.id, "company")
    term = LicenceTerm.BOUND if bound_until else LicenceTerm.UNBOUND
    licence = Licence(company_id=company.id, kind=kind, term=term, bound_until=bound_until)
    session.add(licence)
    session.flush()
    record(session, actor, "buy", licence)
    return licence


def _change(session: Session, actor: Actor, action: str, licence: Licence,
            change: Callable[[], None]) -> None:
    """Every step of a licence's life: the actor's company, the step, the audit entry."""
    actor.check_company(licence.company_id, "licence")
    was = snapshot(licence)
    change()
    session.flush()
    record(session, actor, action, licence, was)


def _require_usable(licence: Licence) -> None:
    if licence.status is LicenceStatus.TERMINATED:
        raise Conflict("The licence is terminated.")


def assign_licence(session: Session, actor: Actor, licence: Licence, user: User | None) -> None:
    """Assign (or move) a licence to a user of the same company who has no other licence;
    None takes it off whoever holds it."""
    def assign() -> None:
        if user is not None:
            _check_assignable(session, licence, user)
        licence.user_id = user.id if user else None
    _change(session, actor, "assign" if user else "unassign", licence, assign)


def _check_assignable(session: Session, licence: Licence, user: User) -> None:
    _require_usable(licence)
    if user.company_id != licence.company_id:
        raise NotFound("No such user in this company.")
    other = session.scalar(select(Licence.id).where(
        Licence.user_id == user.id, Licence.id != licence.id,
        Licence.status != LicenceStatus.TERMINATED,
    ))
    if other:
        raise Conflict(f"{user.name} already holds a licence.")


def freeze_licence(session: Session, actor: Actor, licence: Licence) -> None:
    def freeze() -> None:
        _require_usable(licence)
        licence.status = LicenceStatus.FROZEN
    _change(session, actor, "freeze", licence, freeze)


def unfreeze_licence(session: Session, actor: Actor, licence: Licence) -> None:
    def unfreeze() -> None:
        _require_usable(licence)
        licence.status = LicenceStatus.ACTIVE
    _change(session, actor, "unfreeze", licence, unfreeze)


def terminate_licence(session: Session, actor: Actor, licence: Licence, today: dt.date) -> None:
    """End a licence; a bound licence cannot end before its binding period."""
    def terminate() -> None:
        if (licence.term is LicenceTerm.BOUND and licence.bound_until
                and today < licence.bound_until):
            raise Conflict(f"The licence is bound until {licence.bound_until.isoformat()}.")
        licence.status = LicenceStatus.TERMINATED
        licence.user_id = None
    _change(session, actor, "terminate", licence, terminate)


def upgrade_to_mobile(session: Session, actor: Actor, licence: Licence) -> None:
    def upgrade() -> None:
        _require_usable(licence)
        if licence.kind is not LicenceKind.FIXED:
            raise InvalidInput("Only a Fixed licence can be upgraded to Mobile.")
        licence.kind = LicenceKind.MOBILE
    _change(session, actor, "upgrade", licence, upgrade)
