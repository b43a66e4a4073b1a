"""API tokens: made once (only the hash is kept), checked on every request, revoked."""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record
from ..errors import InvalidInput
from ..tenancy.scoped import in_company
from .models import ApiToken

PREFIX = "vxl_"
SCOPES = {
    "calls:read": "List live calls and follow call commands",
    "calls:write": "Click-to-call, transfer and hang up",
    "calllog:read": "Read the call log",
    "users:read": "List users and their presence",
    "presence:write": "Switch users' presence profiles",
    "queues:write": "Log users in and out of queues",
    "contacts:read": "Look numbers up and read contacts",
    "contacts:write": "Add, change and remove contacts",
    "voicemail:read": "List and download voicemail, personal mailboxes included",
    "voicemail:write": "Mark voicemail heard and delete it, personal mailboxes included",
    "recordings:read": "List and download call recordings",
    "statistics:read": "Read queue statistics and the raw export",
    "webhooks:write": "Manage webhook subscriptions",
}


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, actor: Actor, company_id: int, name: str,
                 scopes: Iterable[str]) -> tuple[ApiToken, str]:
    """A new token and its text, which is shown once and never stored (nor logged: the
    audit entry names it and its scopes). The company's admins make tokens."""
    actor.check_admin(company_id, "company")
    chosen = sorted(set(scopes))
    if not name.strip() or not chosen or any(s not in SCOPES for s in chosen):
        raise InvalidInput("A token needs a name and one or more known scopes.")
    text = PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(company_id=company_id, name=name.strip()[:100], prefix=text[:12],
                     token_hash=_hash(text), scopes=chosen)
    session.add(token)
    session.flush()
    record(session, actor, "create", token, now={"name": token.name, "scopes": token.scopes})
    return token, text


def authenticate(session: Session, text: str, now: dt.datetime) -> ApiToken | None:
    """The live token with this text, or None."""
    if not text.startswith(PREFIX):
        return None
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == _hash(text)))
    if token is None or token.revoked_at is not None:
        return None
    token.last_used_at = now
    return token


def company_tokens(session: Session, company_id: int) -> list[ApiToken]:
    return list(session.scalars(select(ApiToken).where(ApiToken.company_id == company_id)
                                .order_by(ApiToken.id)))


def revoke_token(session: Session, actor: Actor, company_id: int, token_id: int,
                 now: dt.datetime) -> ApiToken:
    token = in_company(session, ApiToken, company_id, token_id,
                       "No such API token in this company.")
    token.revoked_at = token.revoked_at or now
    session.flush()
    record(session, actor, "revoke", token, now={"name": token.name, "revoked": True})
    return token
