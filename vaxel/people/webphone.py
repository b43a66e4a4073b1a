"""The app's web device: each user's browser softphone, with a credential that expires.

The browser never holds a long-lived SIP secret. A logged-in portal session asks for a
credential; it gets a fresh random password for the user's one web device, valid for
WEB_CREDENTIAL_LIFETIME, and only the password's a1-hash is stored, as for every device.
Issuing a new one rotates it: the previous password stops working at once (the row's
change reaches xml_curl's caches by NOTIFY), and after `expires_at` the directory refuses
the device exactly like a wrong password (vaxel.sip_directory.DirectoryUser.usable_at).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record
from ..credentials import a1_hash, generate_password
from ..errors import Forbidden
from ..tenancy.models import Company
from .models import Device, DeviceKind, User

WEB_CREDENTIAL_LIFETIME = dt.timedelta(hours=12)


@dataclass(frozen=True)
class WebCredential:
    username: str
    password: str
    domain: str
    expires_at: dt.datetime


def web_username(user: User) -> str:
    """The SIP user the app registers as: beside the extension's own devices (1000,
    1000-2…), never one of them, since extensions are digits only."""
    return f"{user.extension}-web"


def web_device(session: Session, user: User) -> Device | None:
    return session.scalar(select(Device).where(Device.user_id == user.id,
                                               Device.kind == DeviceKind.WEB))


def issue_web_credential(session: Session, actor: Actor, user: User, now: dt.datetime,
                         lifetime: dt.timedelta = WEB_CREDENTIAL_LIFETIME) -> WebCredential:
    """A new password for `user`'s web device (made on first use), valid until now +
    lifetime; only the user themselves may ask (it is their phone)."""
    actor.check_company(user.company_id, "user", user_id=user.id)
    if actor.user_id != user.id:
        raise Forbidden("Only the user may take their app's credential.")
    company = session.get(Company, user.company_id)
    device = web_device(session, user)
    if device is None:
        device = Device(company_id=company.id, user_id=user.id, kind=DeviceKind.WEB,
                        label="app", sip_username=web_username(user),
                        ring_order=len(user.devices))
        user.devices.append(device)
        session.flush()
        record(session, actor, "create", device)
    password = generate_password()
    device.a1_hash = a1_hash(device.sip_username, company.sip_domain, password)
    device.expires_at = now + lifetime
    session.flush()
    return WebCredential(device.sip_username, password, company.sip_domain, device.expires_at)

