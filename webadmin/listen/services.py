"""Listening to voicemail in the browser: whose messages a portal account may hear, and
the audited deletion. vaxel.voicemail decides access (a personal mailbox is only ever
its owner's, even for admins)."""
from __future__ import annotations

import datetime as dt

from flask import g
from sqlalchemy import select
from sqlalchemy.orm import Session

from vaxel.voicemail import messages
from vaxel.voicemail.models import Mailbox
from vaxel.voicemail.messages import Viewer

from ..stores import voicemail_store
from ..timefmt import local_time


def own_viewer() -> Viewer:
    return Viewer(g.account.company_id, g.account.user_id)


def admin_viewer(company_id: int) -> Viewer:
    return Viewer(company_id, g.account.user_id, is_admin=True)


def own_mailbox(db: Session) -> Mailbox | None:
    return db.scalar(select(Mailbox).where(Mailbox.user_id == g.account.user_id))


def shared_mailboxes(db: Session, company_id: int) -> list[Mailbox]:
    return list(db.scalars(select(Mailbox).where(
        Mailbox.company_id == company_id, Mailbox.service_id.is_not(None)).order_by(Mailbox.id)))


def describe(db: Session, viewer: Viewer, message_id: int) -> str:
    """Who left the message and when, as the list shows it (NotFound when not visible)."""
    message = messages.visible_message(db, viewer, message_id)
    return f"{message.caller_name or message.caller_number or ''} · {local_time(message.created_at)}"


def delete(db: Session, viewer: Viewer, message_id: int) -> None:
    messages.delete_message(db, g.actor, voicemail_store(), viewer, message_id,
                            dt.datetime.now(dt.timezone.utc))
