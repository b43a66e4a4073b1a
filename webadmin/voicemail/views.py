"""Voicemail played in the browser: the user's own mailbox (/me/voicemail) and a
company's shared mailboxes (/companies/<id>/voicemail) for its admins."""
from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, g, redirect, render_template, send_file, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from vaxel.actor import Actor
from vaxel.errors import NotFound
from vaxel.models import SwitchboardService
from vaxel.voicemail import messages

from ..access import company_blueprint, require_login
from ..confirm import confirm_first
from ..db import get_db
from ..i18n import gettext
from ..stores import voicemail_store
from . import services

mine = Blueprint("my_voicemail", __name__, url_prefix="/me/voicemail")
mine.before_request(require_login)
shared = company_blueprint("mailboxes", __name__)


def _audio(actor: Actor, message_id: int) -> Response:
    """The message's audio. Playing it is hearing it: the message is marked heard, as
    "Mark as heard" does, and the phones' lamp follows (the controller's MWI sync). The
    page's players load nothing until played (preload="none")."""
    path = messages.open_audio(get_db(), voicemail_store(), actor, message_id)
    messages.mark_heard(get_db(), actor, message_id, dt.datetime.now(dt.timezone.utc))
    return send_file(path, mimetype="audio/wav", max_age=0)


@mine.get("/")
def inbox() -> str:
    if g.account.user_id is None:
        raise NotFound("This account has no phone user.")
    box = services.own_mailbox(get_db())
    found = messages.list_messages(get_db(), services.as_self(), box.id) if box else []
    return render_template("voicemail/mine.html", messages=found)


@mine.get("/<int:message_id>/audio")
def own_audio(message_id: int) -> Response:
    return _audio(services.as_self(), message_id)


@mine.post("/<int:message_id>/heard")
def mark_heard(message_id: int) -> Response:
    messages.mark_heard(get_db(), services.as_self(), message_id,
                        dt.datetime.now(dt.timezone.utc))
    return redirect(url_for("my_voicemail.inbox"), 303)


@mine.post("/<int:message_id>/new")
def mark_new(message_id: int) -> Response:
    messages.mark_new(get_db(), services.as_self(), message_id)
    return redirect(url_for("my_voicemail.inbox"), 303)


@mine.post("/<int:message_id>/delete")
@confirm_first("Delete this voicemail message?", "Delete message",
               find=lambda message_id: services.describe(get_db(), services.as_self(), message_id))
def delete_own(message_id: int) -> Response:
    services.delete(get_db(), services.as_self(), message_id)
    flash(gettext("The message was deleted."), "ok")
    return redirect(url_for("my_voicemail.inbox"), 303)


@shared.get("/")
def mailboxes() -> str:
    actor = services.as_admin(g.company.id)
    names = dict(get_db().execute(select(SwitchboardService.id, SwitchboardService.name).where(
        SwitchboardService.company_id == g.company.id)).all())
    boxes = [(names.get(b.service_id, ""), messages.list_messages(get_db(), actor, b.id),
              b.service_id)
             for b in services.shared_mailboxes(get_db(), g.company.id)]
    return render_template("voicemail/shared.html", boxes=boxes)


@shared.get("/<int:message_id>/audio")
def shared_audio(message_id: int) -> Response:
    return _audio(services.as_admin(g.company.id), message_id)


@shared.post("/<int:message_id>/delete")
@confirm_first("Delete this voicemail message?", "Delete message",
               find=lambda message_id: services.describe(get_db(), services.as_admin(
                   g.company.id), message_id))
def delete_shared(message_id: int) -> Response:
    services.delete(get_db(), services.as_admin(g.company.id), message_id)
    flash(gettext("The message was deleted."), "ok")
    return redirect(url_for("mailboxes.mailboxes"), 303)
