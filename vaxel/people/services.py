"""Users, their devices (SIP credentials) and default presence profiles."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record, snapshot
from ..credentials import a1_hash, check_password_strength, generate_password
from ..errors import Conflict, InvalidInput, NotFound
from ..numbers.e164 import to_e164
from ..numbers.models import PhoneNumber
from ..tenancy.models import Company
from .models import Device, DeviceKind, ForwardKind, PresenceProfile, Role, User

# (name, accept_direct, accept_queue, forward_kind, forward_after_seconds)
DEFAULT_PROFILES = (
    ("Work", True, True, ForwardKind.VOICEMAIL, 20),
    ("Lunch", True, False, ForwardKind.VOICEMAIL, 20),
    ("Meeting", False, False, ForwardKind.VOICEMAIL, 0),
    ("Off", False, False, ForwardKind.VOICEMAIL, 0),
)


@dataclass(frozen=True)
class NewDevice:
    """A freshly provisioned device and its password, which is shown once and never stored."""

    device: Device
    password: str | None


def user_names(session: Session, company_id: int) -> dict[int, str]:
    """The company's users' names by id (for lists that name users beside their rows)."""
    return dict(session.execute(select(User.id, User.name).where(
        User.company_id == company_id)).all())


def _check_extension(session: Session, company: Company, extension: str) -> str:
    ext = extension.strip()
    if not ext.isdigit() or not 2 <= len(ext) <= 6:
        raise InvalidInput("An extension is 2 to 6 digits.", field="extension")
    taken = session.scalar(
        select(User.id).where(User.company_id == company.id, User.extension == ext)
    )
    if taken:
        raise Conflict(f"Extension {ext} is already in use.", field="extension")
    return ext


def create_user(
    session: Session,
    actor: Actor,
    company: Company,
    name: str,
    extension: str,
    *,
    email: str | None = None,
    role: Role = Role.USER,
    mobile_number: str | None = None,
    outbound_caller_id: str | None = None,
    recording_enabled: bool = False,
) -> User:
    """Create a user with the default presence profiles (Work active); no device yet.
    The company's admins (the operator, the system) add users."""
    actor.check_admin(company.id, "company")
    if not name.strip():
        raise InvalidInput("A user needs a name.", field="name")
    user = User(
        company_id=company.id, name=name.strip(), extension=_check_extension(session, company, extension),
        email=email, role=role,
        mobile_number=to_e164(mobile_number, company.country) if mobile_number else None,
        outbound_caller_id=presentable_number(session, company, outbound_caller_id),
        recording_enabled=recording_enabled,
    )
    session.add(user)
    session.flush()
    for pname, direct, queue, fwd, after in DEFAULT_PROFILES:
        user.profiles.append(PresenceProfile(
            company_id=company.id, name=pname, accept_direct=direct, accept_queue=queue,
            forward_kind=fwd, forward_after_seconds=after,
        ))
    session.flush()
    user.active_profile_id = user.profiles[0].id
    record(session, actor, "create", user)
    return user


def add_sip_device(
    session: Session,
    actor: Actor,
    company: Company,
    user: User,
    kind: DeviceKind = DeviceKind.SOFTPHONE,
    *,
    sip_username: str | None = None,
    password: str | None = None,
    label: str = "",
) -> NewDevice:
    """Provision a SIP device; generates a strong password unless one is given (and
    checked). The password is shown once; the audit log keeps no secret."""
    actor.check_admin(user.company_id, "user", user_id=user.id)
    if kind is DeviceKind.MOBILE_TWIN:
        raise InvalidInput("A mobile twin has no SIP credential; use add_mobile_twin.")
    if kind is DeviceKind.WEB:
        raise InvalidInput("The app makes its own web device (vaxel.people.webphone).")
    username = sip_username or _next_sip_username(user)
    if password is None:
        password = generate_password()
    else:
        check_password_strength(password, username, user.extension)
    device = Device(
        company_id=company.id, user_id=user.id, kind=kind, label=label or kind.value,
        sip_username=username, a1_hash=a1_hash(username, company.sip_domain, password),
        ring_order=len(user.devices),
    )
    user.devices.append(device)
    session.flush()
    record(session, actor, "create", device)
    return NewDevice(device, password)


def add_mobile_twin(session: Session, actor: Actor, company: Company, user: User,
                    number: str) -> Device:
    """Ring the user's mobile number with their other devices."""
    actor.check_company(user.company_id, "user", user_id=user.id)
    device = Device(
        company_id=company.id, user_id=user.id, kind=DeviceKind.MOBILE_TWIN, label="mobile",
        external_number=to_e164(number, company.country), ring_order=len(user.devices),
    )
    user.devices.append(device)
    session.flush()
    record(session, actor, "create", device)
    return device


def add_user(session: Session, actor: Actor, company: Company, fields: UserFields) -> User:
    """create_user with the fields of an admin's form."""
    return create_user(session, actor, company, fields.name, fields.extension,
                       email=fields.email, role=Role.ADMIN if fields.is_admin else Role.USER,
                       mobile_number=fields.mobile_number,
                       outbound_caller_id=fields.outbound_caller_id,
                       recording_enabled=fields.recording_enabled)


def remove_user(session: Session, actor: Actor, user: User) -> None:
    actor.check_company(user.company_id, "user", user_id=user.id)
    if actor.user_id == user.id:
        raise Conflict("You cannot remove yourself.")
    was = snapshot(user)
    session.delete(user)
    session.flush()
    record(session, actor, "delete", user, was, gone=True)


def remove_device(session: Session, actor: Actor, device: Device) -> None:
    actor.check_company(device.company_id, "device")
    was = snapshot(device)
    session.delete(device)
    session.flush()
    record(session, actor, "delete", device, was, gone=True)


def _next_sip_username(user: User) -> str:
    """The first device registers as the extension itself, later ones as 1001-2, 1001-3…"""
    taken = {d.sip_username for d in user.devices}
    if user.extension not in taken:
        return user.extension
    n = 2
    while f"{user.extension}-{n}" in taken:
        n += 1
    return f"{user.extension}-{n}"


@dataclass(frozen=True)
class UserFields:
    """A user's editable fields as an admin submits them (numbers as typed)."""

    name: str
    email: str | None
    extension: str
    mobile_number: str | None
    outbound_caller_id: str | None
    recording_enabled: bool
    is_admin: bool


def _new_extension(session: Session, user: User, extension: str) -> str:
    if not extension.isdigit() or not 2 <= len(extension) <= 6:
        raise InvalidInput("An extension is 2 to 6 digits.", field="extension")
    taken = session.scalar(select(User.id).where(
        User.company_id == user.company_id, User.extension == extension, User.id != user.id))
    if taken:
        raise Conflict(f"Extension {extension} is already in use.", field="extension")
    return extension


def presentable_number(session: Session, company: Company, raw: str | None) -> str | None:
    """A caller id to show outward: one of the company's own numbers, or None (the
    company's main number is shown). Any other number would let a user pose as someone
    else — a bank, a police station, another company — on every call they make."""
    if not raw:
        return None
    e164 = to_e164(raw, company.country)
    held = session.scalar(select(PhoneNumber.id).where(PhoneNumber.company_id == company.id,
                                                       PhoneNumber.e164 == e164))
    if held is None:
        raise InvalidInput(f"{e164} is not one of the company's numbers.")
    return e164


def apply_optional_fields(session: Session, company: Company, user: User,
                          fields: UserFields) -> None:
    """The fields create_user does not take: outward caller id and recording."""
    user.outbound_caller_id = presentable_number(session, company, fields.outbound_caller_id)
    user.recording_enabled = fields.recording_enabled


def update_user(session: Session, actor: Actor, company: Company, user: User,
                fields: UserFields) -> None:
    """Change a user's fields; an actor may not take away their own admin rights (an admin
    who did would lock the company out of its portal)."""
    actor.check_company(user.company_id, "user", user_id=user.id)
    if not fields.name:
        raise InvalidInput("A user needs a name.", field="name")
    if not fields.is_admin and actor.user_id == user.id:
        raise Conflict("You cannot take away your own admin rights.")
    was = snapshot(user)
    user.name, user.email = fields.name, fields.email
    user.extension = _new_extension(session, user, fields.extension)
    user.mobile_number = (to_e164(fields.mobile_number, company.country)
                          if fields.mobile_number else None)
    user.role = Role.ADMIN if fields.is_admin else Role.USER
    apply_optional_fields(session, company, user, fields)
    session.flush()
    record(session, actor, "update", user, was)


@dataclass(frozen=True)
class ProfileFields:
    accept_direct: bool
    accept_queue: bool
    forward_kind: ForwardKind
    forward_target: str | None
    forward_after_seconds: int
    caller_id_number: str | None


def _forward_target(session: Session, company: Company, kind: ForwardKind,
                    target: str | None) -> str | None:
    if kind is ForwardKind.USER:
        if not target or not target.isdigit():
            raise InvalidInput("Forwarding to a colleague needs their extension.",
                               field="forward_target")
        if not session.scalar(select(User.id).where(User.company_id == company.id,
                                                    User.extension == target)):
            raise InvalidInput(f"No colleague has extension {target}.", field="forward_target")
        return target
    if kind is ForwardKind.EXTERNAL:
        if not target:
            raise InvalidInput("Forwarding to a number needs the number.", field="forward_target")
        return to_e164(target, company.country)
    return None


def update_profile(session: Session, actor: Actor, company: Company, profile: PresenceProfile,
                   fields: ProfileFields) -> None:
    """Change what a presence profile does with calls and which number it shows."""
    actor.check_company(company.id, "profile")
    if profile.company_id != company.id:
        raise NotFound("No such profile in this company.")
    was = snapshot(profile)
    profile.accept_direct = fields.accept_direct
    profile.accept_queue = fields.accept_queue
    profile.forward_kind = fields.forward_kind
    profile.forward_target = _forward_target(session, company, fields.forward_kind,
                                            fields.forward_target)
    profile.forward_after_seconds = fields.forward_after_seconds
    profile.caller_id_number = presentable_number(session, company, fields.caller_id_number)
    session.flush()
    record(session, actor, "update", profile, was)


def activate_profile(session: Session, actor: Actor, user: User, profile: PresenceProfile) -> None:
    actor.check_company(user.company_id, "user", user_id=user.id)
    if profile.user_id != user.id:
        raise InvalidInput("That profile belongs to someone else.")
    was = snapshot(user)
    user.active_profile_id = profile.id
    session.flush()
    record(session, actor, "activate-profile", user, was)
