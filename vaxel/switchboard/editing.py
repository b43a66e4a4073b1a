"""Changing a switchboard service after it was created: its name and extension, a fax
mailbox's e-mail addresses, and removing it. Each change checks the Actor and is audited."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record, snapshot
from ..errors import Conflict, Forbidden, InvalidInput
from ..numbers.models import PhoneNumber
from ..people.models import User
from .models import ServiceKind, SwitchboardService

MAX_FAX_EMAILS = 10


def _check_admin(actor: Actor, service: SwitchboardService) -> None:
    actor.check_company(service.company_id, "service", service_id=service.id)
    if not actor.is_admin:
        raise Forbidden("Only an admin may change switchboard services.")


def _free_extension(session: Session, service: SwitchboardService, text: str) -> str | None:
    """None for no extension; else 2 to 6 digits no colleague and no other service has."""
    ext = text.strip()
    if not ext:
        return None
    if not ext.isdigit() or not 2 <= len(ext) <= 6:
        raise InvalidInput("An extension is 2 to 6 digits.")
    user = select(User.id).where(User.company_id == service.company_id, User.extension == ext)
    other = select(SwitchboardService.id).where(
        SwitchboardService.company_id == service.company_id,
        SwitchboardService.extension == ext, SwitchboardService.id != service.id)
    if session.scalar(user) or session.scalar(other):
        raise Conflict(f"Extension {ext} is already in use.")
    return ext


def rename_service(session: Session, actor: Actor, service: SwitchboardService, name: str,
                   extension: str) -> None:
    _check_admin(actor, service)
    if not name.strip():
        raise InvalidInput("A service needs a name.")
    was = snapshot(service)
    service.name = name.strip()[:200]
    service.extension = _free_extension(session, service, extension)
    session.flush()
    record(session, actor, "update", service, was)


def set_fax_emails(session: Session, actor: Actor, service: SwitchboardService,
                   addresses: list[str]) -> None:
    """Where a fax mailbox's faxes are e-mailed (as PDFs)."""
    _check_admin(actor, service)
    if service.kind is not ServiceKind.FAX_MAILBOX:
        raise InvalidInput("Only a fax mailbox has fax e-mail addresses.")
    emails = [a.strip().lower() for a in addresses if a.strip()]
    bad = [a for a in emails if "@" not in a or a.startswith("@") or a.endswith("@")]
    if bad:
        raise InvalidInput(f"{bad[0]} is not an e-mail address.")
    if len(emails) > MAX_FAX_EMAILS:
        raise InvalidInput(f"At most {MAX_FAX_EMAILS} e-mail addresses.")
    was = snapshot(service)
    service.settings = {**(service.settings or {}), "emails": emails}
    session.flush()
    record(session, actor, "update", service, was)


def delete_service(session: Session, actor: Actor, service: SwitchboardService) -> None:
    """Remove a service, unless numbers still route to it (their callers would reach
    nothing): route those elsewhere first. Its menus, queue and mailbox go with it."""
    _check_admin(actor, service)
    routed = list(session.scalars(select(PhoneNumber.e164).where(
        PhoneNumber.service_id == service.id).order_by(PhoneNumber.e164)))
    if routed:
        raise Conflict(f"Numbers route to {service.name}: {', '.join(routed)}. "
                       "Route them elsewhere first.")
    was = snapshot(service)
    session.delete(service)
    session.flush()
    record(session, actor, "delete", service, was, gone=True)
