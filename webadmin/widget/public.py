"""The widget's public door, called by visitors' browsers from the company's own site.

No cookies and no session: the public key names the company, and the browser's Origin
must be one of the company's allowed sites, or nothing is answered (403, without CORS
headers, so the page's script cannot read even that). Every answer is JSON.

A poll touches no database in the common case: which company a key names and its sites
are kept as long as the visitor's view (STATE_SECONDS), so a replaced or revoked key, or
a site taken off the list, stops answering polls within that time; a callback request
always reads them afresh.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import Blueprint, current_app, jsonify, request
from werkzeug.wrappers import Response

from vaxel.base import utcnow
from vaxel.errors import VaxelError
from vaxel.widget import rules
from vaxel.widget.callbacks import request_callback
from vaxel.widget.models import WidgetSettings
from vaxel.widget.public import visitor_state
from vaxel.widget.services import by_key

from ..client import client_address
from ..db import get_db, rollback_db
from .cache import TtlCache
from .limits import Limits

bp = Blueprint("widget_public", __name__, url_prefix="/widget/v1")
PREFLIGHT_MAX_AGE = "600"
STATE_SECONDS = 2.0


@dataclass(frozen=True)
class Door:
    """What a poll needs to know of a key: whose it is and which sites may use it."""

    company_id: int
    origins: tuple[str, ...]


def init_app(app) -> None:
    app.extensions["vaxel_widget_limits"] = Limits(
        app.config.get("VAXEL_WIDGET_POLLS_PER_MINUTE", 30),
        app.config.get("VAXEL_WIDGET_CALLBACKS_PER_HOUR", 5),
        app.config.get("VAXEL_WIDGET_CHATS_PER_HOUR", 5),
        app.config.get("VAXEL_WIDGET_CHAT_MESSAGES_PER_MINUTE", 20),
        app.config.get("VAXEL_WIDGET_CHAT_READS_PER_MINUTE", 120))
    seconds = app.config.get("VAXEL_WIDGET_STATE_SECONDS", STATE_SECONDS)
    app.extensions["vaxel_widget_states"] = TtlCache(seconds)
    app.extensions["vaxel_widget_doors"] = TtlCache(seconds)
    from . import chat_door  # noqa: F401,PLC0415  (its routes join the blueprint)
    app.register_blueprint(bp)


def _limits() -> Limits:
    return current_app.extensions["vaxel_widget_limits"]


def _answer(body: Any, status: int, origin: str | None) -> Response:
    response = jsonify(body)
    response.status_code = status
    response.headers["Vary"] = "Origin"
    response.headers["Cache-Control"] = "no-store"
    if origin:
        response.headers["Access-Control-Allow-Origin"] = origin
    return response


def _refusal(found: Door | WidgetSettings | None) -> Response | None:
    """404 for a key that names no company, 403 (no CORS) for a site not on its list."""
    if found is None:
        return _answer({"error": "unknown-key"}, 404, None)
    if not rules.allowed(request.headers.get("Origin"), list(found.origins)):
        return _answer({"error": "origin-not-allowed"}, 403, None)
    return None


def _let_in(found: Door | WidgetSettings | None, limit) -> tuple[str, Response | None]:
    """The request's Origin once the key's company takes it (`found`) and the visitor's
    address is within `limit`; else the refusal to answer with."""
    refused = _refusal(found)
    if refused is not None:
        return "", refused
    origin = request.headers["Origin"]
    if not limit.allow(client_address()):
        return origin, _answer({"error": "too-many-requests"}, 429, origin)
    return origin, None


def _refused(exc: VaxelError, origin: str) -> Response:
    rollback_db()
    return _answer({"error": exc.error_id, "field": exc.field, "message": exc.message},
                   exc.status, origin)


def _door(key: str) -> Door | None:
    def read() -> Door | None:
        settings = by_key(get_db(), key)
        return settings and Door(settings.company_id, tuple(settings.origins))
    return current_app.extensions["vaxel_widget_doors"].get(key, read)


@bp.route("/<key>/state", methods=["OPTIONS"])
@bp.route("/<key>/callback", methods=["OPTIONS"])
def preflight(key: str) -> Response:
    # Counted as a poll: browsers keep a preflight 10 minutes.
    origin, refused = _let_in(_door(key), _limits().polls)
    if refused is not None:
        return refused
    response = _answer({}, 204, origin)
    response.headers["Access-Control-Allow-Methods"] = "GET, POST"
    response.headers["Access-Control-Allow-Headers"] = "Content-Type"
    response.headers["Access-Control-Max-Age"] = PREFLIGHT_MAX_AGE
    return response


@bp.get("/<key>/state")
def state(key: str) -> Response:
    door = _door(key)
    origin, refused = _let_in(door, _limits().polls)
    if refused is not None:
        return refused

    def view() -> dict[str, Any] | None:
        settings = by_key(get_db(), key)  # the whole set-up, read once a moment
        return settings and visitor_state(get_db(), settings, utcnow())
    body = current_app.extensions["vaxel_widget_states"].get(door.company_id, view)
    if body is None:  # the key was revoked since the door was read
        return _answer({"error": "unknown-key"}, 404, None)
    return _answer(body, 200, origin)


@bp.post("/<key>/callback")
def callback(key: str) -> Response:
    settings = by_key(get_db(), key)
    origin, refused = _let_in(settings, _limits().callbacks)
    if refused is not None:
        return refused
    sent = request.get_json(silent=True) or {}
    try:
        queue_id = int(sent.get("queue_id") or 0)
        request_callback(get_db(), settings, queue_id, str(sent.get("name") or ""),
                         str(sent.get("number") or ""), utcnow())
    except (ValueError, TypeError):
        return _answer({"error": "invalid-input", "field": "queue_id"}, 422, origin)
    except VaxelError as exc:
        return _refused(exc, origin)
    current_app.extensions["vaxel_widget_states"].forget(settings.company_id)
    return _answer({"ok": True}, 201, origin)
