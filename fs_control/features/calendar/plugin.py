"""Wiring calendar presence into the controller: the periodic round over every feed."""
from __future__ import annotations

from vaxel.calendar.feed import http_feed

from .. import Deps, Features, Periodic
from .feeds import FEED_INTERVAL, feed_round


def register(features: Features, deps: Deps) -> None:
    fetch = http_feed(allow_private=deps.settings.integrations_allow_private)
    features.periodic.append(Periodic("refresh_calendars", FEED_INTERVAL,
                                      feed_round(deps.session_factory, fetch), platform=True))
