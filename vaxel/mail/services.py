"""Queueing e-mail and recording how sending went; the SMTP side is fs_control.features.mail."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import OutboxMail

# After this many failed attempts (about two days with the back-off) a mail is given up.
MAX_ATTEMPTS = 40
MAX_DELAY = dt.timedelta(hours=1)


def queue_mail(session: Session, to: list[str], subject: str, body: str, *,
               company_id: int | None = None, attachment: Path | None = None,
               attachment_name: str | None = None,
               attachment_type: str = "application/octet-stream",
               attachment_data: bytes | None = None) -> OutboxMail | None:
    """Queue an e-mail in the caller's transaction; None when there is nobody to send to."""
    recipients = [a.strip() for a in to if a and "@" in a]
    if not recipients:
        return None
    mail = OutboxMail(company_id=company_id, to_addrs=",".join(recipients), subject=subject,
                      body=body, attachment_path=str(attachment) if attachment else None,
                      attachment_name=attachment_name, attachment_type=attachment_type,
                      attachment_data=attachment_data,
                      attempts=0, last_error="")
    session.add(mail)
    session.flush()
    return mail


def due_mails(session: Session, now: dt.datetime, limit: int = 20) -> list[OutboxMail]:
    return due_rows(session, OutboxMail, now, limit)


def due_rows(session: Session, outbox, now: dt.datetime, limit: int = 20) -> list:
    """Unsent rows of an outbox (mail, text messages: the same bookkeeping) whose time has
    come, locked so that two senders never send one twice."""
    return list(session.scalars(
        select(outbox)
        .where(outbox.sent_at.is_(None), outbox.failed_at.is_(None),
               (outbox.next_attempt_at.is_(None)) | (outbox.next_attempt_at <= now))
        .order_by(outbox.id).limit(limit).with_for_update(skip_locked=True)))


def retry_delay(attempts: int) -> dt.timedelta:
    """Back off 30 s, 1 min, 2 min… up to an hour between attempts."""
    return min(dt.timedelta(seconds=30 * 2 ** max(0, attempts - 1)), MAX_DELAY)


def mark_sent(mail: OutboxMail, now: dt.datetime) -> None:
    mail.attempts += 1
    mail.sent_at = now


def mark_failed(mail: OutboxMail, now: dt.datetime, error: str, permanent: bool = False) -> None:
    mail.attempts += 1
    mail.last_error = error[:1000]
    if permanent or mail.attempts >= MAX_ATTEMPTS:
        mail.failed_at = now
    else:
        mail.next_attempt_at = now + retry_delay(mail.attempts)
