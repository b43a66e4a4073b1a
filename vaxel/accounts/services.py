"""Creating portal accounts, logging in, and account settings."""
from __future__ import annotations

import datetime as dt
import logging

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..actor import Actor
from ..audit.services import record, snapshot
from ..base import utcnow
from ..errors import Conflict, InvalidInput
from ..people.models import User
from . import ratelimit
from .errors import WrongPassword
from .models import Account
from .passwords import check_portal_password, hash_password, needs_rehash, verify_password
from .sessions import end_all_sessions
from .roles import PortalRole, portal_role

log = logging.getLogger(__name__)
LANGUAGES = ("sv", "en")


def normalise_email(email: str) -> str:
    value = email.strip().lower()
    if "@" not in value or len(value) > 254 or value.startswith("@") or value.endswith("@"):
        raise InvalidInput(f"{email!r} is not an e-mail address.")
    return value


def _new_account(session: Session, email: str, password: str, **fields) -> Account:
    address = normalise_email(email)
    if session.scalar(select(Account.id).where(Account.email == address)):
        raise Conflict(f"The e-mail address {address} already has a portal login.")
    check_portal_password(password, address)
    account = Account(email=address, password_hash=hash_password(password), **fields)
    session.add(account)
    session.flush()
    return account


def create_ops_account(session: Session, email: str, password: str) -> Account:
    return _new_account(session, email, password, is_ops=True)


def create_user_account(session: Session, user: User, email: str, password: str) -> Account:
    """Give a user a portal login; their User.role decides admin rights."""
    if account_of_user(session, user) is not None:
        raise Conflict(f"{user.name} already has a portal login.")
    return _new_account(session, email, password, user_id=user.id)


def account_of_user(session: Session, user: User) -> Account | None:
    return session.scalar(select(Account).where(Account.user_id == user.id))


def set_portal_login(session: Session, actor: Actor, user: User, email: str,
                     password: str) -> None:
    """Give the user a portal login, or set a new password on the one they have. Here no
    current password is asked: one's own goes through change_own_password, which asks."""
    actor.check_company(user.company_id, "user", user_id=user.id)
    account = account_of_user(session, user)
    if account is None:
        record(session, actor, "create", create_user_account(session, user, email, password))
        return
    if account.id == actor.account_id:
        raise Conflict("Change your own password on My page.")
    was = snapshot(account)
    set_password(session, account, password)
    record(session, actor, "reset-password", account, was)


def set_password(session: Session, account: Account, password: str) -> None:
    """A new password; every session of the account ends (whoever held one must log in
    again with the new password)."""
    check_portal_password(password, account.email)
    account.password_hash = hash_password(password)
    end_all_sessions(session, account.id)


def change_own_password(session: Session, actor: Actor, account: Account, current: str,
                        new: str, now: dt.datetime | None = None) -> None:
    """The account holder changes their password, proving they know the current one (a
    copied session cookie alone must not be enough to take the account). Guesses of the
    current password are limited like log-ins."""
    key = f"password:{account.id}"
    ratelimit.claim(session, key, ratelimit.MAX_FAILURES_PER_ACCOUNT, now or utcnow())
    if not verify_password(account.password_hash, current):
        raise WrongPassword("Your current password was not right.")
    ratelimit.forgive(session, key)
    was = snapshot(account)
    set_password(session, account, new)
    record(session, actor, "change-password", account, was)


def set_language(account: Account, language: str | None) -> None:
    if language is not None and language not in LANGUAGES:
        raise InvalidInput(f"Unknown language {language!r}.")
    account.language = language


def role_of(account: Account) -> PortalRole:
    return portal_role(account.is_ops, account.user.role if account.user else None)


def authenticate(session: Session, email: str, password: str, source_ip: str,
                 now: dt.datetime | None = None) -> Account | None:
    """The account these credentials open, or None. Every attempt is recorded; raises
    TooManyAttempts (without checking the password) while this address has failed too
    often, for this account or altogether."""
    now = now or utcnow()
    address = email.strip().lower()
    ratelimit.claim_login(session, address, source_ip, now)
    account = session.scalar(select(Account).where(Account.email == address))
    ok = verify_password(account.password_hash if account else None, password)
    ok = ok and account is not None and account.active
    ratelimit.record_attempt(session, address, source_ip, ok, now)
    if not ok:
        log.info("failed portal log-in for %s from %s", address, source_ip)
        return None
    ratelimit.forgive_login(session, address, source_ip)
    if needs_rehash(account.password_hash):
        account.password_hash = hash_password(password)
    account.last_login_at = now
    return account
