"""Opening schedules in PostgreSQL: editing them, and reading one as a pure ScheduleView."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import audited, snapshot
from ..errors import InvalidInput, NotFound
from ..routing.destinations import Destination
from ..switchboard.models import SwitchboardService
from ..tenancy.models import Company
from .models import OpeningHours, OpeningSchedule, ScheduleException, ScheduleOverride
from .public_holidays import public_holidays
from .rules import (
    ALWAYS_OPEN, DayException, OpenState, Override, ScheduleView, WeeklyHours, is_open,
)


@dataclass(frozen=True)
class Opening:
    """Whether a service is open now, and where its calls go while it is closed."""

    state: OpenState
    closed_destination: Destination | None


def parse_destination(text: str) -> Destination:
    try:
        return Destination.parse(text)
    except ValueError as exc:
        raise InvalidInput(f"{text!r} is not a destination.") from exc


def create_schedule(
    session: Session, company: Company, *, service: SwitchboardService | None = None,
    closed_destination: str = "message:closed",
) -> OpeningSchedule:
    """The company's default schedule (service None) or one service's own schedule."""
    if service is not None and service.company_id != company.id:
        raise NotFound("No such service in this company.")
    schedule = OpeningSchedule(
        company_id=company.id, service_id=service.id if service else None,
        closed_destination=str(parse_destination(closed_destination)),
    )
    session.add(schedule)
    session.flush()
    return schedule


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


def _set_hours(session: Session, schedule: OpeningSchedule, hours: Iterable[WeeklyHours]) -> None:
    rows = [OpeningHours(weekday=h.weekday, opens=h.opens, closes=h.closes) for h in hours]
    if any(not 0 <= r.weekday <= 6 for r in rows):
        raise InvalidInput("A weekday is 0 (Monday) to 6 (Sunday).")
    schedule.hours = rows
    session.flush()


def set_weekly_hours(session: Session, actor: Actor, schedule: OpeningSchedule,
                     hours: Iterable[WeeklyHours]) -> None:
    """Replace the schedule's weekly windows."""
    with audited(session, actor, "set-hours", schedule, schedule_state):
        _set_hours(session, schedule, hours)


def _add_exception(session: Session, schedule: OpeningSchedule, day: dt.date,
                   opens: dt.time | None, closes: dt.time | None, name: str) -> ScheduleException:
    if (opens is None) != (closes is None):
        raise InvalidInput("A special day needs both an opening and a closing time.")
    row = ScheduleException(day=day, opens=opens, closes=closes, name=name.strip())
    schedule.exceptions.append(row)
    session.flush()
    return row


def add_exception(
    session: Session, actor: Actor, schedule: OpeningSchedule, day: dt.date, *,
    opens: dt.time | None = None, closes: dt.time | None = None, name: str = "",
) -> ScheduleException:
    """Close a date (no hours) or give it its own hours (a half day)."""
    with audited(session, actor, "add-exception", schedule, schedule_state):
        return _add_exception(session, schedule, day, opens, closes, name)


def prefill_public_holidays(session: Session, actor: Actor, schedule: OpeningSchedule,
                            country: str, year: int, *,
                            include_eves: bool = True) -> list[ScheduleException]:
    """Close the year's public holidays (and eves) on dates that have no exception yet."""
    taken = {e.day for e in schedule.exceptions}
    with audited(session, actor, "prefill-holidays", schedule, schedule_state) as change:
        added = [_add_exception(session, schedule, h.day, None, None, h.name)
                 for h in public_holidays(country, year, include_eves=include_eves)
                 if h.day not in taken]
        change.skip = not added
    return added


def set_override(
    session: Session, actor: Actor, schedule: OpeningSchedule, open: bool, *,
    now: dt.datetime, until: dt.datetime | None = None,
) -> ScheduleOverride:
    """Open or close by hand ("one click") until lifted, or until `until`; who clicked is
    kept on the override (the actor's user) as well as in the audit log."""
    if until is not None and until <= now:
        raise InvalidInput("An override must last until a time in the future.")
    with audited(session, actor, "open" if open else "close", schedule, schedule_state):
        if schedule.override is None:
            schedule.override = ScheduleOverride(open=open)
        override = schedule.override
        override.open, override.until, override.set_at = open, until, now
        override.set_by_user_id = actor.user_id
        session.flush()
    return override


def lift_override(session: Session, actor: Actor, schedule: OpeningSchedule) -> bool:
    """Go back to the schedule; False when there was no override."""
    with audited(session, actor, "follow-schedule", schedule, schedule_state) as change:
        had_one = schedule.override is not None
        change.skip = not had_one
        schedule.override = None
        session.flush()
    return had_one


def schedule_for(session: Session, company_id: int,
                 service_id: int | None = None) -> OpeningSchedule | None:
    """The service's own schedule, else the company's default, else None (always open)."""
    rows = session.scalars(select(OpeningSchedule).where(
        OpeningSchedule.company_id == company_id,
        (OpeningSchedule.service_id == service_id) | OpeningSchedule.service_id.is_(None),
    )).all()
    own = [s for s in rows if s.service_id is not None and s.service_id == service_id]
    default = [s for s in rows if s.service_id is None]
    return (own or default or [None])[0]


def schedule_view(schedule: OpeningSchedule, timezone: str) -> ScheduleView:
    """The plain values is_open reads, taken from a schedule and its company's zone."""
    override = schedule.override
    return ScheduleView(
        timezone=timezone,
        weekly=tuple(WeeklyHours(h.weekday, h.opens, h.closes) for h in schedule.hours),
        exceptions=tuple(DayException(e.day, e.opens, e.closes, e.name)
                         for e in schedule.exceptions),
        override=Override(override.open, override.until) if override else None,
        closed_destination=parse_destination(schedule.closed_destination),
    )


def opening(session: Session, company_id: int, service_id: int | None,
            now: dt.datetime) -> Opening:
    """Is the company (or one service of it) open at `now`, and where do closed calls go?"""
    return opening_at(schedule_view_for(session, company_id, service_id), now)


def schedule_view_for(session: Session, company_id: int,
                      service_id: int | None) -> ScheduleView | None:
    """The schedule that applies to a service (None: always open), as plain values."""
    schedule = schedule_for(session, company_id, service_id)
    if schedule is None:
        return None
    timezone = session.scalar(select(Company.timezone).where(Company.id == company_id))
    return schedule_view(schedule, timezone)


def opening_at(view: ScheduleView | None, now: dt.datetime) -> Opening:
    if view is None:
        return Opening(ALWAYS_OPEN, None)
    return Opening(is_open(view, now), view.closed_destination)


# A fresh default schedule is open round the clock (a closing time equal to the opening
# time runs to the same time next day), so creating one changes nothing for callers.
ROUND_THE_CLOCK = tuple(WeeklyHours(day, dt.time(0), dt.time(0)) for day in range(7))


def company_schedule(session: Session, company: Company, *,
                     create: bool = True) -> OpeningSchedule | None:
    """The company's default schedule; on first use created open round the clock
    (None when it does not exist and `create` is False)."""
    schedule = session.scalar(select(OpeningSchedule).where(
        OpeningSchedule.company_id == company.id, OpeningSchedule.service_id.is_(None)))
    if schedule is None and create:
        schedule = create_schedule(session, company)
        _set_hours(session, schedule, ROUND_THE_CLOCK)
    return schedule


def unsaved_default_schedule(company: Company) -> OpeningSchedule:
    """What company_schedule would create, for showing without writing anything."""
    return OpeningSchedule(company_id=company.id, closed_destination="message:closed",
                           hours=[OpeningHours(weekday=h.weekday, opens=h.opens, closes=h.closes)
                                  for h in ROUND_THE_CLOCK])


def set_closed_destination(session: Session, actor: Actor, schedule: OpeningSchedule,
                           text: str) -> None:
    with audited(session, actor, "update", schedule, schedule_state):
        schedule.closed_destination = str(parse_destination(text))
        session.flush()


def remove_exception(session: Session, actor: Actor, schedule: OpeningSchedule,
                     exception_id: int) -> bool:
    """Drop one dated exception; False when the schedule has no such exception."""
    with audited(session, actor, "remove-exception", schedule, schedule_state) as change:
        before = len(schedule.exceptions)
        schedule.exceptions = [e for e in schedule.exceptions if e.id != exception_id]
        session.flush()
        change.skip = len(schedule.exceptions) == before
    return not change.skip
