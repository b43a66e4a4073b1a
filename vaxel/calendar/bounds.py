"""How much work a feed's repeating events would cost to expand, counted before expanding.

dateutil (under recurring-ical-events) walks every occurrence from DTSTART up to the end of
the window, one step at a time (~20 µs each): one `RRULE:FREQ=SECONDLY` starting years ago
is billions of steps, so a 162-byte feed could hold a CPU for minutes. Pure arithmetic on
the rules bounds that work before any step is taken; a feed over the budget is refused.
"""
from __future__ import annotations

import datetime as dt
import math

import icalendar

# Far more than any person's calendar needs (a weekday meeting since 2000 is ~7,000 steps,
# a daily one since 1990 ~13,000), yet a few seconds of CPU at most.
MAX_STEPS = 200_000

_PERIOD_SECONDS = {"SECONDLY": 1, "MINUTELY": 60, "HOURLY": 3600, "DAILY": 86_400,
                   "WEEKLY": 7 * 86_400, "MONTHLY": 28 * 86_400, "YEARLY": 365 * 86_400}
# Parts that can multiply the occurrences of one period (filters are counted as if they
# expanded too: an over-estimate only makes the budget stricter).
_BY_PARTS = ("BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY", "BYYEARDAY",
             "BYWEEKNO", "BYMONTH", "BYSETPOS")


class TooCostly(ValueError):
    """A feed's repeating events would take too many steps to expand."""


def _utc(value: dt.date | dt.datetime) -> dt.datetime:
    if not isinstance(value, dt.datetime):
        return dt.datetime.combine(value, dt.time(), tzinfo=dt.timezone.utc)
    return value if value.tzinfo is not None else value.replace(tzinfo=dt.timezone.utc)


def rule_steps(rule: icalendar.vRecur, start: dt.datetime, until: dt.datetime) -> int:
    """Steps dateutil takes for `rule` from `start` to `until` (an upper bound)."""
    period = _PERIOD_SECONDS.get(str(rule.get("FREQ", ["?"])[0]).upper(), 1)  # unknown: worst
    interval = max(1, int(rule.get("INTERVAL", [1])[0]))
    end = min([until, *(_utc(u) for u in rule.get("UNTIL", []))])
    periods = max(0, math.floor((end - start).total_seconds() / (period * interval))) + 1
    per_period = math.prod(len(rule.get(part, [None])) for part in _BY_PARTS)
    count = rule.get("COUNT")
    if count and per_period == 1:  # nothing filters: COUNT steps at most
        periods = min(periods, int(count[0]))
    return periods * per_period


def feed_steps(cal: icalendar.Calendar, until: dt.datetime) -> int:
    """Steps to expand every repeating event of `cal` up to `until`."""
    total = 0
    for event in cal.walk("VEVENT"):
        rules = event.get("RRULE")
        if rules is None or "DTSTART" not in event:
            continue
        start = _utc(event.decoded("DTSTART"))
        for rule in rules if isinstance(rules, list) else [rules]:
            total += rule_steps(rule, start, _utc(until))
    return total


def check_cost(cal: icalendar.Calendar, until: dt.datetime, budget: int = MAX_STEPS) -> None:
    """Raise TooCostly when expanding `cal` up to `until` would exceed `budget` steps."""
    steps = feed_steps(cal, until)
    if steps > budget:
        raise TooCostly(f"repeating events too frequent to expand ({steps} steps, "
                        f"at most {budget})")
