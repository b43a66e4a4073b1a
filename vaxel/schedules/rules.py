"""Is the switchboard open at this instant? Pure decisions, no database, no sockets.

The rules, in order:
1. A manual override ("close the switchboard now") wins until it is lifted or its
   `until` passes.
2. A dated exception replaces the weekly hours of the windows that *open* on that date:
   no hours on the exception means closed all day (a holiday), hours mean a special day
   (a half day). A window opened the evening before still runs past midnight.
3. Otherwise the weekly hours: windows per weekday (0 = Monday) in the company's zone.
"""
from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field

from ..routing.destinations import Destination, DestinationKind
from . import clock

# How far ahead `until` looks for the next change; beyond it the state counts as lasting.
HORIZON_DAYS = 14


class Reason(str, enum.Enum):
    OVERRIDE = "override"        # someone opened or closed the switchboard by hand
    EXCEPTION = "exception"      # a holiday or special day decides
    HOURS = "hours"              # the weekly opening hours decide
    NO_SCHEDULE = "no_schedule"  # nothing configured: always open


@dataclass(frozen=True)
class WeeklyHours:
    weekday: int  # 0 = Monday … 6 = Sunday, the day the window opens
    opens: dt.time
    closes: dt.time


@dataclass(frozen=True)
class DayException:
    """A dated exception; without hours the day is closed, with hours it is a special day."""

    day: dt.date
    opens: dt.time | None = None
    closes: dt.time | None = None
    name: str = ""

    @property
    def closed_all_day(self) -> bool:
        return self.opens is None or self.closes is None


@dataclass(frozen=True)
class Override:
    open: bool
    until: dt.datetime | None = None  # None: until lifted

    def active(self, instant: dt.datetime) -> bool:
        return self.until is None or instant < self.until


@dataclass(frozen=True)
class ScheduleView:
    """The parts of an opening schedule the decision reads."""

    timezone: str
    weekly: tuple[WeeklyHours, ...] = ()
    exceptions: tuple[DayException, ...] = ()
    override: Override | None = None
    closed_destination: Destination = field(
        default_factory=lambda: Destination(DestinationKind.MESSAGE, "closed"))


@dataclass(frozen=True)
class OpenState:
    """Open or closed, why, and until when (None: no change within the horizon, or an
    override until lifted); `note` names the exception (e.g. "Midsommarafton")."""

    open: bool
    reason: Reason
    until: dt.datetime | None
    note: str = ""


@dataclass(frozen=True)
class _Interval:
    start: dt.datetime
    end: dt.datetime
    reason: Reason
    note: str


ALWAYS_OPEN = OpenState(True, Reason.NO_SCHEDULE, None)


def is_open(view: ScheduleView, instant_utc: dt.datetime) -> OpenState:
    """Decide whether the switchboard described by `view` is open at `instant_utc`."""
    clock.require_aware(instant_utc)
    if view.override is not None and view.override.active(instant_utc):
        return OpenState(view.override.open, Reason.OVERRIDE, view.override.until)
    intervals = open_intervals(view, instant_utc, HORIZON_DAYS)
    current = [i for i in intervals if i.start <= instant_utc < i.end]
    if current:
        return OpenState(True, current[0].reason, _end_of_run(intervals, current),
                         current[0].note)
    later = [i.start for i in intervals if i.start > instant_utc]
    reason, note = _closed_reason(view, instant_utc)
    return OpenState(False, reason, min(later) if later else None, note)


def open_intervals(view: ScheduleView, around: dt.datetime, days_ahead: int) -> list[_Interval]:
    """Every open window from the local day before `around` to `days_ahead` days after."""
    tz = clock.zone(view.timezone)
    exceptions = _exceptions_by_day(view)
    result: list[_Interval] = []
    for day in clock.days_around(around, tz, 1, days_ahead):
        if day in exceptions:
            result += _exception_intervals(exceptions[day], tz)
        else:
            result += _weekly_intervals(view.weekly, day, tz)
    return sorted(result, key=lambda i: i.start)


def _exceptions_by_day(view: ScheduleView) -> dict[dt.date, list[DayException]]:
    by_day: dict[dt.date, list[DayException]] = {}
    for exc in view.exceptions:
        by_day.setdefault(exc.day, []).append(exc)
    return by_day


def _exception_intervals(exceptions: list[DayException], tz) -> list[_Interval]:
    # A closed-all-day row wins over special hours on the same date.
    if any(e.closed_all_day for e in exceptions):
        return []
    return [_Interval(*clock.window(e.day, e.opens, e.closes, tz), Reason.EXCEPTION, e.name)
            for e in exceptions]


def _weekly_intervals(weekly: tuple[WeeklyHours, ...], day: dt.date, tz) -> list[_Interval]:
    return [_Interval(*clock.window(day, h.opens, h.closes, tz), Reason.HOURS, "")
            for h in weekly if h.weekday == day.weekday()]


def _end_of_run(intervals: list[_Interval], current: list[_Interval]) -> dt.datetime | None:
    """When the switchboard closes: the end of the chain of touching or overlapping windows
    (None when the chain runs to the end of the horizon, as round-the-clock hours do)."""
    end = max(i.end for i in current)
    for interval in intervals:
        if interval.start <= end < interval.end:
            end = interval.end
    return None if end >= max(i.end for i in intervals) else end


def _closed_reason(view: ScheduleView, instant: dt.datetime) -> tuple[Reason, str]:
    today = clock.local_date(instant, clock.zone(view.timezone))
    for exc in view.exceptions:
        if exc.day == today:
            return Reason.EXCEPTION, exc.name
    return Reason.HOURS, ""
