"""Finding (and creating on first use) mailboxes, their greetings, PIN and options."""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..errors import InvalidInput
from ..people.models import Licence, LicenceStatus, User
from ..storage import Store
from ..switchboard.models import ServiceKind, SwitchboardService
from ..tenancy.scoped import in_company
from .models import Greeting, GreetingKind, Mailbox

PIN = re.compile(r"^[0-9]{4,10}\Z")
_pins = PasswordHasher()


@dataclass(frozen=True)
class MailboxView:
    """What a call flow needs to know about a mailbox (plain values, no session)."""

    id: int
    company_id: int
    name: str
    user_id: int | None
    extension: str | None
    allow_message: bool
    allow_wait: bool
    allow_callback: bool
    allow_operator: bool
    operator_destination: str | None
    max_message_seconds: int
    min_message_seconds: int
    silence_seconds: int
    silence_threshold: int
    has_pin: bool
    # Greeting kind → absolute file path, for the greetings that exist.
    greetings: dict[str, str]


def has_phone_licence(session: Session, user: User) -> bool:
    return session.scalar(select(Licence.id).where(
        Licence.user_id == user.id, Licence.status == LicenceStatus.ACTIVE).limit(1)) is not None


def user_mailbox(session: Session, company_id: int, extension: str) -> Mailbox | None:
    """The personal mailbox of the user with this extension, created on first use; None if
    the user does not exist, has voicemail switched off or holds no active licence."""
    user = session.scalar(select(User).where(
        User.company_id == company_id, User.extension == extension, User.active))
    if user is None or not user.voicemail_enabled or not has_phone_licence(session, user):
        return None
    box = session.scalar(select(Mailbox).where(Mailbox.user_id == user.id))
    return box or _create(session, Mailbox(company_id=company_id, user_id=user.id))


def service_mailbox(session: Session, company_id: int, service_id: int) -> Mailbox | None:
    """The shared mailbox of a SHARED_VOICEMAIL service, created on first use."""
    service = session.scalar(select(SwitchboardService).where(
        SwitchboardService.company_id == company_id, SwitchboardService.id == service_id,
        SwitchboardService.kind == ServiceKind.SHARED_VOICEMAIL))
    if service is None:
        return None
    box = session.scalar(select(Mailbox).where(Mailbox.service_id == service.id))
    # A team mailbox has no single owner to reach while busy.
    return box or _create(session, Mailbox(company_id=company_id, service_id=service.id,
                                           allow_wait=False))


def _create(session: Session, box: Mailbox) -> Mailbox:
    # Defaults are applied on flush; set them here so the object is usable at once.
    for column in Mailbox.__table__.columns:
        if getattr(box, column.key) is None and column.default is not None \
                and not callable(column.default.arg):
            setattr(box, column.key, column.default.arg)
    session.add(box)
    session.flush()
    return box


def get_mailbox(session: Session, company_id: int, mailbox_id: int) -> Mailbox:
    return in_company(session, Mailbox, company_id, mailbox_id, "No such mailbox.")


def mailbox_view(session: Session, store: Store, box: Mailbox) -> MailboxView:
    name, extension = _owner(session, box)
    greetings = {g.kind.value: str(store.path(g.file_path)) for g in session.scalars(
        select(Greeting).where(Greeting.mailbox_id == box.id))}
    return MailboxView(
        box.id, box.company_id, name, box.user_id, extension, box.allow_message,
        box.allow_wait and box.user_id is not None, box.allow_callback, box.allow_operator,
        box.operator_destination, box.max_message_seconds, box.min_message_seconds,
        box.silence_seconds, box.silence_threshold, box.pin_hash is not None, greetings)


def _owner(session: Session, box: Mailbox) -> tuple[str, str | None]:
    if box.user_id is not None:
        user = session.get(User, box.user_id)
        return user.name, user.extension
    service = session.get(SwitchboardService, box.service_id)
    return service.name, service.extension


def owner_emails(session: Session, box: Mailbox) -> list[str]:
    """Where new messages are e-mailed: the configured list, else the owner's address."""
    if not box.email_messages:
        return []
    listed = [a.strip() for a in box.email_to.split(",") if a.strip()]
    if listed or box.user_id is None:
        return listed
    email = session.get(User, box.user_id).email
    return [email] if email else []


def set_pin(box: Mailbox, pin: str) -> None:
    if not PIN.match(pin):
        raise InvalidInput("A voicemail PIN is 4 to 10 digits.")
    box.pin_hash = _pins.hash(pin)


def check_pin(box: Mailbox, pin: str | None) -> bool:
    """Constant-time check; a mailbox without a PIN cannot be opened from another phone."""
    if not pin or box.pin_hash is None:
        return False
    try:
        return _pins.verify(box.pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False


def set_greeting(session: Session, store: Store, box: Mailbox, kind: GreetingKind,
                 incoming: Path) -> Greeting:
    """Keep a recorded or uploaded greeting (a WAV already in the store's incoming folder)."""
    relative = f"{box.company_id}/{box.id}/greeting-{kind.value}.wav"
    store.commit(incoming, relative)
    greeting = session.scalar(select(Greeting).where(
        Greeting.mailbox_id == box.id, Greeting.kind == kind))
    if greeting is None:
        greeting = Greeting(mailbox_id=box.id, kind=kind, file_path=relative)
        session.add(greeting)
    greeting.file_path = relative
    session.flush()
    return greeting


def upload_greeting(session: Session, store: Store, box: Mailbox, kind: GreetingKind,
                    data: bytes) -> Greeting:
    """A greeting uploaded on the web or through the API (WAV bytes)."""
    store.check_writable()
    incoming = store.incoming_path()
    incoming.write_bytes(data)
    return set_greeting(session, store, box, kind, incoming)


def remove_greeting(session: Session, store: Store, box: Mailbox, kind: GreetingKind) -> None:
    greeting = session.scalar(select(Greeting).where(
        Greeting.mailbox_id == box.id, Greeting.kind == kind))
    if greeting is not None:
        store.remove(greeting.file_path)
        session.delete(greeting)
        session.flush()
