"""The app: every employee's softphone and colleagues, a web app installable on a phone.

The page is a shell (HTML, webadmin/static/app/*.js); the softphone registers to
FreeSWITCH over SIP on WebSocket as the user's web device, with a credential this
blueprint issues to the logged-in session (vaxel.people.webphone). JsSIP, the SIP
library, is served from node_modules (package-lock.json; scripts/bootstrap runs npm ci).
"""
from __future__ import annotations

import json

from flask import (Blueprint, abort, current_app, g, jsonify, render_template, request,
                   send_file)
from werkzeug.wrappers import Response

from vaxel.base import utcnow
from vaxel.colleagues.services import colleagues_board
from vaxel.config import REPO_ROOT
from vaxel.people.models import User
from vaxel.people.relay import ice_servers, usable_policy
from vaxel.people.webphone import issue_web_credential

from ..access import require_login
from ..db import get_db

bp = Blueprint("employee", __name__, url_prefix="/app")
# Files with nothing of anyone's in them, open without a log-in: a browser fetches the
# manifest without cookies, and the installed app's shell must load before one.
PUBLIC_FILES = frozenset({"employee.jssip", "employee.service_worker", "employee.manifest"})


@bp.before_request
def _log_in_first() -> Response | None:
    return None if request.endpoint in PUBLIC_FILES else require_login()


# JsSIP's browser bundle, as npm ci installed it (never copied into the repository).
JSSIP_BUNDLE = REPO_ROOT / "node_modules" / "jssip" / "dist" / "jssip.min.js"
STATIC = REPO_ROOT / "webadmin" / "static" / "app"


def own_user() -> User:
    """The employee behind the session; an operator's account without one has no app."""
    user = g.account.user
    if user is None:
        abort(404, "The app is for a company's employees.")
    return user


@bp.get("/")
def shell() -> str:
    return render_template("employee/app.html", user=own_user(),
                           library_missing=not JSSIP_BUNDLE.exists())


@bp.post("/credential")
def credential() -> tuple[Response, int, dict]:
    """A fresh SIP credential for this user's web device (the previous one stops working);
    never cached, never logged."""
    user = own_user()
    issued = issue_web_credential(get_db(), g.actor, user, utcnow())
    settings = current_app.config["VAXEL_SETTINGS"]
    body = {"ws_url": settings.browser_sip_url, "domain": issued.domain,
            "username": issued.username, "password": issued.password,
            "expires_at": issued.expires_at.isoformat(), "display_name": user.name,
            "extension": user.extension,
            "ice_servers": ice_servers(settings.relay, f"{issued.username}@{issued.domain}",
                                       issued.expires_at),
            "ice_policy": usable_policy(settings.relay)}
    return jsonify(body), 200, {"Cache-Control": "no-store"}


def render_board(session_factory):
    def render(company_id: int) -> str:
        with session_factory() as session:
            board = colleagues_board(session, company_id, utcnow())
        return json.dumps([colleague.as_dict() for colleague in board])
    return render


@bp.get("/jssip.js")
def jssip() -> Response:
    if not JSSIP_BUNDLE.exists():
        abort(404, "JsSIP is not installed: run scripts/bootstrap (npm ci).")
    return send_file(JSSIP_BUNDLE, mimetype="text/javascript", max_age=3600)


@bp.get("/sw.js")
def service_worker() -> Response:
    """Served from /app/ so that its scope is the app."""
    response = send_file(STATIC / "sw.js", mimetype="text/javascript", max_age=0)
    response.headers["Service-Worker-Allowed"] = "/app/"
    return response


@bp.get("/manifest.webmanifest")
def manifest() -> Response:
    return send_file(STATIC / "manifest.webmanifest", mimetype="application/manifest+json")
