"""The life of a licence: buy, assign, move, freeze, terminate, upgrade Fixed→Mobile.

A licence belongs to the company, not to a person: it can sit unassigned, move between
users, and outlive the user it was assigned to.
"""
from __future__ import annotations

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..errors import Conflict, InvalidInput, NotFound
from ..tenancy.models import Company
from .models import Licence, LicenceKind, LicenceStatus, LicenceTerm, User


def buy_licence(
    session: Session, company: Company, kind: LicenceKind,
    *, bound_until: dt.date | None = None,
) -> Licence:
    term = LicenceTerm.BOUND if bound_until else LicenceTerm.UNBOUND
    licence = Licence(company_id=company.id, kind=kind, term=term, bound_until=bound_until)
    session.add(licence)
    session.flush()
    return licence


def _require_usable(licence: Licence) -> None:
    if licence.status is LicenceStatus.TERMINATED:
        raise Conflict("The licence is terminated.")


def assign_licence(session: Session, licence: Licence, user: User) -> None:
    """Assign (or move) a licence to a user of the same company who has no other licence."""
    _require_usable(licence)
    if user.company_id != licence.company_id:
        raise NotFound("No such user in this company.")
    other = session.scalar(select(Licence.id).where(
        Licence.user_id == user.id, Licence.id != licence.id,
        Licence.status != LicenceStatus.TERMINATED,
    ))
    if other:
        raise Conflict(f"{user.name} already holds a licence.")
    licence.user_id = user.id


def unassign_licence(licence: Licence) -> None:
    licence.user_id = None


def freeze_licence(licence: Licence) -> None:
    _require_usable(licence)
    licence.status = LicenceStatus.FROZEN


def unfreeze_licence(licence: Licence) -> None:
    _require_usable(licence)
    licence.status = LicenceStatus.ACTIVE


def terminate_licence(licence: Licence, today: dt.date) -> None:
    """End a licence; a bound licence cannot end before its binding period."""
    if licence.term is LicenceTerm.BOUND and licence.bound_until and today < licence.bound_until:
        raise Conflict(f"The licence is bound until {licence.bound_until.isoformat()}.")
    licence.status = LicenceStatus.TERMINATED
    licence.user_id = None


def upgrade_to_mobile(licence: Licence) -> None:
    _require_usable(licence)
    if licence.kind is not LicenceKind.FIXED:
        raise InvalidInput("Only a Fixed licence can be upgraded to Mobile.")
    licence.kind = LicenceKind.MOBILE
