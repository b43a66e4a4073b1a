"""Calling a number back from the call log (the API's click-to-call: the account's own
phones ring, and when one answers the controller calls the number), and the CSV answer."""
from __future__ import annotations

from flask import Response, flash, g, redirect, request, url_for

from vaxel.callcontrol.fsapi import check_destination
from vaxel.callcontrol.models import CommandAction
from vaxel.callcontrol.services import request_command
from vaxel.models import User

from ..db import get_db
from ..i18n import gettext
from ..numberfmt import phone


def call_back(company_id: int) -> Response:
    """Ring the logged-in person's phones, then the number (a call command, carried out by
    the controller as for the API). Only someone with phones of their own can call."""
    user = get_db().get(User, g.account.user_id) if g.account.user_id else None
    if user is None or user.company_id != company_id:
        flash(gettext("You have no phone in this company to call from."), "error")
        return _back()
    destination = check_destination(request.form.get("number", ""))
    request_command(get_db(), g.actor, CommandAction.CLICK_TO_CALL,
                    {"user_id": user.id, "destination": destination})
    flash(gettext("Your phone rings now; answer it to call %(number)s.",
                  number=phone(destination)), "ok")
    return _back()


def _back() -> Response:
    back = request.referrer or ""
    return redirect(back if back.startswith(request.host_url) else url_for("auth.home"), 303)


def csv_response(text: str, filename: str) -> Response:
    # A byte-order mark, so that spreadsheet programs read å, ä, ö right.
    return Response("\ufeff" + text, mimetype="text/csv", headers={
        "Content-Disposition": f'attachment; filename="{filename}"',
        "Cache-Control": "no-store"})
