"""Calendar presence in the controller: a periodic round fetching every linked ICS feed.
The switching itself is the presence scheduler's minute job (registry.scheduled_profiles),
which reads the busy stretches this round stores."""
from __future__ import annotations

import logging
from typing import Callable

from sqlalchemy.orm import Session, sessionmaker

from vaxel.base import utcnow
from vaxel.calendar.feed import http_feed
from vaxel.calendar.services import Fetch, refresh_feeds

from .features import Deps, Features

log = logging.getLogger(__name__)

# Google and Microsoft 365 refresh their published feeds every few minutes at best.
FEED_INTERVAL = 300.0


def feed_round(session_factory: sessionmaker[Session], fetch: Fetch) -> Callable[[], int]:
    def refresh_calendars() -> int:
        return refresh_feeds(session_factory, fetch, utcnow())
    return refresh_calendars


def add_calendar(features: Features, deps: Deps) -> None:
    fetch = http_feed(allow_private=deps.settings.integrations_allow_private)
    features.periodic.append((FEED_INTERVAL, feed_round(deps.session_factory, fetch)))
