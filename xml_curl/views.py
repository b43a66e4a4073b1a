"""POST /fs: the one endpoint mod_xml_curl calls, for every section it is bound to."""
from __future__ import annotations

import logging

from flask import Blueprint, Response, current_app, request
from sqlalchemy.exc import SQLAlchemyError

from .auth import credentials_ok, unauthorized
from .dialplan import answer_dialplan
from .directory import answer_directory, sip_edge
from .form import read_form
from .render import CONTENT_TYPE, not_found

log = logging.getLogger(__name__)
bp = Blueprint("xml_curl", __name__)


@bp.post("/fs")
def freeswitch_lookup() -> Response:
    if not credentials_ok():
        return unauthorized()
    form = read_form(request.get_data(cache=False))
    return Response(_answer(form), 200, content_type=CONTENT_TYPE)


def _answer(form) -> str:
    """The document for one request; any failure fails closed with "not found" (HTTP 200,
    which FreeSWITCH reads as "ask the next binding"; a 500 is also a failure to it, but
    logs an error per request and tells us nothing more)."""
    section = form.get("section", "")
    settings = current_app.config["VAXEL_SETTINGS"]
    try:
        if section == "directory":
            return answer_directory(form, sip_edge(settings.sip_proxies))
        if section == "dialplan":
            host, port = settings.controller_listen
            return answer_dialplan(form, f"{host}:{port}", str(settings.recordings_dir),
                                   settings.sip_proxies)
    except SQLAlchemyError as exc:
        # The driver's own message (e.g. "connection refused"), without the SQL text.
        log.error("xml_curl %s look-up failed, answering not found: %s", section,
                  getattr(exc, "orig", None) or exc)
    except Exception:  # fail closed: a bug must not authenticate anyone or route a call
        log.exception("xml_curl %s look-up crashed, answering not found", section)
    return not_found()
