"""The widget's set-up, changed by a company's admins (audited, one company's only)."""
from __future__ import annotations

import secrets
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record, snapshot
from ..errors import InvalidInput
from ..numbers.e164 import to_e164
from ..queues.models import QueueSettings
from ..tenancy.models import Company
from . import rules
from .models import WidgetSettings

KEY_PREFIX = "vw_"


@dataclass(frozen=True)
class WidgetForm:
    """What the portal's form sends, as typed (rules.* check each part)."""

    origins: str
    queue_ids: tuple[int, ...]
    colour_accent: str
    colour_text: str
    title_sv: str
    title_en: str
    intro_sv: str
    intro_en: str
    contact_phone: str
    contact_email: str
    retention_days: int
    chat_queue_id: int | None = None  # whose logged-in members take visitors' chats


def settings_of(session: Session, company_id: int) -> WidgetSettings:
    """The company's widget set-up; an unsaved default (no key) if it has none yet."""
    row = session.get(WidgetSettings, company_id)
    return row or WidgetSettings(company_id=company_id, origins=[], queue_ids=[],
                                 colour_accent="#1d4ed8", colour_text="#ffffff",
                                 title_sv="", title_en="", intro_sv="", intro_en="",
                                 contact_phone="", contact_email="", retention_days=30,
                                 chat_queue_id=None)


def by_key(session: Session, key: str) -> WidgetSettings | None:
    if not key.startswith(KEY_PREFIX):
        return None
    return session.scalar(select(WidgetSettings).where(WidgetSettings.public_key == key))


def _stored(session: Session, actor: Actor, company_id: int) -> WidgetSettings:
    actor.check_admin(company_id, "widget")
    row = session.get(WidgetSettings, company_id, with_for_update=True)
    if row is None:
        row = settings_of(session, company_id)
        session.add(row)
        session.flush()
    return row


def _company_queues(session: Session, company_id: int, ids: tuple[int, ...]) -> list[int]:
    found = set(session.scalars(select(QueueSettings.service_id).where(
        QueueSettings.company_id == company_id, QueueSettings.service_id.in_(ids))))
    if found != set(ids):  # another company's queue is no more a choice than a made-up id
        raise InvalidInput("Choose among the company's queues.", field="queue_ids")
    return list(ids)


def _chat_queue(session: Session, company_id: int, queue_id: int | None) -> int | None:
    if queue_id is None:
        return None
    try:
        return _company_queues(session, company_id, (queue_id,))[0]
    except InvalidInput as exc:
        raise InvalidInput("Choose among the company's queues.", field="chat_queue_id") from exc


def _phone(session: Session, company_id: int, typed: str) -> str:
    """Stored E.164, as every number is; shown to visitors the national way."""
    if not typed.strip():
        return ""
    country = session.scalar(select(Company.country).where(Company.id == company_id))
    try:
        return to_e164(typed, country)
    except InvalidInput as exc:
        raise InvalidInput(exc.message, field="contact_phone") from exc


def save(session: Session, actor: Actor, company_id: int, form: WidgetForm) -> WidgetSettings:
    row = _stored(session, actor, company_id)
    was = snapshot(row)
    row.origins = rules.origins(form.origins)
    row.queue_ids = _company_queues(session, company_id, form.queue_ids)
    row.colour_accent = rules.colour(form.colour_accent, "colour_accent")
    row.colour_text = rules.colour(form.colour_text, "colour_text")
    for name, limit in (("title_sv", 120), ("title_en", 120), ("intro_sv", 500),
                        ("intro_en", 500), ("contact_email", 200)):
        setattr(row, name, rules.text(getattr(form, name), limit, name))
    row.contact_phone = _phone(session, company_id, form.contact_phone)
    row.retention_days = rules.retention(form.retention_days)
    row.chat_queue_id = _chat_queue(session, company_id, form.chat_queue_id)
    record(session, actor, "widget.save", row, was)
    return row


def rotate_key(session: Session, actor: Actor, company_id: int) -> str:
    """A new public key; the old one (if any) stops answering at once."""
    row = _stored(session, actor, company_id)
    was = snapshot(row)
    row.public_key = KEY_PREFIX + secrets.token_urlsafe(24)
    record(session, actor, "widget.key_rotated", row, was)
    return row.public_key


def revoke_key(session: Session, actor: Actor, company_id: int) -> None:
    row = _stored(session, actor, company_id)
    was = snapshot(row)
    row.public_key = None
    record(session, actor, "widget.key_revoked", row, was)
