"""The wallboard page, opened without a log-in by its link's token (vaxel.live.wallboard):
a token that never was one answers 404, a revoked one 410.

Its figures are pushed: one render of the company's queues for every screen (a push hub),
each screen's own queues added up as they are sent to it.
"""
from __future__ import annotations

import json
import time

from flask import Blueprint, abort, current_app, render_template
from werkzeug.wrappers import Response

from vaxel.base import utcnow
from vaxel.live.models import WallboardLink
from vaxel.live.wallboard import board_figures, company_snapshot, link_of

from ..db import get_db, release_db
from ..push import event_stream, hub

bp = Blueprint("wallboard", __name__, url_prefix="/wallboard")


def _link(token: str) -> WallboardLink:
    link = link_of(get_db(), token)
    if link is None:
        abort(404)
    if link.revoked_at is not None:
        abort(410, "This wallboard link has been revoked.")
    return link


def _figures(queue_ids: list[int]):
    def personal(text: str) -> str:
        figures = board_figures(json.loads(text), queue_ids)
        return json.dumps({**figures, "now": round(time.time(), 3)})
    return personal


@bp.get("/<token>")
def board(token: str) -> tuple[str, int, dict]:
    link = _link(token)
    snapshot = json.dumps(company_snapshot(get_db(), link.company_id, utcnow()))
    return (render_template("wallboard/board.html", link=link,
                            figures=json.loads(_figures(list(link.queue_ids))(snapshot))),
            200, {"Cache-Control": "no-store", "Referrer-Policy": "no-referrer",
                  "X-Robots-Tag": "noindex"})


@bp.get("/<token>/events")
def events(token: str) -> Response:
    link = _link(token)
    company_id, queue_ids = link.company_id, list(link.queue_ids)
    release_db()
    return event_stream(hub("wallboard", _renderer(current_app.extensions[
        "vaxel_session_factory"])), company_id, _figures(queue_ids))


def _renderer(session_factory):
    def render(company_id: int) -> str:
        with session_factory() as session:
            return json.dumps(company_snapshot(session, company_id, utcnow()), sort_keys=True)
    return render
