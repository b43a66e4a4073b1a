"""The REST API, /api/v1: JSON, per-company bearer tokens with scopes, errors as JSON.

Views are thin: they read the request, call vaxel services and shape the answer. Call
control (click-to-call, transfers, hang-up) is carried out by the controller: the API
writes a call_command row and answers 202 with it; GET /commands/<id> follows it.
"""
from __future__ import annotations

from typing import Callable

from flask import Blueprint, g, jsonify, request
from sqlalchemy.exc import DataError
from werkzeug.exceptions import HTTPException

from vaxel.actor import Actor
from vaxel.apitokens.services import authenticate
from vaxel.base import utcnow
from vaxel.errors import InvalidInput, VaxelError

from ..db import get_db, rollback_db

bp = Blueprint("api", __name__, url_prefix="/api/v1")
# Database ids are 32-bit; a deeper offset than this is a scan nobody needs (use filters).
MAX_ID = 2**31 - 1
MAX_OFFSET = 1_000_000
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


@bp.errorhandler(DataError)
def data_error(exc: DataError):
    """A value PostgreSQL refuses (too long for its column, out of range): 422, not 500."""
    from ..errors import TOO_LONG
    return vaxel_error(InvalidInput(TOO_LONG))


@bp.errorhandler(HTTPException)
def http_error(exc: HTTPException):
    rollback_db()
    response, status = error(exc.code or 500, (exc.name or "error").lower().replace(" ", "-"),
                             exc.description or exc.name)
    for name, value in exc.get_headers():
        if name.lower() == "allow":  # a 405 must say which methods the path takes (RFC 9110)
            response.headers[name] = value
    return response, status


def unrouted_error(exc: HTTPException):
    """404/405 from routing: no blueprint is known yet, so the app's handler would answer
    with the portal's HTML page; under /api/v1 the client gets JSON (and Allow) instead."""
    if request.path.startswith(f"{bp.url_prefix}/"):
        return http_error(exc)
    from ..errors import handle_http_error
    return handle_http_error(exc)


def body() -> dict:
    """The request's JSON object; 422 for anything else."""
    try:
        data = request.get_json(silent=True)
    except RecursionError:  # [[[[…]]]] thousands deep: the parser gives up, not a 500
        raise VaxelError("The request body is nested too deeply.") from None
    if not isinstance(data, dict):
        raise VaxelError("The request body must be a JSON object.")
    return data


def json_id(data: dict, name: str) -> int | None:
    """An object's id from the body, or None when left out; 422 for anything but a whole
    number in the ids' range (JSON true is not the id 1, and PostgreSQL's integer ends)."""
    value = data.get(name)
    if value is None:
        return None
    if type(value) is not int or not 1 <= value <= MAX_ID:
        raise InvalidInput(f"{name} must be an id.")
    return value


def company_id() -> int:
    return g.api_company_id


def actor() -> Actor:
    """Who acts through the API: the token, as its company's admin."""
    return Actor.of_token(g.api_token)


def query_int(name: str) -> int | None:
    """An optional whole-number query parameter; 422 for anything else (not silently None)."""
    raw = request.args.get(name)
    if raw is None:
        return None
    try:
        value = int(raw)
    except ValueError:
        raise VaxelError(f"{name} is a whole number.") from None
    if not 0 <= value <= MAX_ID:
        raise VaxelError(f"{name} is 0 to {MAX_ID}.")
    return value


def paging(default: int = 50, maximum: int = 200) -> tuple[int, int]:
    try:
        limit = int(request.args.get("limit", default))
        offset = int(request.args.get("offset", 0))
    except ValueError:
        raise VaxelError("limit and offset are whole numbers.") from None
    if not 1 <= limit <= maximum or not 0 <= offset <= MAX_OFFSET:
        raise VaxelError(f"limit is 1 to {maximum}, offset 0 to {MAX_OFFSET}.")
    return limit, offset


def init_app(app) -> None:
    from . import calls, media, people, records, spec  # noqa: F401  (they add their routes to bp)
    app.register_blueprint(bp)
    for status in (404, 405):
        app.register_error_handler(status, unrouted_error)



