"""Decoy directory users: what a digest check of a user who does not exist is answered.

FreeSWITCH answers both "no such user" and "wrong password" with 403, but a "not found"
from xml_curl would cost less time than a real answer and could be told apart; a decoy
goes through the same rendering and FreeSWITCH compares the digest against an a1-hash
nobody knows (an HMAC under a per-process random key), so no password ever matches.
"""
from __future__ import annotations

import hashlib
import hmac
import secrets

from ..sip_directory import DirectoryUser
from ..presence.rules import ProfileView

_KEY = secrets.token_bytes(32)
# Real users nearly always have an outward number; never dialled (nobody authenticates).
DECOY_NUMBER = "+46000000000"


def decoy_hash(domain: str, username: str) -> str:
    return hmac.new(_KEY, f"{username}:{domain}".encode(), hashlib.sha256).hexdigest()[:32]


def decoy_user(domain: str, username: str) -> DirectoryUser:
    """Shaped like a real user (same params and variables), authenticating nobody."""
    return DirectoryUser(
        sip_username=username, a1_hash=decoy_hash(domain, username), user_id=0, company_id=0,
        domain=domain, name=username, extension=username, profile=ProfileView(username),
        outward_number=DECOY_NUMBER)
