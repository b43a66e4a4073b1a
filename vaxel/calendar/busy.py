"""Which stretches of time an iCalendar feed marks busy, and whether one covers an instant.
Pure: the feed's bytes in, plain intervals out; no network, no database.

Busy follows the iCalendar free/busy semantics: a VEVENT blocks time unless it is
TRANSP:TRANSPARENT or STATUS:CANCELLED (RFC 5545 §3.8.2.7, §3.8.1.11); Microsoft 365's
X-MICROSOFT-CDO-BUSYSTATUS, when present, overrides TRANSP (FREE and TENTATIVE do not
block, BUSY and OOF do). VFREEBUSY periods count unless their FBTYPE is FREE.
Recurrences (RRULE, RDATE, EXDATE, moved or cancelled occurrences) are expanded by
recurring-ical-events; all-day events and floating times are read in the user's zone.
Expansion is bounded: only the window asked for, and a feed whose repeating events would
take too many steps to expand is refused before any is taken (bounds.py).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Iterable, Iterator
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events

from .bounds import TooCostly, check_cost

_FREE_STATUSES = {"FREE", "TENTATIVE", "WORKINGELSEWHERE"}


class BadFeed(Exception):
    """The feed is not an iCalendar document we can read."""


@dataclass(frozen=True, order=True)
class Busy:
    start: dt.datetime
    end: dt.datetime


def _aware(value: dt.date | dt.datetime, tz: ZoneInfo) -> dt.datetime:
    if not isinstance(value, dt.datetime):  # an all-day event: local midnight
        return dt.datetime.combine(value, dt.time(), tzinfo=tz)
    return value if value.tzinfo is not None else value.replace(tzinfo=tz)


def event_blocks(event: icalendar.Event) -> bool:
    """Does this (expanded) event make its owner busy?"""
    if str(event.get("STATUS", "")).upper() == "CANCELLED":
        return False
    status = str(event.get("X-MICROSOFT-CDO-BUSYSTATUS", "")).upper()
    if status:
        return status not in _FREE_STATUSES
    return str(event.get("TRANSP", "OPAQUE")).upper() != "TRANSPARENT"


def _event_interval(event: icalendar.Event, tz: ZoneInfo) -> Busy | None:
    start = event.decoded("DTSTART")
    if "DTEND" in event:
        end = event.decoded("DTEND")
    elif "DURATION" in event:
        end = start + event.decoded("DURATION")
    else:  # RFC 5545: a date lasts one day, a date-time no time at all
        end = start if isinstance(start, dt.datetime) else start + dt.timedelta(days=1)
    busy = Busy(_aware(start, tz), _aware(end, tz))
    return busy if busy.end > busy.start else None


def _event_intervals(cal: icalendar.Calendar, since: dt.datetime, until: dt.datetime,
                     tz: ZoneInfo) -> Iterator[Busy]:
    for event in recurring_ical_events.of(cal).between(since, until):
        if event_blocks(event):
            interval = _event_interval(event, tz)
            if interval is not None:
                yield interval


def _freebusy_intervals(cal: icalendar.Calendar, tz: ZoneInfo) -> Iterator[Busy]:
    for component in cal.walk("VFREEBUSY"):
        for prop in _as_list(component.get("FREEBUSY")):
            if str(prop.params.get("FBTYPE", "BUSY")).upper() == "FREE":
                continue
            for start, end_or_length in prop.dt if isinstance(prop.dt, list) else [prop.dt]:
                end = start + end_or_length if isinstance(end_or_length, dt.timedelta) \
                    else end_or_length
                yield Busy(_aware(start, tz), _aware(end, tz))


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def busy_intervals(feed: bytes, since: dt.datetime, until: dt.datetime, tz: str) -> list[Busy]:
    """Busy stretches of `feed` overlapping [since, until), sorted; BadFeed if unreadable."""
    zone = ZoneInfo(tz)
    try:
        cal = icalendar.Calendar.from_ical(feed)
        check_cost(cal, until)
        found = [*_event_intervals(cal, since, until, zone), *_freebusy_intervals(cal, zone)]
    except TooCostly as exc:
        raise BadFeed(str(exc)) from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise BadFeed(f"not a readable iCalendar feed: {exc}") from exc
    return sorted(b for b in found if b.end > since and b.start < until)


def merge(intervals: Iterable[Busy]) -> list[Busy]:
    """Overlapping or touching intervals joined: back-to-back meetings are one meeting."""
    merged: list[Busy] = []
    for busy in sorted(intervals):
        if merged and busy.start <= merged[-1].end:
            merged[-1] = Busy(merged[-1].start, max(merged[-1].end, busy.end))
        else:
            merged.append(busy)
    return merged


def meeting_until(intervals: Iterable[Busy], now: dt.datetime) -> dt.datetime | None:
    """When the meeting in progress at `now` ends (back-to-back ones joined); None if free."""
    for busy in merge(intervals):
        if busy.start <= now < busy.end:
            return busy.end
    return None
