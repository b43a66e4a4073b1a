"""Calendar presence in PostgreSQL: linking a feed, storing what it says is busy, and
handing the meetings to the presence scheduler (vaxel.presence.services), which decides.

Fetching is slow and may fail, so it is a separate periodic round (`refresh_feeds`) that
stores busy stretches; the scheduler's minute-by-minute apply only reads those rows.
"""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlsplit

from sqlalchemy import delete, select
from sqlalchemy.orm import Session, sessionmaker

from ..actor import Actor
from ..audit.services import record_change
from ..errors import InvalidInput
from ..people.models import PresenceProfile, User
from ..presence.scheduling import Meeting
from ..redact import scrub, url_for_log
from ..tenancy.models import Company
from .busy import BadFeed, Busy, busy_intervals, meeting_until, merge
from .models import CalendarBusy, CalendarLink

log = logging.getLogger(__name__)

MEETING_PROFILE = "Meeting"
# What a fetch keeps: a day back (the scheduler's last decision) and two days ahead.
KEEP_BEFORE = dt.timedelta(days=1)
KEEP_AFTER = dt.timedelta(days=2)

Fetch = Callable[[str], bytes]  # ICS address → the feed's bytes; FeedError when it cannot
CheckUrl = Callable[[str], None]  # raises UnsafeTarget for an address we must not call
# feed, since, until, zone → busy stretches; BadFeed when unreadable (busy_intervals, or
# the same in a separate process: fs_control.features.calendar).
Parse = Callable[[bytes, dt.datetime, dt.datetime, str], list[Busy]]


class FeedError(Exception):
    """The feed could not be fetched (network, refused address, HTTP error)."""


@dataclass(frozen=True)
class _Due:
    user_id: int
    url: str
    tz: str
    failed_last: bool = False  # its last fetch or read failed (a time-out, a bad feed)


def in_fair_turns(due: list[_Due]) -> tuple[list[_Due], list[_Due]]:
    """(first, then): feeds that failed last time are read only once all the others are
    done. The reader reads one feed at a time, and a feed built to run to its deadline
    must not hold up every other company's, round after round; it still gets its turn."""
    return [d for d in due if not d.failed_last], [d for d in due if d.failed_last]


def link_calendar(session: Session, actor: Actor, user: User, ics_url: str, check: CheckUrl,
                  meeting_profile: PresenceProfile | None = None) -> CalendarLink:
    """Link (or re-link) the user's ICS address; busy events switch to `meeting_profile`
    (the user's own "Meeting" profile by default). Audited with the address's host only:
    the address itself is a secret that reads the user's calendar."""
    actor.check_company(user.company_id, "user", user_id=user.id)
    url = ics_url.strip().replace("webcal://", "https://", 1)
    if not url.startswith(("https://", "http://")):
        raise InvalidInput("The calendar address must start with https://.")
    check(url)
    profile = meeting_profile or next((p for p in user.profiles if p.name == MEETING_PROFILE), None)
    if profile is None or profile.user_id != user.id:
        raise InvalidInput("Choose one of the user's profiles for meetings.")
    was = _logged(session.get(CalendarLink, user.id))
    link = session.get(CalendarLink, user.id) or CalendarLink(user_id=user.id,
                                                              company_id=user.company_id)
    link.ics_url, link.meeting_profile_id, link.last_error = url, profile.id, ""
    session.add(link)
    session.flush()
    record_change(session, actor, user.company_id, "link-calendar", link.__tablename__,
                  user.id, was, _logged(link))
    return link


def unlink_calendar(session: Session, actor: Actor, user: User) -> bool:
    """Unlink the user's calendar, audited. Nothing linked: nothing done, nothing audited
    (False) — unlinking is idempotent for the portal and the API alike."""
    actor.check_company(user.company_id, "user", user_id=user.id)
    link = session.get(CalendarLink, user.id)
    if link is None:
        return False
    was = _logged(link)
    session.delete(link)
    session.flush()
    record_change(session, actor, user.company_id, "unlink-calendar", CalendarLink.__tablename__,
                  user.id, was, None)
    return True


def ics_host(link: CalendarLink) -> str:
    """Where the feed lives; what may be shown and logged (the full address is a secret
    that reads the user's calendar)."""
    return urlsplit(link.ics_url).hostname or ""


def _logged(link: CalendarLink | None) -> dict | None:
    return None if link is None else {"ics_host": ics_host(link),
                                      "meeting_profile_id": link.meeting_profile_id}


def store_busy(session: Session, user_id: int, intervals: list[Busy], now: dt.datetime) -> None:
    """Replace the user's busy stretches with a fresh fetch's."""
    session.execute(delete(CalendarBusy).where(CalendarBusy.user_id == user_id))
    session.add_all(CalendarBusy(user_id=user_id, starts=b.start, ends=b.end)
                    for b in merge(intervals))
    link = session.get(CalendarLink, user_id)
    link.last_fetched_at, link.last_error = now, ""
    session.flush()


def record_failure(session: Session, user_id: int, error: str, now: dt.datetime) -> None:
    """Keep the last good busy stretches (a flaky feed must not end a meeting early)."""
    link = session.get(CalendarLink, user_id)
    if link is not None:
        link.last_fetched_at, link.last_error = now, error[:500]


def refresh_feeds(session_factory: sessionmaker[Session], fetch: Fetch, now: dt.datetime,
                  parse: Parse = busy_intervals,
                  each: Callable[[Callable[[_Due], None], list[_Due]], object] | None = None
                  ) -> int:
    """Fetch every linked feed (no transaction held while waiting) and store what it says.
    `each(refresh, feeds)` runs the refreshes (the controller: several at once, so one
    slow feed server does not hold up the others); by default one after another."""
    with session_factory.begin() as session:
        due = [_Due(*row) for row in session.execute(
            select(CalendarLink.user_id, CalendarLink.ics_url, Company.timezone,
                   CalendarLink.last_error != "")
            .join(Company, Company.id == CalendarLink.company_id)
            .order_by(CalendarLink.user_id))]

    def refresh(item: _Due) -> None:
        refresh_one(session_factory, fetch, item, now, parse)
    for turn in in_fair_turns(due):
        (each or _one_by_one)(refresh, turn)
    return len(due)


def _one_by_one(refresh: Callable[[_Due], None], items: list[_Due]) -> None:
    for item in items:
        refresh(item)


def refresh_one(session_factory: sessionmaker[Session], fetch: Fetch, item: _Due,
                now: dt.datetime, parse: Parse = busy_intervals) -> None:
    try:
        intervals = parse(fetch(item.url), now - KEEP_BEFORE, now + KEEP_AFTER, item.tz)
    except (FeedError, BadFeed) as exc:
        # The user's page shows the error and logs are read widely: never the address.
        error = scrub(str(exc), item.url)
        log.info("calendar of user %s (%s): %s", item.user_id, url_for_log(item.url), error)
        with session_factory.begin() as session:
            record_failure(session, item.user_id, error, now)
        return
    with session_factory.begin() as session:
        if session.get(CalendarLink, item.user_id) is not None:  # unlinked meanwhile
            store_busy(session, item.user_id, intervals, now)


def calendar_meetings(session: Session) -> dict[int, tuple[CalendarLink, list[Meeting]]]:
    """Every linked user's link and meetings (busy stretches as the meeting profile)."""
    links = {link.user_id: link for link in session.scalars(select(CalendarLink))}
    found: dict[int, tuple[CalendarLink, list[Meeting]]] = {
        uid: (link, []) for uid, link in links.items() if link.meeting_profile_id is not None}
    for row in session.scalars(select(CalendarBusy).order_by(CalendarBusy.starts)):
        if row.user_id in found:
            link, meetings = found[row.user_id]
            meetings.append(Meeting(row.starts, row.ends, link.meeting_profile_id))
    return found


def note_meeting(link: CalendarLink, meetings: list[Meeting], before: int | None,
                 now: dt.datetime) -> None:
    """Remember, as a meeting starts, the profile to resume after it; forget it after."""
    until = meeting_until([Busy(m.start, m.end) for m in meetings], now)
    if until is not None and link.in_meeting_until is None and before != link.meeting_profile_id:
        link.return_profile_id = before
    if until is None:
        link.return_profile_id = None
    link.in_meeting_until = until
