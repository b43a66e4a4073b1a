"""Setting one's own password from an e-mailed link (an invitation or "forgot
password"), and asking for such a link. Public pages: no log-in needed."""
from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from vaxel.accounts import onboarding
from vaxel.accounts.errors import TooManyAttempts
from vaxel.base import utcnow
from vaxel.errors import InvalidInput

from ..client import client_address
from ..db import get_db
from ..i18n import gettext
from . import mail
from .views import begin_session

bp = Blueprint("password", __name__, url_prefix="/password")
# The token is in the address: no page of this flow tells another site where it was.
PRIVATE = {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer"}
SENT = ("If the address has a login, a link to choose a new password is on its way. "
        "It works once, for an hour.")


@bp.get("/forgot")
def forgot() -> tuple[str, int, dict]:
    return render_template("auth/forgot.html"), 200, PRIVATE


@bp.post("/forgot")
def forgot_submit() -> tuple[str, int, dict]:
    try:
        onboarding.request_reset(get_db(), request.form.get("email", ""), client_address(),
                                 mail.new_password, utcnow())
    except TooManyAttempts:
        return (render_template("auth/forgot.html", error=gettext(
            "Too many requests. Wait a quarter of an hour and try again.")), 429, PRIVATE)
    # The same answer whether or not the address has a login.
    return render_template("auth/forgot.html", sent=gettext(SENT)), 200, PRIVATE


@bp.get("/choose/<token>")
def choose(token: str) -> tuple[str, int, dict]:
    row = onboarding.valid_token(get_db(), token, utcnow())
    if row is None:
        return render_template("auth/choose.html", expired=True), 410, PRIVATE
    return render_template("auth/choose.html", email=row.account.email,
                           invited=row.purpose == "invite"), 200, PRIVATE


@bp.post("/choose/<token>")
def choose_submit(token: str) -> Response | tuple[str, int, dict]:
    form = request.form
    try:
        if form.get("password", "") != form.get("repeat", ""):
            raise InvalidInput("The two passwords are not the same.")
        account = onboarding.set_password_with_token(get_db(), token, form.get("password", ""),
                                                     utcnow())
    except onboarding.LinkNotValid:
        return render_template("auth/choose.html", expired=True), 410, PRIVATE
    except InvalidInput as exc:
        row = onboarding.valid_token(get_db(), token, utcnow())
        return (render_template("auth/choose.html", email=row.account.email if row else "",
                                invited=bool(row and row.purpose == "invite"),
                                error=gettext(exc.message)), 422, PRIVATE)
    begin_session(account)
    return redirect(url_for("auth.home"), 303)
