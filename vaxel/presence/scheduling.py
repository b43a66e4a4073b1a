"""Which presence profile a user's schedule puts in force, and when a manual choice yields.
Pure: plain values in, plain values out.

The rule: the most recent decision wins. The schedule "decides" at each instant where the
scheduled profile changes (a window starts or ends, the fallback included). A manual choice
made after the schedule's last decision holds until the schedule's next one; a manual choice
older than that has been overridden by the schedule. When no window covers the instant and
there is no fallback, the schedule says nothing and the manual choice (if any) stays.
Where windows overlap, the one that started last wins (Lunch inside Work).
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
class _Span:
    start: dt.datetime
    end: dt.datetime
    profile_id: int


def _spans(windows: Sequence[ProfileWindow], instant: dt.datetime, tz_name: str) -> list[_Span]:
    tz = clock.zone(tz_name)
    return [_Span(*clock.window(day, w.starts, w.ends, tz), w.profile_id)
            for day in clock.days_around(instant, tz, LOOKBACK_DAYS + 1, 1)
            for w in windows if day.weekday() in w.weekdays]


def _profile_at(spans: list[_Span], instant: dt.datetime, fallback: int | None) -> int | None:
    covering = [s for s in spans if s.start <= instant < s.end]
    if not covering:
        return fallback
    return max(covering, key=lambda s: s.start).profile_id


def scheduled_profile(windows: Sequence[ProfileWindow], instant: dt.datetime, tz: str,
                      fallback_profile_id: int | None = None) -> int | None:
    """The profile the schedule alone puts in force at `instant`."""
    clock.require_aware(instant)
    return _profile_at(_spans(windows, instant, tz), instant, fallback_profile_id)


def last_scheduled_change(windows: Sequence[ProfileWindow], instant: dt.datetime, tz: str,
                          fallback_profile_id: int | None = None) -> dt.datetime | None:
    """The latest instant at or before `instant` where the scheduled profile changed."""
    clock.require_aware(instant)
    spans = _spans(windows, instant, tz)
    edges = sorted({t for s in spans for t in (s.start, s.end) if t <= instant}, reverse=True)
    for edge in edges:
        before = _profile_at(spans, edge - _JUST_BEFORE, fallback_profile_id)
        if _profile_at(spans, edge, fallback_profile_id) != before:
            return edge
    return None


def active_profile(user_schedules: Sequence[ProfileWindow], manual_profile_id: int | None,
                   manual_set_at: dt.datetime | None, instant: dt.datetime, tz: str,
                   fallback_profile_id: int | None = None) -> int | None:
    """The profile that should be active at `instant` (see the module's rule); None when
    nothing has chosen one."""
    changed_at = last_scheduled_change(user_schedules, instant, tz, fallback_profile_id)
    manual_is_newer = manual_set_at is not None and (changed_at is None or manual_set_at >= changed_at)
    if manual_profile_id is not None and manual_is_newer:
        return manual_profile_id
    scheduled = scheduled_profile(user_schedules, instant, tz, fallback_profile_id)
    return scheduled if scheduled is not None else manual_profile_id
