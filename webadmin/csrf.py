"""CSRF protection: a secret per session that every POST must send back."""
from __future__ import annotations

import hmac
import secrets

from flask import abort, request, session

_SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def csrf_token() -> str:
    token = session.get("_csrf")
    if token is None:
        token = session["_csrf"] = secrets.token_urlsafe(32)
    return token


def check_csrf() -> None:
    """Refuse any state-changing request whose token does not match the session's."""
    if request.method in _SAFE_METHODS:
        return
    if request.blueprint == "api":
        return  # bearer tokens only, never the session cookie: nothing to forge
    if request.blueprint == "widget_public":
        return  # visitors send no cookie at all; the company's Origin allow-list guards it
    if request.routing_exception is not None:
        return  # no view will run (404, 405): nothing to protect, and the real error shows
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    expected = session.get("_csrf")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        abort(400, "The form had expired or did not come from this portal; please try again.")
