"""Invitations and "forgot password": one-time links that let a person set their own
portal password, so nobody types a password on someone else's behalf.

A link carries a random token; the database keeps only its SHA-256. It works once, until
it expires, and a newer link of the same account ends the older ones. Asking for a new
password answers the same whether or not the address has a login (no account
enumeration), and is limited per source address and per e-mail address.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from typing import Callable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record, snapshot
from ..errors import Conflict, Forbidden, VaxelError
from ..mail.services import queue_mail
from ..people.models import User
from . import ratelimit
from .models import Account, AccountToken
from .passwords import NO_PASSWORD_YET, has_password
from .services import account_of_user, normalise_email, set_password

INVITE_VALID = dt.timedelta(days=7)
RESET_VALID = dt.timedelta(hours=1)
# Asking for a new password: per source address, and per address asked about (so that
# nobody fills a colleague's inbox from many places).
RESETS_PER_SOURCE = 5
RESETS_PER_EMAIL = 3

# Builds the e-mail (subject, body) around the token's link; the portal writes it, in its
# language and with its public address.
Compose = Callable[[str], tuple[str, str]]


class LinkNotValid(VaxelError):
    status = 410
    error_id = "link-not-valid"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue_token(session: Session, account: Account, purpose: str, now: dt.datetime) -> str:
    """A new link for the account; every earlier unused one of it ends."""
    session.execute(update(AccountToken).where(AccountToken.account_id == account.id,
                                               AccountToken.used_at.is_(None))
                    .values(used_at=now))
    token = secrets.token_urlsafe(32)
    valid = INVITE_VALID if purpose == "invite" else RESET_VALID
    session.add(AccountToken(account_id=account.id, purpose=purpose, token_hash=_digest(token),
                             expires_at=now + valid))
    session.flush()
    return token


def invite(session: Session, actor: Actor, user: User, email: str, compose: Compose,
           now: dt.datetime) -> Account:
    """Give the user a portal login without a password and e-mail them a link to set one
    (again, while they have not used it). Someone who has set a password already uses
    "forgot password" instead."""
    actor.check_company(user.company_id, "user", user_id=user.id)
    if not actor.is_admin:
        raise Forbidden("Only an admin may invite people.")
    account = account_of_user(session, user)
    if account is not None and has_password(account.password_hash):
        raise Conflict(f"{user.name} has a portal login already.")
    if account is None:
        account = _pending_account(session, user, email)
        record(session, actor, "invite", account)
    else:
        record(session, actor, "invite-again", account, snapshot(account))
    _send(session, account, issue_token(session, account, "invite", now), compose,
          user.company_id)
    return account


def _pending_account(session: Session, user: User, email: str) -> Account:
    address = normalise_email(email)
    if session.scalar(select(Account.id).where(Account.email == address)):
        raise Conflict(f"The e-mail address {address} already has a portal login.")
    account = Account(email=address, password_hash=NO_PASSWORD_YET, user_id=user.id)
    session.add(account)
    session.flush()
    return account


def _send(session: Session, account: Account, token: str, compose: Compose,
          company_id: int | None) -> None:
    subject, body = compose(token)
    queue_mail(session, [account.email], subject, body, company_id=company_id)


def request_reset(session: Session, email: str, source_ip: str, compose: Compose,
                  now: dt.datetime) -> None:
    """E-mail a link to set a new password, if the address has an active login. Says
    nothing either way; raises TooManyAttempts past the limits, whatever the address."""
    address = email.strip().lower()[:254]
    ratelimit.claim(session, f"reset-source:{source_ip}", RESETS_PER_SOURCE, now)
    ratelimit.claim(session, f"reset-email:{address}", RESETS_PER_EMAIL, now)
    account = session.scalar(select(Account).where(Account.email == address))
    if account is None or not account.active:
        return
    _send(session, account, issue_token(session, account, "reset", now), compose,
          account.company_id)


def valid_token(session: Session, token: str, now: dt.datetime) -> AccountToken | None:
    """The unused, unexpired link this token opens, locked until the transaction ends."""
    row = session.scalar(select(AccountToken).where(AccountToken.token_hash == _digest(token))
                         .with_for_update())
    if row is None or row.used_at is not None or row.expires_at <= now:
        return None
    if not row.account.active:
        return None
    return row


def set_password_with_token(session: Session, token: str, password: str,
                            now: dt.datetime) -> Account:
    """Set the password the link is for; the link is used up (and every session of the
    account ends). Raises LinkNotValid for an unknown, used or expired link."""
    row = valid_token(session, token, now)
    if row is None:
        raise LinkNotValid("This link has expired or was used already.")
    account = row.account
    was = snapshot(account)
    set_password(session, account, password)
    row.used_at = now
    record(session, Actor.of_account(account), f"set-password-{row.purpose}", account, was)
    return account
