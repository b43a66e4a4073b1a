"""GET /healthz for the portal: up, and PostgreSQL answering (no login: it says nothing else)."""
from __future__ import annotations

from flask import Blueprint, Response, current_app

from vaxel.health import database_health

bp = Blueprint("health", __name__)


@bp.get("/healthz")
def healthz() -> Response:
    body, status = database_health(current_app.extensions["vaxel_session_factory"])
    return Response(body, status, content_type="application/json")
