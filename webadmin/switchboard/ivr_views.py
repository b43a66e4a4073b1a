"""The IVR editor: an IVR service's menus, each key's destination, greetings, timeouts,
and the problems vaxel's validation finds in the tree."""
from __future__ import annotations

from pathlib import Path

from flask import current_app, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from vaxel.errors import InvalidInput, NotFound
from vaxel.models import IvrMenu, ServiceKind, SwitchboardService
from vaxel.switchboard.ivr import services as ivr
from vaxel.switchboard.ivr.services import check_service_menus

from .. import destinations, forms
from ..access import company_blueprint, scoped
from ..confirm import confirm_first
from ..db import get_db
from ..i18n import gettext
from .greetings import MAX_BYTES, store_greeting

bp = company_blueprint("ivr", __name__)
KEYS = list("123456789*0#")


def _service(service_id: int) -> SwitchboardService:
    service = scoped(SwitchboardService, service_id)
    if service.kind is not ServiceKind.IVR:
        raise NotFound("No such IVR service.")
    return service


def _menu(service_id: int, menu_id: int) -> IvrMenu:
    service, menu = _service(service_id), scoped(IvrMenu, menu_id)
    if menu.service_id != service.id:
        raise NotFound("No such menu in this service.")
    return menu


def _back(service_id: int, menu_id: int | None = None) -> Response:
    anchor = f"menu-{menu_id}" if menu_id else None
    return redirect(url_for("ivr.edit_service", service_id=service_id, _anchor=anchor), 303)


@bp.get("/<int:service_id>")
def edit_service(service_id: int) -> str:
    service = _service(service_id)
    all_menus = get_db().scalars(select(IvrMenu).where(IvrMenu.service_id == service.id)
                                 .order_by(IvrMenu.entry.desc(), IvrMenu.id)).all()
    groups = destinations.choices(get_db(), g.company.id, service_id=service.id,
                                  allow_repeat=True)
    return render_template(
        "switchboard/ivr.html", service=service, menus=all_menus, groups=groups, keys=KEYS,
        problems=check_service_menus(get_db(), g.company.id, service.id),
        describe=lambda value: destinations.describe(value, groups))


@bp.post("/<int:service_id>/menus")
def add_menu(service_id: int) -> Response:
    service = _service(service_id)
    # The service's first menu becomes the entry menu calls start in.
    first = not get_db().scalar(select(IvrMenu.id).where(IvrMenu.service_id == service.id)
                                .limit(1))
    menu = ivr.create_menu(get_db(), g.actor, service,
                           forms.required(request.form, "name", "Name"), entry=first)
    flash(gettext("%(name)s was created.", name=menu.name), "ok")
    return _back(service_id, menu.id)


def _menu_settings(form) -> dict:
    return {
        "greeting_text": forms.text(form, "greeting_text"),
        "timeout_seconds": forms.whole_number(form, "timeout_seconds", 1, 60),
        "max_retries": forms.whole_number(form, "max_retries", 0, 9),
        "direct_dial_digits": forms.whole_number(form, "direct_dial_digits", 0, 6),
        "default_destination": destinations.read_destination(form, "default_", g.company.country),
    }


@bp.post("/<int:service_id>/menus/<int:menu_id>")
def save_menu(service_id: int, menu_id: int) -> Response:
    menu = _menu(service_id, menu_id)
    ivr.update_menu(get_db(), g.actor, menu, name=forms.required(request.form, "name", "Name"),
                    **_menu_settings(request.form))
    flash(gettext("Saved."), "ok")
    return _back(service_id, menu_id)


@bp.post("/<int:service_id>/menus/<int:menu_id>/greeting")
def upload_greeting(service_id: int, menu_id: int) -> Response:
    menu = _menu(service_id, menu_id)
    upload = request.files.get("greeting")
    if upload is None or not upload.filename:
        raise InvalidInput("Choose a WAV file to upload.")
    # One byte past the limit is enough to refuse; the rest is never read.
    path = store_greeting(Path(current_app.config["VAXEL_RECORDINGS_DIR"]), g.company.id,
                          menu.id, upload.read(MAX_BYTES + 1), previous=menu.greeting_file)
    ivr.update_menu(get_db(), g.actor, menu, greeting_file=path)
    flash(gettext("The greeting was uploaded."), "ok")
    return _back(service_id, menu_id)


def _replaced_option(service_id: int, menu_id: int):
    """The key's present option when saving would replace it (not when re-saving it as is)."""
    digit = forms.text(request.form, "digit")
    option = next((o for o in _menu(service_id, menu_id).options if o.digit == digit), None)
    if option is None:
        return None
    try:
        new = destinations.read_destination(request.form, "", g.company.country)
    except InvalidInput:
        return None  # refused as it is sent, before any question
    return option if new != option.destination else None


def _replaced_text(service_id: int, menu_id: int) -> str:
    option = _replaced_option(service_id, menu_id)
    groups = destinations.choices(get_db(), g.company.id, service_id=service_id, allow_repeat=True)
    return f"{option.digit} → {destinations.describe(option.destination, groups)}"


@bp.post("/<int:service_id>/menus/<int:menu_id>/options")
@confirm_first("This key already leads somewhere. Replace it?", "Replace key",
               find=_replaced_text,
               when=lambda service_id, menu_id: _replaced_option(service_id, menu_id) is not None)
def set_option(service_id: int, menu_id: int) -> Response:
    menu = _menu(service_id, menu_id)
    form = request.form
    ivr.set_option(get_db(), g.actor, menu, forms.required(form, "digit", "Key"),
                   destinations.read_destination(form, "", g.company.country),
                   forms.text(form, "label"))
    flash(gettext("Saved."), "ok")
    return _back(service_id, menu_id)


@bp.post("/<int:service_id>/menus/<int:menu_id>/options/remove")
@confirm_first("Remove this key from the menu?", "Remove key",
               find=lambda service_id, menu_id: f"{_menu(service_id, menu_id).name}: "
                                                f"{forms.text(request.form, 'digit')}")
def remove_option(service_id: int, menu_id: int) -> Response:
    ivr.remove_option(get_db(), g.actor, _menu(service_id, menu_id),
                      forms.text(request.form, "digit"))
    return _back(service_id, menu_id)


@bp.post("/<int:service_id>/menus/<int:menu_id>/delete")
@confirm_first("Remove this menu and its keys?", "Remove menu",
               find=lambda service_id, menu_id: _menu(service_id, menu_id).name)
def delete_menu(service_id: int, menu_id: int) -> Response:
    menu = _menu(service_id, menu_id)
    ivr.delete_menu(get_db(), g.actor, menu)
    flash(gettext("%(name)s was removed.", name=menu.name), "ok")
    return _back(service_id)
