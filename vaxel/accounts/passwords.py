"""Portal password hashing (argon2id) and the minimum a portal password must meet."""
from __future__ import annotations

from itertools import pairwise

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..credentials import COMMON_PASSWORDS
from ..errors import WeakCredential

MIN_LENGTH = 10
_hasher = PasswordHasher()

# Verifying against this costs the same as a real hash, so an unknown e-mail address
# answers as slowly as a wrong password and does not reveal which accounts exist.
_DUMMY_HASH = _hasher.hash("växel-dummy-password")


# Besides the shared list of the commonest passwords, what people type into a portal.
_COMMON_PORTAL = COMMON_PASSWORDS | {"password123", "password1!", "sommar2024", "sommar2025",
                            "vinter2024", "vinter2025", "lösenord123", "losenord123",
                            "1qaz2wsx3edc", "asdfghjkl;", "zxcvbnm123"}


def _is_run(text: str) -> bool:
    """abcdefghij, 9876543210: every step one character up, or every step one down."""
    steps = {ord(b) - ord(a) for a, b in pairwise(text)}
    return steps in ({1}, {-1})


def check_portal_password(password: str, email: str) -> None:
    """Refuse what a guesser tries first (raises WeakCredential): short, digits only, few
    different characters, a run, a common password, or the account's e-mail address."""
    lowered = password.lower()
    if len(password) < MIN_LENGTH:
        raise WeakCredential(f"A portal password needs at least {MIN_LENGTH} characters.")
    if password.isdigit():
        raise WeakCredential("A portal password must not be digits only.")
    if lowered in _COMMON_PORTAL or len(set(lowered)) < 5 or _is_run(lowered):
        raise WeakCredential("That portal password is too easy to guess.")
    local = email.lower().partition("@")[0]
    if email and (email.lower() in lowered or (len(local) >= 3 and local in lowered)):
        raise WeakCredential("A portal password must not contain the e-mail address.")


def hash_password(password: str) -> str:
    if len(password) < MIN_LENGTH:
        raise WeakCredential(f"A portal password needs at least {MIN_LENGTH} characters.")
    return _hasher.hash(password)


# Set on an invited account until its holder chooses a password: no password matches it.
NO_PASSWORD_YET = "!invited"


def verify_password(password_hash: str | None, password: str) -> bool:
    usable = password_hash is not None and password_hash != NO_PASSWORD_YET
    try:
        # An account without a password answers as slowly as a wrong password.
        return _hasher.verify(password_hash if usable else _DUMMY_HASH, password) and usable
    except (VerificationError, InvalidHashError):
        return False


def has_password(password_hash: str) -> bool:
    return password_hash != NO_PASSWORD_YET


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)
