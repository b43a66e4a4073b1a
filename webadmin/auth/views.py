"""Logging in and out, the start page, and the language switch."""
from __future__ import annotations

import re
from urllib.parse import urlsplit

from flask import Blueprint, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from vaxel.accounts.errors import TooManyAttempts
from vaxel.accounts.models import Account
from vaxel.accounts.roles import PortalRole
from vaxel.accounts.services import authenticate, set_language
from vaxel.accounts.sessions import end_session, start_session
from vaxel.base import utcnow

from ..client import client_address
from ..csrf import csrf_token
from ..db import get_db
from ..i18n import LANGUAGES, gettext

bp = Blueprint("auth", __name__)


# Browsers drop tabs and line breaks from a URL and read a backslash as "/":
# "/\t/evil.example" becomes "//evil.example", another site. Such a target is refused
# whole, never cleaned.
_UNSAFE_IN_TARGET = re.compile(r"[\x00-\x20\x7f\\]")


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: an open redirect after log-in would help phishing."""
    if (not target or _UNSAFE_IN_TARGET.search(target) or not target.startswith("/")
            or target.startswith("//")):
        return None
    parts = urlsplit(target)
    return None if parts.scheme or parts.netloc else target


@bp.get("/")
def home() -> Response:
    if g.account is None:
        return redirect(url_for("auth.login"))
    if g.role is PortalRole.OPS:
        return redirect(url_for("ops.list_companies"))
    if g.role is PortalRole.ADMIN:
        return redirect(url_for("dashboard.show", company_id=g.account.company_id))
    return redirect(url_for("me.show"))


@bp.get("/login")
def login() -> str:
    return render_template("auth/login.html", next=_safe_next(request.args.get("next")))


@bp.post("/login")
def login_submit() -> Response | tuple[str, int]:
    form = request.form
    try:
        account = authenticate(get_db(), form.get("email", ""), form.get("password", ""),
                               client_address())
    except TooManyAttempts as exc:
        return render_template("auth/login.html", error=gettext(exc.message)), 429
    if account is None:
        return render_template("auth/login.html", error=gettext("Wrong e-mail or password.")), 401
    begin_session(account)
    return redirect(_safe_next(form.get("next")) or url_for("auth.home"), 303)


def begin_session(account: Account) -> None:
    """A fresh session (and CSRF token), on log-in and after a password change, so a
    planted or copied cookie is worthless. The cookie carries only the token of a
    session row; the row decides."""
    language = session.get("lang")
    session.clear()
    session.permanent = True
    session["sid"] = start_session(get_db(), account, utcnow())
    if language:
        session["lang"] = language
    csrf_token()


@bp.post("/logout")
def logout() -> Response:
    end_session(get_db(), session.get("sid"))
    session.clear()
    return redirect(url_for("auth.login"), 303)


@bp.post("/language")
def switch_language() -> Response:
    language = request.form.get("language")
    if language in LANGUAGES:
        session["lang"] = language
        if g.account is not None:
            set_language(g.account, language)
    referrer = request.referrer or ""
    return redirect(referrer if referrer.startswith(request.host_url) else url_for("auth.home"), 303)
