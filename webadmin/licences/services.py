"""The portal's licence use-cases, each audited."""
from __future__ import annotations

import datetime as dt
from typing import Callable

from sqlalchemy.orm import Session

from vaxel.models import Company, Licence, LicenceKind, User
from vaxel.people import licences as domain

from ..audit.record import before, record


def buy(db: Session, company: Company, kind: LicenceKind, bound_until: dt.date | None) -> Licence:
    licence = domain.buy_licence(db, company, kind, bound_until=bound_until)
    record("buy", licence)
    return licence


def assign(db: Session, licence: Licence, user: User | None) -> None:
    """Assign or move the licence to `user`; None takes it off whoever holds it."""
    was = before(licence)
    if user is None:
        domain.unassign_licence(licence)
    else:
        domain.assign_licence(db, licence, user)
    db.flush()
    record("assign" if user else "unassign", licence, was)


# Each lifecycle step by the name the portal posts; terminate needs today's date.
STEPS: dict[str, Callable[[Licence], None]] = {
    "freeze": domain.freeze_licence,
    "unfreeze": domain.unfreeze_licence,
    "upgrade": domain.upgrade_to_mobile,
    "terminate": lambda licence: domain.terminate_licence(licence, dt.date.today()),
}


def apply_step(db: Session, licence: Licence, step: str) -> None:
    was = before(licence)
    STEPS[step](licence)
    db.flush()
    record(step, licence, was)
