"""The app's own pages of the user: my calls, my voicemail, my presence, my queues, as
JSON for the shell (a page load would drop the softphone's call). Writes go through the
same domain functions as the portal's, with the session's actor; voicemail audio, heard
and delete are the portal's own /me/voicemail routes."""
from __future__ import annotations

from flask import g, jsonify, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from vaxel.calls.log import CallFilter, user_call_log
from vaxel.errors import InvalidInput
from vaxel.queues import services as queues
from vaxel.queues.models import QueueMember
from vaxel.switchboard.models import SwitchboardService
from vaxel.voicemail import messages

from .. import forms
from ..db import get_db
from ..voicemail.services import as_self, own_mailbox
from .views import bp, own_user


@bp.get("/calls.json")
def my_calls() -> Response:
    user = own_user()
    try:
        which = CallFilter(request.args.get("which", "all"))
    except ValueError as exc:
        raise InvalidInput("Choose all, incoming, outgoing or missed.") from exc
    calls = user_call_log(get_db(), user.company_id, user.id, which=which, limit=50)
    return jsonify([{"id": c.id, "direction": c.direction.value, "result": c.result.value,
                     "number": c.other_number, "name": c.other_name,
                     "started_at": c.started_at.isoformat(), "talk_seconds": c.talk_seconds}
                    for c in calls])


@bp.get("/voicemail.json")
def my_voicemail() -> Response:
    own_user()
    box = own_mailbox(get_db())
    found = messages.list_messages(get_db(), as_self(), box.id) if box else []
    return jsonify([{"id": m.id, "state": m.state.value, "number": m.caller_number,
                     "name": m.caller_name, "seconds": round(m.duration_ms / 1000),
                     "received_at": m.created_at.isoformat(),
                     "audio": url_for("my_voicemail.own_audio", message_id=m.id),
                     "heard": url_for("my_voicemail.mark_heard", message_id=m.id),
                     "unheard": url_for("my_voicemail.mark_new", message_id=m.id),
                     "delete": url_for("my_voicemail.delete_own", message_id=m.id)}
                    for m in reversed(found)])


@bp.get("/me.json")
def me() -> Response:
    user = own_user()
    return jsonify({"active_profile_id": user.active_profile_id,
                    "profiles": [{"id": p.id, "name": p.name} for p in user.profiles],
                    "queues": _queues(user.id)})


def _queues(user_id: int) -> list[dict]:
    rows = get_db().execute(
        select(QueueMember.queue_id, SwitchboardService.name, QueueMember.logged_in)
        .join(SwitchboardService, SwitchboardService.id == QueueMember.queue_id)
        .where(QueueMember.user_id == user_id).order_by(SwitchboardService.name))
    return [{"id": queue_id, "name": name, "logged_in": logged_in}
            for queue_id, name, logged_in in rows]


@bp.post("/queues/<any(login, logout):action>")
def my_queues(action: str) -> Response:
    """Log in to or out of one of my queues (form field queue_id), or all of them."""
    user = own_user()
    if _queues(user.id):  # a colleague in no queue has nothing to log in to
        change = queues.log_in if action == "login" else queues.log_out
        change(get_db(), g.actor, user.id, forms.optional_id(request.form, "queue_id"))
    return jsonify({"queues": _queues(user.id)})
