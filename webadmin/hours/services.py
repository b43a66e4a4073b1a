"""The portal's opening-hours use-cases: each changes the company's default schedule
through vaxel.schedules and audits the whole schedule before and after."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from flask import g
from sqlalchemy.orm import Session

from vaxel.audit.services import snapshot
from vaxel.models import Company, OpeningSchedule, User
from vaxel.schedules import services as domain
from vaxel.schedules.clock import zone
from vaxel.schedules.rules import OpenState, WeeklyHours

from ..audit.record import record


def schedule_state(schedule: OpeningSchedule) -> dict[str, Any]:
    """What the audit log keeps of a schedule: hours, exceptions and any override."""
    override = schedule.override
    return {
        **snapshot(schedule),
        "hours": [f"{h.weekday} {h.opens:%H:%M}-{h.closes:%H:%M}" for h in schedule.hours],
        "exceptions": [f"{e.day} {e.name}".strip() for e in schedule.exceptions],
        "override": None if override is None else {
            "open": override.open, "until": override.until.isoformat() if override.until else None},
    }


def _changed(action: str, schedule: OpeningSchedule, was: dict[str, Any]) -> None:
    record(action, schedule, was, now=schedule_state(schedule))


def set_weekly_hours(db: Session, schedule: OpeningSchedule, hours: Iterable[WeeklyHours]) -> None:
    was = schedule_state(schedule)
    domain.set_weekly_hours(db, schedule, hours)
    _changed("set-hours", schedule, was)


def add_exception(db: Session, schedule: OpeningSchedule, day: dt.date, opens: dt.time | None,
                  closes: dt.time | None, name: str) -> None:
    was = schedule_state(schedule)
    domain.add_exception(db, schedule, day, opens=opens, closes=closes, name=name)
    _changed("add-exception", schedule, was)


def remove_exception(db: Session, schedule: OpeningSchedule, exception_id: int) -> None:
    was = schedule_state(schedule)
    if domain.remove_exception(db, schedule, exception_id):
        _changed("remove-exception", schedule, was)


def prefill_holidays(db: Session, company: Company, schedule: OpeningSchedule, year: int) -> int:
    was = schedule_state(schedule)
    added = domain.prefill_public_holidays(db, schedule, company.country, year)
    if added:
        _changed("prefill-holidays", schedule, was)
    return len(added)


def set_closed_destination(db: Session, schedule: OpeningSchedule, destination: str) -> None:
    was = schedule_state(schedule)
    domain.set_closed_destination(db, schedule, destination)
    _changed("update", schedule, was)


def set_override(db: Session, schedule: OpeningSchedule, open: bool,
                 until: dt.datetime | None) -> None:
    """The one-click open/close; who clicked is kept on the override as well as in the log."""
    was = schedule_state(schedule)
    user = db.get(User, g.account.user_id) if g.account.user_id else None
    domain.set_override(db, schedule, open, now=dt.datetime.now(dt.timezone.utc),
                        until=until, user=user)
    _changed("open" if open else "close", schedule, was)


def lift_override(db: Session, schedule: OpeningSchedule) -> None:
    was = schedule_state(schedule)
    if domain.lift_override(db, schedule):
        _changed("follow-schedule", schedule, was)


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
