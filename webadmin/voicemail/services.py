"""Listening to voicemail in the browser: whose messages a portal account may hear, and
the audited deletion. vaxel.voicemail decides access (a personal mailbox is only ever
its owner's, even for admins)."""
from __future__ import annotations

import datetime as dt

from flask import g
from sqlalchemy import select
from sqlalchemy.orm import Session

from vaxel.actor import Actor
from vaxel.voicemail import messages
from vaxel.voicemail.models import Mailbox

from ..stores import voicemail_store
from ..timefmt import local_time


def as_self() -> Actor:
    """The logged-in account on its own pages: its own mailbox only, admin or not."""
    return g.actor.acting_as(g.account.user_id)


def as_admin(company_id: int) -> Actor:
    """The logged-in admin (or operator) on the company's pages."""
    return g.actor.within(company_id)


def own_mailbox(db: Session) -> Mailbox | None:
    return db.scalar(select(Mailbox).where(Mailbox.user_id == g.account.user_id))


def shared_mailboxes(db: Session, company_id: int) -> list[Mailbox]:
    return list(db.scalars(select(Mailbox).where(
        Mailbox.company_id == company_id, Mailbox.service_id.is_not(None)).order_by(Mailbox.id)))


def describe(db: Session, actor: Actor, message_id: int) -> str:
    """Who left the message and when, as the list shows it (NotFound when not visible)."""
    message = messages.visible_message(db, actor, message_id)
    return f"{message.caller_name or message.caller_number or ''} · {local_time(message.created_at)}"


def delete(db: Session, actor: Actor, message_id: int) -> None:
    messages.delete_message(db, actor, voicemail_store(), message_id,
                            dt.datetime.now(dt.timezone.utc))
