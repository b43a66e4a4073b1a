"""The REST API, /api/v1: JSON, per-company bearer tokens with scopes, errors as JSON.

Views are thin: they read the request, call vaxel services and shape the answer. Call
control (click-to-call, transfers, hang-up) is carried out by the controller: the API
writes a call_command row and answers 202 with it; GET /commands/<id> follows it.
"""
from __future__ import annotations

from typing import Callable

from flask import Blueprint, g, jsonify, request
from werkzeug.exceptions import HTTPException

from vaxel.apitokens.services import authenticate
from vaxel.base import utcnow
from vaxel.errors import VaxelError

from ..db import get_db, rollback_db

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# endpoint → the scope its token must have (None: public). Filled by `route`.
SCOPE_OF: dict[str, str | None] = {}


def route(rule: str, scope: str | None, methods: tuple[str, ...] = ("GET",)) -> Callable:
    """Register a view under /api/v1 that needs `scope` (None: no token at all)."""
    def register(view: Callable) -> Callable:
        SCOPE_OF[f"api.{view.__name__}"] = scope
        bp.add_url_rule(rule, view_func=view, methods=list(methods))
        return view
    return register


def error(status: int, error_id: str, message: str, **details) -> tuple:
    body = {"error": error_id, "message": message}
    if details:
        body["details"] = details
    return jsonify(body), status


@bp.before_request
def authenticate_token():
    scope = SCOPE_OF.get(request.endpoint or "", "")
    if scope is None:
        return None
    header = request.headers.get("Authorization", "")
    kind, _, text = header.partition(" ")
    token = authenticate(get_db(), text.strip(), utcnow()) if kind.lower() == "bearer" else None
    if token is None:
        response, status = error(401, "unauthenticated", "A valid API token is required.")
        response.headers["WWW-Authenticate"] = 'Bearer realm="vaxel"'
        return response, status
    if scope and scope not in token.scopes:
        return error(403, "insufficient-scope", f"The token lacks the scope {scope}.",
                     scope=scope)
    g.api_token, g.api_company_id = token, token.company_id
    return None


@bp.errorhandler(VaxelError)
def vaxel_error(exc: VaxelError):
    rollback_db()
    return error(exc.status, exc.error_id, exc.message, **exc.details)


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    rollback_db()
    return error(exc.code or 500, (exc.name or "error").lower().replace(" ", "-"),
                 exc.description or exc.name)


def body() -> dict:
    """The request's JSON object; 422 for anything else."""
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise VaxelError("The request body must be a JSON object.")
    return data


def company_id() -> int:
    return g.api_company_id


def actor() -> str:
    return f"api-token:{g.api_token.id}:{g.api_token.name}"


def paging(default: int = 50, maximum: int = 200) -> tuple[int, int]:
    try:
        limit = int(request.args.get("limit", default))
        offset = int(request.args.get("offset", 0))
    except ValueError:
        raise VaxelError("limit and offset are whole numbers.") from None
    if not 1 <= limit <= maximum or offset < 0:
        raise VaxelError(f"limit is 1 to {maximum}, offset 0 or more.")
    return limit, offset


def init_app(app) -> None:
    from . import calls, people, records, spec  # noqa: F401  (they add their routes to bp)
    app.register_blueprint(bp)



