"""When a failed delivery is tried again, when it is given up, and when an endpoint that keeps
failing is switched off. Pure: plain values in, plain values out."""
from __future__ import annotations

import datetime as dt

FIRST_DELAY = dt.timedelta(seconds=30)
MAX_DELAY = dt.timedelta(hours=2)
# A delivery is retried for this long after the event, then given up.
RETRY_WINDOW = dt.timedelta(hours=24)
# An endpoint is disabled when it has failed without a single success for this long and at
# least this many times in a row (a short outage must not switch a CRM integration off).
DISABLE_AFTER = dt.timedelta(hours=24)
DISABLE_MIN_FAILURES = 10


def retry_delay(attempts: int) -> dt.timedelta:
    """30 s, 1 min, 2 min, 4 min… doubling up to 2 hours: about 19 tries in 24 hours."""
    return min(FIRST_DELAY * 2 ** max(0, attempts - 1), MAX_DELAY)


def next_attempt(created_at: dt.datetime, attempts: int, now: dt.datetime) -> dt.datetime | None:
    """When to try again after `attempts` failures, or None once the 24 hours are over."""
    due = now + retry_delay(attempts)
    if due > created_at + RETRY_WINDOW:
        return None
    return due


def should_disable(failing_since: dt.datetime | None, consecutive_failures: int,
                   now: dt.datetime) -> bool:
    """Has the endpoint failed long enough, and often enough, to be switched off?"""
    if failing_since is None:
        return False
    return (now - failing_since >= DISABLE_AFTER
            and consecutive_failures >= DISABLE_MIN_FAILURES)


def is_success(status: int) -> bool:
    """Any 2xx answer acknowledges a delivery; redirects are not followed (and fail)."""
    return 200 <= status < 300
