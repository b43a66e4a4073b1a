"""Portal password hashing (argon2id) and the minimum a portal password must meet."""
from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..errors import WeakCredential

MIN_LENGTH = 10
_hasher = PasswordHasher()

# Verifying against this costs the same as a real hash, so an unknown e-mail address
# answers as slowly as a wrong password and does not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash("växel-dummy-password")


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise WeakCredential(f"A portal password needs at least {MIN_LENGTH} characters.")
    return _hasher.hash(password)


def verify_password(password_hash: str | None, password: str) -> bool:
    try:
        return _hasher.verify(password_hash or _DUMMY_HASH, password) and password_hash is not None
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
