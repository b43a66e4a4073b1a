"""The portal's user use-cases: each one changes the domain and writes the audit log.

Plain field edits live here until vaxel.people grows an update service of its own.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import g
from sqlalchemy import select
from sqlalchemy.orm import Session

from vaxel.accounts.services import account_of_user, create_user_account, set_password
from vaxel.errors import Conflict, InvalidInput
from vaxel.models import Company, Device, DeviceKind, Role, User
from vaxel.numbers.e164 import to_e164
from vaxel.people.services import NewDevice, add_mobile_twin, add_sip_device, create_user

from ..audit.record import before, record


@dataclass(frozen=True)
class UserFields:
    name: str
    email: str | None
    extension: str
    mobile_number: str | None
    outbound_caller_id: str | None
    recording_enabled: bool
    is_admin: bool


def add_user(db: Session, company: Company, fields: UserFields) -> User:
    user = create_user(db, company, fields.name, fields.extension, email=fields.email,
                       role=Role.ADMIN if fields.is_admin else Role.USER,
                       mobile_number=fields.mobile_number)
    _apply_optional(company, user, fields)
    record("create", user)
    return user


def _apply_optional(company: Company, user: User, fields: UserFields) -> None:
    user.outbound_caller_id = (to_e164(fields.outbound_caller_id, company.country)
                               if fields.outbound_caller_id else None)
    user.recording_enabled = fields.recording_enabled


def _check_new_extension(db: Session, user: User, extension: str) -> str:
    if not extension.isdigit() or not 2 <= len(extension) <= 6:
        raise InvalidInput("An extension is 2 to 6 digits.")
    taken = db.scalar(select(User.id).where(
        User.company_id == user.company_id, User.extension == extension, User.id != user.id))
    if taken:
        raise Conflict(f"Extension {extension} is already in use.")
    return extension


def _refuse_self_demotion(user: User, is_admin: bool) -> None:
    # An admin who unticks their own rights would lock the company out of its portal.
    if not is_admin and g.account.user_id == user.id:
        raise Conflict("You cannot take away your own admin rights.")


def update_user(db: Session, company: Company, user: User, fields: UserFields) -> None:
    was = before(user)
    if not fields.name:
        raise InvalidInput("A user needs a name.")
    _refuse_self_demotion(user, fields.is_admin)
    user.name, user.email = fields.name, fields.email
    user.extension = _check_new_extension(db, user, fields.extension)
    user.mobile_number = (to_e164(fields.mobile_number, company.country)
                          if fields.mobile_number else None)
    user.role = Role.ADMIN if fields.is_admin else Role.USER
    _apply_optional(company, user, fields)
    db.flush()
    record("update", user, was)


def remove_user(db: Session, user: User) -> None:
    if g.account.user_id == user.id:
        raise Conflict("You cannot remove yourself.")
    was = before(user)
    db.delete(user)
    db.flush()
    record("delete", user, was, gone=True)


def add_device(db: Session, company: Company, user: User, kind: DeviceKind,
               label: str) -> NewDevice:
    new = add_sip_device(db, company, user, kind, label=label)
    record("create", new.device)
    return new


def add_twin(db: Session, company: Company, user: User, number: str) -> Device:
    device = add_mobile_twin(db, company, user, number)
    record("create", device)
    return device


def remove_device(db: Session, device: Device) -> None:
    was = before(device)
    db.delete(device)
    db.flush()
    record("delete", device, was, gone=True)


def set_portal_login(db: Session, user: User, email: str, password: str) -> None:
    """Give the user a portal login, or set a new password on the one they have."""
    account = account_of_user(db, user)
    if account is None:
        account = create_user_account(db, user, email, password)
        record("create", account)
        return
    was = before(account)
    set_password(account, password)
    record("reset-password", account, was)
