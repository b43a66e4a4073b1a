"""Logging in and out, the start page, and the language switch."""
from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, session, url_for
from werkzeug.wrappers import Response

from vaxel.accounts.errors import TooManyAttempts
from vaxel.accounts.roles import PortalRole
from vaxel.accounts.services import authenticate, set_language

from ..csrf import csrf_token
from ..db import get_db
from ..i18n import LANGUAGES, gettext

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str | None:
    # Only same-site paths: an open redirect after log-in would help phishing.
    if target and target.startswith("/") and not target.startswith("//"):
        return target
    return None


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
                               request.remote_addr or "unknown")
    except TooManyAttempts as exc:
        return render_template("auth/login.html", error=gettext(exc.message)), 429
    if account is None:
        return render_template("auth/login.html", error=gettext("Wrong e-mail or password.")), 401
    _start_session(account.id)
    return redirect(_safe_next(form.get("next")) or url_for("auth.home"), 303)


def _start_session(account_id: int) -> None:
    # A fresh session (and CSRF token) on log-in, so a planted session id is worthless.
    language = session.get("lang")
    session.clear()
    session.permanent = True
    session["account_id"] = account_id
    if language:
        session["lang"] = language
    csrf_token()


@bp.post("/logout")
def logout() -> Response:
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
