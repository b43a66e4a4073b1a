"""The portal's user use-cases: each one changes the domain (vaxel.people) and writes
the audit log with the logged-in account as the actor."""
from __future__ import annotations

from flask import current_app, g
from sqlalchemy.orm import Session

from vaxel.accounts.services import account_of_user, create_user_account, set_password
from vaxel.calendar import services as calendar
from vaxel.calendar.feed import url_checker
from vaxel.errors import Conflict
from vaxel.models import Company, Device, DeviceKind, Role, User
from vaxel.people import services as people
from vaxel.people.services import NewDevice, UserFields, add_mobile_twin, add_sip_device, create_user

from ..audit.record import before, record

__all__ = ["UserFields", "add_user", "update_user", "remove_user", "add_device", "add_twin",
           "remove_device", "set_portal_login", "link_calendar", "unlink_calendar"]


def add_user(db: Session, company: Company, fields: UserFields) -> User:
    user = create_user(db, company, fields.name, fields.extension, email=fields.email,
                       role=Role.ADMIN if fields.is_admin else Role.USER,
                       mobile_number=fields.mobile_number)
    people.apply_optional_fields(db, company, user, fields)
    record("create", user)
    return user


def update_user(db: Session, company: Company, user: User, fields: UserFields) -> None:
    was = before(user)
    people.update_user(db, company, user, fields, acting_user_id=g.account.user_id)
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
    if account.id == g.account.id:
        # Here no current password is asked: one's own goes through My page, which asks.
        raise Conflict("Change your own password on My page.")
    was = before(account)
    set_password(db, account, password)
    record("reset-password", account, was)


def link_calendar(db: Session, user: User, url: str) -> None:
    """The API's rules (https, no internal addresses unless ops allow them), audited."""
    settings = current_app.config["VAXEL_SETTINGS"]
    calendar.link_calendar(db, g.actor, user, url,
                           url_checker(settings.integrations_allow_private))


def unlink_calendar(db: Session, user: User) -> None:
    calendar.unlink_calendar(db, g.actor, user)
