"""The widget's screen in the portal: the snippet to paste, its key, allowed sites, look,
texts, the queues it shows, and how long visitors' details are kept."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response

from vaxel.errors import InvalidInput
from vaxel.queues.models import QueueSettings
from vaxel.switchboard.models import SwitchboardService
from vaxel.widget import services
from vaxel.widget.services import WidgetForm

from .. import forms
from ..access import company_blueprint
from ..confirm import confirm_first
from ..db import get_db
from ..i18n import gettext

bp = company_blueprint("widget", __name__)


def _queues() -> list[tuple[int, str]]:
    return [tuple(row) for row in get_db().execute(
        select(SwitchboardService.id, SwitchboardService.name)
        .join(QueueSettings, QueueSettings.service_id == SwitchboardService.id)
        .where(SwitchboardService.company_id == g.company.id)
        .order_by(SwitchboardService.name))]


@bp.get("/")
def show() -> str:
    settings = services.settings_of(get_db(), g.company.id)
    script = url_for("static", filename="widget/widget.js", _external=True)
    api = url_for("widget_public.state", key="KEY", _external=True).rsplit("/KEY/", 1)[0]
    return render_template("widget/show.html", settings=settings, queues=_queues(),
                           script=script, api=api)


def _form(form: MultiDict) -> WidgetForm:
    try:
        queue_ids = tuple(int(v) for v in form.getlist("queue_ids"))
    except ValueError as exc:
        raise InvalidInput("Choose among the company's queues.", field="queue_ids") from exc
    return WidgetForm(
        origins=forms.text(form, "origins"), queue_ids=queue_ids,
        colour_accent=forms.text(form, "colour_accent"),
        colour_text=forms.text(form, "colour_text"),
        title_sv=forms.text(form, "title_sv"), title_en=forms.text(form, "title_en"),
        intro_sv=forms.text(form, "intro_sv"), intro_en=forms.text(form, "intro_en"),
        contact_phone=forms.text(form, "contact_phone"),
        contact_email=forms.text(form, "contact_email"),
        retention_days=forms.whole_number(form, "retention_days", 1, 3650),
        chat_queue_id=_chat_queue(form))


def _chat_queue(form: MultiDict) -> int | None:
    try:
        return int(form["chat_queue_id"]) if form.get("chat_queue_id") else None
    except ValueError as exc:
        raise InvalidInput("Choose among the company's queues.", field="chat_queue_id") from exc


@bp.post("/")
def save() -> Response:
    services.save(get_db(), g.actor, g.company.id, _form(request.form))
    flash(gettext("Saved."), "ok")
    return redirect(url_for("widget.show"), 303)


def _has_key() -> bool:
    return services.settings_of(get_db(), g.company.id).public_key is not None


@bp.post("/key")
@confirm_first("The widget on your site stops working until you paste the new snippet.",
               "Make a new key", when=lambda: _has_key())
def rotate_key() -> Response:
    services.rotate_key(get_db(), g.actor, g.company.id)
    flash(gettext("A new key was made."), "ok")
    return redirect(url_for("widget.show"), 303)


@bp.post("/key/revoke")
@confirm_first("The widget on your site stops working.", "Revoke the key")
def revoke_key() -> Response:
    services.revoke_key(get_db(), g.actor, g.company.id)
    flash(gettext("The key was revoked."), "ok")
    return redirect(url_for("widget.show"), 303)
