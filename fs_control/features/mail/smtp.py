"""The one module that speaks SMTP: sends the outbox (vaxel.mail) on a timer.

A mail is committed to the outbox together with what it reports (a voicemail message, a
fax), so SMTP being down or the controller restarting delays it but never loses it.
"""
from __future__ import annotations

import logging
import smtplib
import ssl
from email.message import EmailMessage
from pathlib import Path
from typing import Callable

from sqlalchemy.orm import Session, sessionmaker

from vaxel.base import utcnow
from vaxel.config import Settings
from vaxel.mail.models import OutboxMail
from vaxel.mail.services import due_mails, mark_failed, mark_sent

log = logging.getLogger(__name__)

SMTP_TIMEOUT = 20.0
SEND_INTERVAL = 10.0


class MissingAttachment(Exception):
    """The file a mail should carry is gone: retrying will not bring it back."""


def build_message(mail: OutboxMail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = mail.to_addrs
    message["Subject"] = mail.subject
    message.set_content(mail.body)
    if mail.attachment_data is not None:
        maintype, _, subtype = (mail.attachment_type or "application/octet-stream").partition("/")
        message.add_attachment(mail.attachment_data, maintype=maintype, subtype=subtype,
                               filename=mail.attachment_name or "attachment")
    elif mail.attachment_path:
        path = Path(mail.attachment_path)
        if not path.is_file():
            raise MissingAttachment(f"attachment {path} is missing")
        maintype, _, subtype = (mail.attachment_type or "application/octet-stream").partition("/")
        message.add_attachment(path.read_bytes(), maintype=maintype, subtype=subtype,
                               filename=mail.attachment_name or path.name)
    return message


def _connect(settings: Settings) -> smtplib.SMTP:
    """A connection as VAXEL_SMTP_TLS says: TLS from the start, upgraded, or plain."""
    if settings.smtp_tls == "ssl":
        return smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT,
                                context=ssl.create_default_context())
    smtp = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT)
    if settings.smtp_tls == "starttls":
        try:
            smtp.starttls(context=ssl.create_default_context())
        except (OSError, smtplib.SMTPException):
            smtp.close()
            raise
    return smtp


def smtp_sender(settings: Settings) -> Callable[[EmailMessage], None]:
    def send(message: EmailMessage) -> None:
        with _connect(settings) as smtp:
            if settings.smtp_user:
                smtp.login(settings.smtp_user, settings.smtp_password)
            smtp.send_message(message)
    return send


def outbox_job(settings: Settings, session_factory: sessionmaker[Session],
               send: Callable[[EmailMessage], None] | None = None) -> Callable[[], int]:
    """A periodic job: send what is due; returns how many were sent."""
    send = send or smtp_sender(settings)

    def send_outbox() -> int:
        sent = 0
        with session_factory.begin() as session:
            for mail in due_mails(session, utcnow()):
                sent += _send_one(mail, settings.smtp_from, send)
        return sent
    return send_outbox


def _send_one(mail: OutboxMail, sender: str, send: Callable[[EmailMessage], None]) -> int:
    try:
        send(build_message(mail, sender))
    except MissingAttachment as exc:
        log.error("mail %s to %s cannot be sent: %s", mail.id, mail.to_addrs, exc)
        mark_failed(mail, utcnow(), str(exc), permanent=True)
        return 0
    except (OSError, smtplib.SMTPException) as exc:
        log.warning("mail %s to %s not sent (attempt %s): %s", mail.id, mail.to_addrs,
                    mail.attempts + 1, exc)
        mark_failed(mail, utcnow(), str(exc))
        return 0
    mark_sent(mail, utcnow())
    log.info("mail %s sent to %s", mail.id, mail.to_addrs)
    return 1
