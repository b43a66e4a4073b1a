"""The portal's presence-schedule use-cases (admins for a user, users for themselves),
each audited."""
from __future__ import annotations

import datetime as dt
from typing import Iterable

from flask import g
from sqlalchemy.orm import Session

from vaxel.audit.services import record_change, snapshot
from vaxel.models import PresenceProfile, User
from vaxel.presence import services as domain

from ..audit.record import record


def add_window(db: Session, user: User, profile: PresenceProfile, weekdays: Iterable[int],
               starts: dt.time, ends: dt.time) -> None:
    row = domain.add_profile_schedule(db, user, profile, weekdays, starts, ends)
    record("create", row)


def remove_window(db: Session, user: User, window_id: int) -> None:
    row = domain.remove_profile_schedule(db, user, window_id)
    record("delete", row, snapshot(row), gone=True)


def set_fallback(db: Session, user: User, profile: PresenceProfile | None) -> None:
    _, was = domain.user_schedule(db, user)
    domain.set_fallback_profile(db, user, profile)
    record_change(db, g.actor, user.company_id, "set-fallback-profile", "users", user.id,
                  {"fallback_profile_id": was},
                  {"fallback_profile_id": profile.id if profile else None})
