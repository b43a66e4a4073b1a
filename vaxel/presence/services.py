"""Presence profiles by schedule in PostgreSQL: windows, manual choices, and the periodic
apply the controller runs (say once a minute)."""
from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record, record_change, snapshot
from ..calendar.models import CalendarLink
from ..calendar.services import calendar_meetings, note_meeting
from ..errors import InvalidInput, NotFound
from ..people.models import PresenceProfile, User
from ..tenancy.models import Company
from .models import PresenceState, ProfileSchedule
from .scheduling import Meeting, ProfileWindow, active_profile

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ProfileChange:
    user_id: int
    old_profile_id: int | None
    new_profile_id: int


def _own_profile(user: User, profile: PresenceProfile | None) -> None:
    if profile is not None and profile.user_id != user.id:
        raise NotFound("No such profile for this user.")


def _state(session: Session, user: User) -> PresenceState:
    state = session.get(PresenceState, user.id)
    if state is None:
        # The scheduler has not run for this user yet: what is active counts as its own.
        state = PresenceState(user_id=user.id, applied_profile_id=user.active_profile_id)
        session.add(state)
    return state


def add_profile_schedule(session: Session, actor: Actor, user: User, profile: PresenceProfile,
                         weekdays: Iterable[int], starts: dt.time, ends: dt.time) -> ProfileSchedule:
    """Put `profile` in force on `weekdays` (0 = Monday) from `starts` to `ends`, local time."""
    actor.check_company(user.company_id, "user", user_id=user.id)
    _own_profile(user, profile)
    days = sorted(set(weekdays))
    if not days or any(not 0 <= d <= 6 for d in days):
        raise InvalidInput("Weekdays are 0 (Monday) to 6 (Sunday), at least one.")
    row = ProfileSchedule(company_id=user.company_id, user_id=user.id, profile_id=profile.id,
                          weekdays=days, starts=starts, ends=ends)
    session.add(row)
    session.flush()
    record(session, actor, "create", row)
    return row


def set_fallback_profile(session: Session, actor: Actor, user: User,
                         profile: PresenceProfile | None) -> None:
    """The profile outside every scheduled window (None: leave the profile as it is)."""
    actor.check_company(user.company_id, "user", user_id=user.id)
    _own_profile(user, profile)
    state = _state(session, user)
    was = state.fallback_profile_id
    state.fallback_profile_id = profile.id if profile else None
    session.flush()
    record_change(session, actor, user.company_id, "set-fallback-profile", "users", user.id,
                  {"fallback_profile_id": was},
                  {"fallback_profile_id": profile.id if profile else None})


def choose_profile(session: Session, actor: Actor, user: User, profile: PresenceProfile,
                   now: dt.datetime) -> None:
    """The user picks a profile by hand; it holds until the schedule next changes. Audited
    as the portal's activation is ("activate-profile" on the user)."""
    actor.check_company(user.company_id, "user", user_id=user.id)
    _own_profile(user, profile)
    was = snapshot(user)
    state = _state(session, user)
    user.active_profile_id = profile.id
    state.manual_profile_id, state.manual_set_at = profile.id, now
    state.applied_profile_id = profile.id
    session.flush()
    record(session, actor, "activate-profile", user, was)


def apply_scheduled_profiles(session: Session, now: dt.datetime) -> list[ProfileChange]:
    """Switch every scheduled user's active profile to what the schedule (and a linked
    calendar's meetings) says at `now`."""
    windows = _windows_by_user(session)
    calendars = calendar_meetings(session)
    if not windows and not calendars:
        return []
    rows = session.execute(
        select(User, Company.timezone).join(Company, Company.id == User.company_id)
        .where(User.id.in_(set(windows) | set(calendars)), User.active)).all()
    changes = [_apply_one(session, user, windows.get(user.id, []), tz, now,
                          *calendars.get(user.id, (None, []))) for user, tz in rows]
    session.flush()
    return [c for c in changes if c is not None]


def _windows_by_user(session: Session) -> dict[int, list[ProfileWindow]]:
    by_user: dict[int, list[ProfileWindow]] = {}
    for row in session.scalars(select(ProfileSchedule).order_by(ProfileSchedule.id)):
        by_user.setdefault(row.user_id, []).append(
            ProfileWindow(row.profile_id, frozenset(row.weekdays), row.starts, row.ends))
    return by_user


def _apply_one(session: Session, user: User, windows: list[ProfileWindow], tz: str,
               now: dt.datetime, calendar: CalendarLink | None = None,
               meetings: list[Meeting] | None = None) -> ProfileChange | None:
    state = _state(session, user)
    if user.active_profile_id != state.applied_profile_id:
        # Someone set the profile without choose_profile (portal, API): a manual choice,
        # noticed now.
        state.manual_profile_id, state.manual_set_at = user.active_profile_id, now
    wanted = active_profile(windows, state.manual_profile_id, state.manual_set_at, now, tz,
                            state.fallback_profile_id, meetings or (),
                            calendar.return_profile_id if calendar else None)
    old = user.active_profile_id
    if calendar is not None:
        note_meeting(calendar, meetings or [], old, now)
    if wanted is None or wanted == old:
        state.applied_profile_id = old
        return None
    user.active_profile_id = state.applied_profile_id = wanted
    log.info("user %s: profile %s -> %s by schedule", user.id, old, wanted)
    return ProfileChange(user.id, old, wanted)


def remove_profile_schedule(session: Session, actor: Actor, user: User,
                            window_id: int) -> ProfileSchedule:
    """Drop one of the user's scheduled windows; answers the removed row."""
    actor.check_company(user.company_id, "user", user_id=user.id)
    row = session.get(ProfileSchedule, window_id)
    if row is None or row.user_id != user.id:
        raise NotFound("No such schedule window for this user.")
    session.delete(row)
    session.flush()
    record(session, actor, "delete", row, snapshot(row), gone=True)
    return row


def user_schedule(session: Session, user: User) -> tuple[list[ProfileSchedule], int | None]:
    """The user's windows in order, and the fallback profile id outside them."""
    rows = list(session.scalars(select(ProfileSchedule).where(ProfileSchedule.user_id == user.id)
                                .order_by(ProfileSchedule.starts, ProfileSchedule.id)))
    state = session.get(PresenceState, user.id)
    return rows, state.fallback_profile_id if state else None
