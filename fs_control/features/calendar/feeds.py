"""Calendar presence in the controller: a periodic round fetching every linked ICS feed.
The switching itself is the presence scheduler's minute job (features/presence),
which reads the busy stretches this round stores. Feeds are read in a separate process
(reader.py): a feed built to be slow must not hold up calls."""
from __future__ import annotations

import logging
from typing import Callable

import gevent.pool
from sqlalchemy.orm import Session, sessionmaker

from vaxel.base import utcnow
from vaxel.calendar.services import Fetch, Parse, refresh_feeds

from .reader import FeedReader

log = logging.getLogger(__name__)

# Google and Microsoft 365 refresh their published feeds every few minutes at best.
FEED_INTERVAL = 300.0
FETCHERS = 10  # feeds fetched at once (a slow feed server holds one, not the round)


def feed_round(session_factory: sessionmaker[Session], fetch: Fetch,
               parse: Parse | None = None) -> Callable[[], int]:
    """The round's job; feeds read by `parse` (a FeedReader process unless given)."""
    parse = parse or FeedReader()

    fetchers = gevent.pool.Pool(FETCHERS)

    def refresh_calendars() -> int:
        return refresh_feeds(session_factory, fetch, utcnow(), parse, each=fetchers.map)
    return refresh_calendars
