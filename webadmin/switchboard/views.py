"""A company's switchboard services: the list, and creating one within the plan's limit."""
from __future__ import annotations

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from vaxel.models import ServiceKind, SwitchboardService
from vaxel.switchboard.services import create_service
from vaxel.tenancy.plans import SWITCHBOARD_SERVICE_LIMIT

from .. import forms
from ..access import company_blueprint
from ..db import get_db
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
    flash(gettext("%(name)s was created.", name=service.name), "ok")
    return redirect(url_for("services.list_services"), 303)
