"""Caller look-up: the company's contacts first, then its external directory (cached)."""
from __future__ import annotations

import datetime as dt
import logging
from typing import Callable

from sqlalchemy import delete, select
from sqlalchemy.dialects.postgresql import insert
from sqlalchemy.orm import Session

from ..errors import InvalidInput
from ..tenancy.scoped import in_company
from .models import Contact, LookupCache, LookupSettings
from .rules import FAILED_TTL, FOUND_TTL, UNKNOWN_TTL, CallerName, is_lookup_worthy

log = logging.getLogger(__name__)

# fetch(url template, auth header value, number) → CallerName; raises LookupFailed.
Fetch = Callable[[str, str, str], CallerName]


class LookupFailed(Exception):
    """The directory did not answer in time or answered nonsense."""


def find_contact(session: Session, company_id: int, number: str) -> Contact | None:
    return session.scalar(select(Contact).where(Contact.company_id == company_id,
                                                Contact.number == number))


def save_contact(session: Session, company_id: int, number: str, name: str,
                 organisation: str = "", external_id: str = "") -> Contact:
    """Add or update the contact with this number (a CRM sync calls this repeatedly)."""
    if not is_lookup_worthy(number) or not name.strip():
        raise InvalidInput("A contact needs a name and an E.164 number (+46…).")
    contact = find_contact(session, company_id, number) or Contact(company_id=company_id,
                                                                  number=number)
    contact.name, contact.organisation = name.strip()[:200], organisation.strip()[:200]
    contact.external_id = external_id[:200]
    session.add(contact)
    session.flush()
    return contact


def remove_contact(session: Session, company_id: int, contact_id: int) -> None:
    contact = in_company(session, Contact, company_id, contact_id)
    session.delete(contact)
    session.flush()


def search_contacts(session: Session, company_id: int, text: str = "",
                    limit: int = 50) -> list[Contact]:
    query = select(Contact).where(Contact.company_id == company_id)
    if text:
        like = f"%{text.replace('%', '')}%"
        query = query.where(Contact.name.ilike(like) | Contact.number.like(like)
                            | Contact.organisation.ilike(like))
    return list(session.scalars(query.order_by(Contact.name, Contact.id).limit(min(limit, 200))))


def configure_provider(session: Session, company_id: int, url: str, auth: str = "") -> None:
    """The external directory: a URL with {number} in it (empty: no directory)."""
    if url and "{number}" not in url:
        raise InvalidInput("The directory address must contain {number}.")
    settings = session.get(LookupSettings, company_id) or LookupSettings(company_id=company_id)
    settings.provider_url, settings.provider_auth = url.strip(), auth.strip()
    session.add(settings)
    session.execute(delete(LookupCache).where(LookupCache.company_id == company_id))
    session.flush()


def lookup(session: Session, company_id: int, number: str, now: dt.datetime,
           fetch: Fetch | None) -> CallerName:
    """Who `number` is for this company: contacts, then the cache, then the directory."""
    contact = find_contact(session, company_id, number)
    if contact is not None:
        return CallerName(number, contact.name, contact.organisation, "contacts")
    settings = session.get(LookupSettings, company_id)
    if fetch is None or settings is None or not settings.provider_url \
            or not is_lookup_worthy(number):
        return CallerName(number)
    cached = session.get(LookupCache, (company_id, number))
    if cached is not None and cached.expires_at > now:
        return CallerName(number, cached.name, cached.organisation,
                          "directory" if cached.name or cached.organisation else "")
    return _ask_directory(session, company_id, number, now, fetch, settings)


def _ask_directory(session: Session, company_id: int, number: str, now: dt.datetime,
                   fetch: Fetch, settings: LookupSettings) -> CallerName:
    try:
        found = fetch(settings.provider_url, settings.provider_auth, number)
        ttl = FOUND_TTL if found.source else UNKNOWN_TTL
    except LookupFailed as exc:
        log.info("company %s: directory look-up of %s failed: %s", company_id, number, exc)
        found, ttl = CallerName(number), FAILED_TTL
    values = dict(company_id=company_id, number=number, name=found.name,
                  organisation=found.organisation, expires_at=now + ttl)
    session.execute(insert(LookupCache).values(**values).on_conflict_do_update(
        index_elements=["company_id", "number"],
        set_={k: v for k, v in values.items() if k not in ("company_id", "number")}))
    return found
