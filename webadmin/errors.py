"""Domain errors and HTTP errors, translated once at the edge into a page or a flash."""
from __future__ import annotations

import logging
from urllib.parse import urlparse

from flask import Flask, flash, redirect, render_template, request, url_for
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from vaxel.errors import VaxelError

from .db import rollback_db
from .i18n import gettext
from .refusals import form_again

log = logging.getLogger(__name__)
TOO_LONG = "A value was too long or out of range."


def back_url() -> str:
    """Where the form came from, if it came from this portal."""
    referrer = request.referrer or ""
    if referrer and urlparse(referrer).netloc == request.host:
        return referrer
    return url_for("auth.home")


def _error_page(status: int, message: str) -> tuple[str, int]:
    return render_template("error.html", status=status, message=message), status


def handle_vaxel_error(exc: VaxelError) -> Response | tuple[str, int]:
    """A refused form is shown again as it was typed, with the reason beside the field
    (a redirect with the reason when its page cannot be drawn); a missing or forbidden
    object answers with its status."""
    rollback_db()
    log.info("refused %s %s: %s", request.method, request.path, exc.error_id)
    if request.method == "GET" or exc.status in (401, 403, 404):
        return _error_page(exc.status, gettext(exc.message))
    again = form_again(gettext(exc.message), exc)
    if again is not None:
        return again
    flash(gettext(exc.message), "error")
    return redirect(back_url(), 303)


def handle_data_error(exc: DataError) -> Response | tuple[str, int]:
    """PostgreSQL refused a value (longer than its column, a number out of range): the
    sender's mistake, answered as a refused form, not a 500."""
    log.info("refused %s %s: %s", request.method, request.path, type(exc.orig).__name__)
    return handle_vaxel_error(VaxelError(TOO_LONG))


# Werkzeug's own descriptions are long and English: each status says it in our words.
HTTP_TEXTS = {403: "You may not open this page.", 404: "There is nothing at this address.",
              405: "That cannot be done here.", 413: "The upload was too large."}


def handle_http_error(exc: HTTPException) -> tuple[str, int]:
    rollback_db()
    status = exc.code or 500
    own_words = exc.description != type(exc).description  # abort(404, "…") says its own
    message = exc.description if own_words and exc.description else HTTP_TEXTS.get(
        status, "Please try again in a moment.")
    return _error_page(status, gettext(message))


def init_app(app: Flask) -> None:
    app.register_error_handler(VaxelError, handle_vaxel_error)
    app.register_error_handler(DataError, handle_data_error)
    app.register_error_handler(HTTPException, handle_http_error)
