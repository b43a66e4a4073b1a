"""The switchboard's open/closed state as the portal shows it (changes go straight to
vaxel.schedules, which audits them)."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from vaxel.models import Company
from vaxel.schedules import services as domain
from vaxel.schedules.clock import zone
from vaxel.schedules.rules import OpenState


@dataclass(frozen=True)
class StatusView:
    """The switchboard's state as the dashboard shows it, times in the company's zone."""

    open: bool
    reason: str
    until: dt.datetime | None
    note: str


def current_status(db: Session, company: Company) -> StatusView:
    state: OpenState = domain.opening(db, company.id, None, dt.datetime.now(dt.timezone.utc)).state
    until = state.until.astimezone(zone(company.timezone)) if state.until else None
    return StatusView(state.open, state.reason.value, until, state.note)
