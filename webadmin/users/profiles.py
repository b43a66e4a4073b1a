"""Editing presence profiles and choosing the active one (by admins and by users themselves)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from vaxel.errors import InvalidInput
from vaxel.models import Company, ForwardKind, PresenceProfile, User
from vaxel.numbers.e164 import to_e164

from ..audit.record import before, record


@dataclass(frozen=True)
class ProfileFields:
    accept_direct: bool
    accept_queue: bool
    forward_kind: ForwardKind
    forward_target: str | None
    forward_after_seconds: int
    caller_id_number: str | None


def _target(company: Company, kind: ForwardKind, target: str | None) -> str | None:
    if kind is ForwardKind.USER:
        if not target or not target.isdigit():
            raise InvalidInput("Forwarding to a colleague needs their extension.")
        return target
    if kind is ForwardKind.EXTERNAL:
        if not target:
            raise InvalidInput("Forwarding to a number needs the number.")
        return to_e164(target, company.country)
    return None


def update_profile(db: Session, company: Company, profile: PresenceProfile,
                   fields: ProfileFields) -> None:
    was = before(profile)
    profile.accept_direct = fields.accept_direct
    profile.accept_queue = fields.accept_queue
    profile.forward_kind = fields.forward_kind
    profile.forward_target = _target(company, fields.forward_kind, fields.forward_target)
    profile.forward_after_seconds = fields.forward_after_seconds
    profile.caller_id_number = (to_e164(fields.caller_id_number, company.country)
                                if fields.caller_id_number else None)
    db.flush()
    record("update", profile, was)


def activate_profile(db: Session, user: User, profile: PresenceProfile) -> None:
    if profile.user_id != user.id:
        raise InvalidInput("That profile belongs to someone else.")
    was = before(user)
    user.active_profile_id = profile.id
    db.flush()
    record("activate-profile", user, was)
