"""SIP credentials: strong generated passwords, weak-password refusal, digest a1-hashes."""
from __future__ import annotations

import hashlib
import secrets
import string

from .errors import WeakCredential

# Enough entropy (~95 bits) that guessing over SIP is hopeless; no look-alike characters.
_ALPHABET = "".join(c for c in string.ascii_letters + string.digits if c not in "0O1lI")
GENERATED_LENGTH = 16
MIN_LENGTH = 10

COMMON_PASSWORDS = {
    "password", "passw0rd", "qwerty", "qwertyuiop", "letmein", "welcome", "changeme",
    "secret", "freeswitch", "clueCon".lower(), "1234567890", "0123456789", "abcdefghij",
    "iloveyou", "administrator",
}


def generate_password() -> str:
    return "".join(secrets.choice(_ALPHABET) for _ in range(GENERATED_LENGTH))


def check_password_strength(password: str, username: str, extension: str | None = None) -> None:
    """Refuse passwords a SIP scanner would try first (raises WeakCredential)."""
    lowered = password.lower()
    if len(password) < MIN_LENGTH:
        raise WeakCredential(f"A SIP password needs at least {MIN_LENGTH} characters.")
    if password.isdigit():
        raise WeakCredential("A SIP password must not be digits only.")
    if lowered in COMMON_PASSWORDS or len(set(password)) < 4:
        raise WeakCredential("That SIP password is too common.")
    for part in filter(None, (username, extension)):
        if part.lower() in lowered:
            raise WeakCredential("A SIP password must not contain the user name or extension.")


def a1_hash(username: str, realm: str, password: str) -> str:
    """FreeSWITCH's `a1-hash`: md5 of "user:realm:password" (RFC 2617 HA1)."""
    return hashlib.md5(f"{username}:{realm}:{password}".encode()).hexdigest()
