"""Which presence profile a user's schedule puts in force, and when a manual choice yields.
Pure: plain values in, plain values out.

The rule: the most recent decision wins. The schedule "decides" at each instant where the
scheduled profile changes (a window starts or ends, the fallback included). A manual choice
made after the schedule's last decision holds until the schedule's next one; a manual choice
older than that has been overridden by the schedule. When no window covers the instant and
there is no fallback, the schedule says nothing and the manual choice (if any) stays.
Where windows overlap, the one that started last wins (Lunch inside Work).

Calendar meetings (busy events from a linked calendar) are one-off windows that win over
every weekly window while they last; their start and end are decisions like any other, so
a manual choice made during a meeting holds until the meeting ends. After a meeting, when
neither the schedule nor a manual choice says anything, the user resumes the profile that
was in force when the meeting started (`resume_profile_id`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Sequence

from ..schedules import clock

# A schedule's last decision is looked for this many days back; a week covers every window.
LOOKBACK_DAYS = 8
_JUST_BEFORE = dt.timedelta(microseconds=1)


@dataclass(frozen=True)
class ProfileWindow:
    """Profile `profile_id` is scheduled on `weekdays` (0 = Monday) from `starts` to `ends`."""

    profile_id: int
    weekdays: frozenset[int]
    starts: dt.time
    ends: dt.time


@dataclass(frozen=True)
class Meeting:
    """A busy calendar event: `profile_id` wins over every window from `start` to `end`."""

    start: dt.datetime
    end: dt.datetime
    profile_id: int


@dataclass(frozen=True)
class _Span:
    start: dt.datetime
    end: dt.datetime
    profile_id: int
    rank: int = 0  # meetings (1) beat weekly windows (0) whatever their start


def _spans(windows: Sequence[ProfileWindow], instant: dt.datetime, tz_name: str,
           meetings: Sequence[Meeting] = ()) -> list[_Span]:
    tz = clock.zone(tz_name)
    weekly = [_Span(*clock.window(day, w.starts, w.ends, tz), w.profile_id)
              for day in clock.days_around(instant, tz, LOOKBACK_DAYS + 1, 1)
              for w in windows if day.weekday() in w.weekdays]
    return weekly + [_Span(m.start, m.end, m.profile_id, 1) for m in meetings]


def _profile_at(spans: list[_Span], instant: dt.datetime, fallback: int | None) -> int | None:
    covering = [s for s in spans if s.start <= instant < s.end]
    if not covering:
        return fallback
    return max(covering, key=lambda s: (s.rank, s.start)).profile_id


def scheduled_profile(windows: Sequence[ProfileWindow], instant: dt.datetime, tz: str,
                      fallback_profile_id: int | None = None,
                      meetings: Sequence[Meeting] = ()) -> int | None:
    """The profile the schedule (and the calendar) alone puts in force at `instant`."""
    clock.require_aware(instant)
    return _profile_at(_spans(windows, instant, tz, meetings), instant, fallback_profile_id)


def last_scheduled_change(windows: Sequence[ProfileWindow], instant: dt.datetime, tz: str,
                          fallback_profile_id: int | None = None,
                          meetings: Sequence[Meeting] = ()) -> dt.datetime | None:
    """The latest instant at or before `instant` where the scheduled profile changed."""
    clock.require_aware(instant)
    spans = _spans(windows, instant, tz, meetings)
    edges = sorted({t for s in spans for t in (s.start, s.end) if t <= instant}, reverse=True)
    for edge in edges:
        before = _profile_at(spans, edge - _JUST_BEFORE, fallback_profile_id)
        if _profile_at(spans, edge, fallback_profile_id) != before:
            return edge
    return None


def active_profile(user_schedules: Sequence[ProfileWindow], manual_profile_id: int | None,
                   manual_set_at: dt.datetime | None, instant: dt.datetime, tz: str,
                   fallback_profile_id: int | None = None, meetings: Sequence[Meeting] = (),
                   resume_profile_id: int | None = None) -> int | None:
    """The profile that should be active at `instant` (see the module's rule); None when
    nothing has chosen one."""
    changed_at = last_scheduled_change(user_schedules, instant, tz, fallback_profile_id, meetings)
    manual_is_newer = manual_set_at is not None and (changed_at is None or manual_set_at >= changed_at)
    if manual_profile_id is not None and manual_is_newer:
        return manual_profile_id
    scheduled = scheduled_profile(user_schedules, instant, tz, fallback_profile_id, meetings)
    if scheduled is not None:
        return scheduled
    return manual_profile_id if manual_profile_id is not None else resume_profile_id
