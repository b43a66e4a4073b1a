"""Editing presence profiles and choosing the active one (by admins and by users
themselves): vaxel.people does the change, this module audits it."""
from __future__ import annotations

from sqlalchemy.orm import Session

from vaxel.models import Company, PresenceProfile, User
from vaxel.people import services as people
from vaxel.people.services import ProfileFields

from ..audit.record import before, record

__all__ = ["ProfileFields", "update_profile", "activate_profile"]


def update_profile(db: Session, company: Company, profile: PresenceProfile,
                   fields: ProfileFields) -> None:
    was = before(profile)
    people.update_profile(db, company, profile, fields)
    record("update", profile, was)


def activate_profile(db: Session, user: User, profile: PresenceProfile) -> None:
    was = before(user)
    people.activate_profile(db, user, profile)
    record("activate-profile", user, was)
