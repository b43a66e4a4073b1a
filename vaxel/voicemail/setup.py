"""Setting up a shared (team) mailbox from the portal: who gets its messages by e-mail,
what a caller may do, and the PIN for listening from another phone. Audited."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record, snapshot
from ..errors import Forbidden, InvalidInput
from .mailboxes import set_pin
from .models import Mailbox

MAX_RECIPIENTS = 20


@dataclass(frozen=True)
class MailboxChoices:
    email_to: list[str]
    email_messages: bool
    allow_message: bool
    allow_callback: bool
    allow_operator: bool
    pin: str = ""          # empty: leave the PIN as it is


def _addresses(raw: list[str]) -> str:
    emails = [a.strip().lower() for a in raw if a.strip()]
    for address in emails:
        if "@" not in address or address.startswith("@") or address.endswith("@"):
            raise InvalidInput(f"{address} is not an e-mail address.")
    if len(emails) > MAX_RECIPIENTS:
        raise InvalidInput(f"At most {MAX_RECIPIENTS} e-mail addresses.")
    return ",".join(emails)


def configure_shared_mailbox(session: Session, actor: Actor, box: Mailbox,
                             choices: MailboxChoices) -> None:
    actor.check_company(box.company_id, "mailbox")
    if not actor.is_admin or box.service_id is None:
        raise Forbidden("Only an admin sets up a shared mailbox.")
    was = snapshot(box)
    box.email_to = _addresses(choices.email_to)
    box.email_messages = choices.email_messages
    box.allow_message = choices.allow_message
    box.allow_callback = choices.allow_callback
    box.allow_operator = choices.allow_operator
    if choices.pin:
        set_pin(box, choices.pin)
    session.flush()
    record(session, actor, "update", box, was)
