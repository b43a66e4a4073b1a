"""A company's switchboard services: the list, creating one within the plan's limit, and
each one's settings page (name, extension, a fax mailbox's e-mail addresses, a shared
mailbox's set-up) and removal."""
from __future__ import annotations

from typing import Callable

from flask import abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from vaxel.errors import VaxelError
from vaxel.models import ServiceKind, SwitchboardService
from vaxel.fax.services import fax_emails
from vaxel.switchboard import editing
from vaxel.switchboard.services import create_service
from vaxel.voicemail.mailboxes import service_mailbox
from vaxel.voicemail.setup import MailboxChoices, configure_shared_mailbox
from vaxel.tenancy.plans import SWITCHBOARD_SERVICE_LIMIT

from .. import forms
from ..access import company_blueprint, scoped
from ..confirm import confirm_first
from ..db import get_db, rollback_db
from ..i18n import gettext

bp = company_blueprint("services", __name__)


@bp.get("/")
def list_services() -> str:
    svcs = get_db().scalars(select(SwitchboardService).where(
        SwitchboardService.company_id == g.company.id).order_by(SwitchboardService.name)).all()
    return render_template("switchboard/list.html", services=svcs, kinds=list(ServiceKind),
                           limit=SWITCHBOARD_SERVICE_LIMIT[g.company.plan])


@bp.post("/")
def add_service() -> Response:
    form = request.form
    service = create_service(get_db(), g.actor, g.company,
                             forms.choice(form, "kind", ServiceKind),
                             forms.required(form, "name", "Name"),
                             extension=forms.optional(form, "extension"))
    if service.kind is ServiceKind.SHARED_VOICEMAIL:
        service_mailbox(get_db(), g.company.id, service.id)  # ready to set up and to use
    flash(gettext("%(name)s was created.", name=service.name), "ok")
    # Menus and queues are opened from the list; the others need setting up at once.
    if service.kind in (ServiceKind.IVR, ServiceKind.QUEUE):
        return redirect(url_for("services.list_services"), 303)
    return redirect(_page_of(service), 303)


def _page_of(service: SwitchboardService) -> str:
    """Where a service is set up: the IVR and queue editors, else its settings page."""
    if service.kind is ServiceKind.IVR:
        return url_for("ivr.edit_service", service_id=service.id)
    if service.kind is ServiceKind.QUEUE:
        return url_for("queue.edit_queue", service_id=service.id)
    return url_for("services.edit_service", service_id=service.id)


@bp.get("/<int:service_id>")
def edit_service(service_id: int, **refused) -> str:
    service = scoped(SwitchboardService, service_id)
    box = (service_mailbox(get_db(), g.company.id, service.id)
           if service.kind is ServiceKind.SHARED_VOICEMAIL else None)
    return render_template("switchboard/service.html", service=service, mailbox=box,
                           fax_emails=fax_emails(service), editor=_page_of(service), **refused)


def _change(service_id: int, part: str,
            change: Callable[[SwitchboardService], None]) -> Response | tuple[str, int]:
    """Make the change; a refused one shows the page again with what was typed and the
    reason beside that form (a redirect would lose the input)."""
    service = scoped(SwitchboardService, service_id)
    try:
        change(service)
    except VaxelError as exc:
        if exc.status in (403, 404):
            raise
        rollback_db()
        return edit_service(service_id, form=request.form, part=part,
                            error=gettext(exc.message)), exc.status
    flash(gettext("Saved."), "ok")
    return redirect(url_for("services.edit_service", service_id=service_id), 303)


@bp.post("/<int:service_id>")
def save_service(service_id: int) -> Response | tuple[str, int]:
    return _change(service_id, "name", lambda service: editing.rename_service(
        get_db(), g.actor, service, forms.text(request.form, "name"),
        forms.text(request.form, "extension")))


@bp.post("/<int:service_id>/fax")
def save_fax(service_id: int) -> Response | tuple[str, int]:
    return _change(service_id, "fax", lambda service: editing.set_fax_emails(
        get_db(), g.actor, service, _lines(request.form.get("emails", ""))))


@bp.post("/<int:service_id>/mailbox")
def save_mailbox(service_id: int) -> Response | tuple[str, int]:
    return _change(service_id, "mailbox", _set_up_mailbox)


def _set_up_mailbox(service: SwitchboardService) -> None:
    box = service_mailbox(get_db(), g.company.id, service.id)
    if box is None:
        abort(404)
    form = request.form
    configure_shared_mailbox(get_db(), g.actor, box, MailboxChoices(
        _lines(form.get("email_to", "")), forms.checkbox(form, "email_messages"),
        forms.checkbox(form, "allow_message"), forms.checkbox(form, "allow_callback"),
        forms.checkbox(form, "allow_operator"), forms.text(form, "pin")))


@bp.post("/<int:service_id>/delete")
@confirm_first("Remove this service?", "Remove service",
               find=lambda service_id: scoped(SwitchboardService, service_id).name)
def delete_service(service_id: int) -> Response:
    service = scoped(SwitchboardService, service_id)
    editing.delete_service(get_db(), g.actor, service)
    flash(gettext("%(name)s was removed.", name=service.name), "ok")
    return redirect(url_for("services.list_services"), 303)


def _lines(text: str) -> list[str]:
    """Addresses typed one a line, or separated by commas or spaces."""
    return text.replace(",", " ").split()
