"""GET /healthz for the portal: up, and PostgreSQL answering (no login: it says nothing else)."""
from __future__ import annotations

import json

from flask import Blueprint, Response, current_app

from vaxel.health import check_database

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    database = check_database(current_app.extensions["vaxel_session_factory"])
    body = json.dumps({"ok": database["ok"], "database": database})
    return Response(body, 200 if database["ok"] else 503, content_type="application/json")
