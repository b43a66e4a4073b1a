"""Recorded calls in the browser: a company's for its admins (/companies/<id>/recordings)
and one's own for every user (/me/recordings), played in an <audio> element or
downloaded. vaxel.recordings decides who may hear what (the company's admins and the
recorded user). There is no deletion: the domain keeps a recording for its retention
(24 months) and offers no other way to remove it."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, g, render_template, request, send_file
from werkzeug.wrappers import Response

from vaxel.actor import Actor
from vaxel.base import parse_instant
from vaxel.errors import NotFound
from vaxel.people.services import user_names
from vaxel.recordings import services as recordings

from ..access import company_blueprint, require_login
from ..db import get_db
from ..stores import recordings_store

mine = Blueprint("my_recordings", __name__, url_prefix="/me/recordings")
mine.before_request(require_login)
company = company_blueprint("recordings", __name__)

PAGE_SIZE = 50


def _before() -> dt.datetime | None:
    """Where the page starts (?before= the last row's started_at); malformed: the newest."""
    try:
        return parse_instant(request.args.get("before", ""))
    except ValueError:
        return None


def _list(actor: Actor, endpoints: tuple[str, str], names: dict[int, str] | None) -> str:
    """A page of the actor's recordings, newest first; one extra row tells if older exist."""
    before_id = request.args.get("before_id", "")
    rows = recordings.list_recordings(get_db(), actor, PAGE_SIZE + 1, _before(),
                                      int(before_id) if before_id.isdigit() else None)
    last = rows[PAGE_SIZE - 1] if len(rows) > PAGE_SIZE else None
    older = {"before": last.started_at.isoformat(), "before_id": last.id} if last else None
    return render_template("recordings/list.html", recordings=rows[:PAGE_SIZE], older=older,
                           names=names, page=endpoints[0], audio=endpoints[1])


def _audio(actor: Actor, recording_id: int) -> Response:
    """The WAV for the <audio> element, or as an attachment with ?download=1."""
    path = recordings.open_recording(get_db(), recordings_store(), actor, recording_id)
    return send_file(path, mimetype="audio/wav", max_age=0,
                     as_attachment=request.args.get("download") == "1",
                     download_name=f"recording-{recording_id}.wav")


def _as_self() -> Actor:
    """One's own recordings only, admin or not."""
    if g.account.user_id is None:
        raise NotFound("This account has no phone user.")
    return g.actor.acting_as(g.account.user_id)


def _as_admin() -> Actor:
    return g.actor.within(g.company.id)


@company.get("/")
def company_recordings() -> str:
    return _list(_as_admin(), ("recordings.company_recordings", "recordings.audio"),
                 user_names(get_db(), g.company.id))


@company.get("/<int:recording_id>/audio")
def audio(recording_id: int) -> Response:
    return _audio(_as_admin(), recording_id)


@mine.get("/")
def own_recordings() -> str:
    return _list(_as_self(), ("my_recordings.own_recordings", "my_recordings.own_audio"),
                 None)


@mine.get("/<int:recording_id>/audio")
def own_audio(recording_id: int) -> Response:
    return _audio(_as_self(), recording_id)
