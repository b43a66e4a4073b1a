"""Wall-clock windows in a company's time zone turned into real instants (DST-correct).

A window opens at a local time on a local date and closes at a local time; a closing
time at or before the opening time means the window runs past midnight into the next
day (22:00–02:00), and equal times mean a whole day (00:00–00:00).
"""
from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

UTC = dt.timezone.utc


def zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_date(instant: dt.datetime, tz: ZoneInfo) -> dt.date:
    return instant.astimezone(tz).date()


def to_utc(day: dt.date, at: dt.time, tz: ZoneInfo) -> dt.datetime:
    """The instant a local wall-clock time happens; times skipped by a DST jump count as
    the same moment an hour later (fold=0, as clocks do)."""
    return dt.datetime.combine(day, at.replace(tzinfo=None), tzinfo=tz).astimezone(UTC)


def window(day: dt.date, opens: dt.time, closes: dt.time, tz: ZoneInfo) -> tuple[dt.datetime, dt.datetime]:
    """The UTC instants a window opening on local `day` starts and ends."""
    end_day = day if closes > opens else day + dt.timedelta(days=1)
    return to_utc(day, opens, tz), to_utc(end_day, closes, tz)


def days_around(instant: dt.datetime, tz: ZoneInfo, before: int, after: int) -> list[dt.date]:
    """Local dates from `before` days before the instant's local date to `after` days after."""
    today = local_date(instant, tz)
    return [today + dt.timedelta(days=n) for n in range(-before, after + 1)]


def require_aware(instant: dt.datetime) -> None:
    if instant.tzinfo is None:
        raise ValueError("instants must carry a time zone (use UTC)")
