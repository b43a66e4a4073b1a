"""Billing for a company: invoice places, cost centres, who is charged where, and the
next period's invoice previewed per cost centre."""
from __future__ import annotations

import datetime as dt

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from vaxel.billing import services as billing
from vaxel.billing.charges import next_invoice
from vaxel.billing.models import CostAssignment, CostCentre, InvoicePlace
from vaxel.models import PhoneNumber, SwitchboardService, User

from .. import forms
from ..access import company_blueprint, scoped
from ..confirm import confirm_first
from ..db import get_db
from ..i18n import gettext

bp = company_blueprint("billing", __name__)
KINDS = (("user", User), ("service", SwitchboardService), ("number", PhoneNumber))


def _all(model, order) -> list:
    return list(get_db().scalars(select(model).where(model.company_id == g.company.id)
                                 .order_by(order)))


@bp.get("/")
def overview() -> str:
    return render_template("billing/overview.html",
                           centres=_all(CostCentre, CostCentre.name),
                           places=_all(InvoicePlace, InvoicePlace.name))


@bp.post("/places")
def add_place() -> Response:
    form = request.form
    billing.create_invoice_place(get_db(), g.company, forms.required(form, "name", "Name"),
                                 g.actor, address=forms.text(form, "address"),
                                 email=forms.optional(form, "email"),
                                 reference=forms.text(form, "reference"))
    flash(gettext("Saved."), "ok")
    return redirect(url_for("billing.overview"), 303)


def _place(form) -> InvoicePlace | None:
    place_id = forms.optional_id(form, "invoice_place_id")
    return scoped(InvoicePlace, place_id) if place_id else None


@bp.post("/centres")
def add_centre() -> Response:
    form = request.form
    billing.create_cost_centre(get_db(), g.company, forms.required(form, "name", "Name"),
                               g.actor, code=forms.text(form, "code"), invoice_place=_place(form))
    flash(gettext("Saved."), "ok")
    return redirect(url_for("billing.overview"), 303)


@bp.post("/centres/<int:centre_id>/place")
def set_centre_place(centre_id: int) -> Response:
    billing.set_invoice_place(get_db(), scoped(CostCentre, centre_id), _place(request.form),
                              g.actor)
    flash(gettext("Saved."), "ok")
    return redirect(url_for("billing.overview"), 303)


@bp.post("/centres/<int:centre_id>/delete")
@confirm_first("Remove this cost centre?", "Remove cost centre",
               find=lambda centre_id: scoped(CostCentre, centre_id).name)
def delete_centre(centre_id: int) -> Response:
    billing.delete_cost_centre(get_db(), scoped(CostCentre, centre_id), g.actor)
    flash(gettext("The cost centre was removed."), "ok")
    return redirect(url_for("billing.overview"), 303)


def _current() -> dict[str, int]:
    rows = get_db().scalars(select(CostAssignment).where(
        CostAssignment.company_id == g.company.id))
    return {f"{kind}-{getattr(r, kind + '_id')}": r.cost_centre_id
            for r in rows for kind, _ in KINDS if getattr(r, kind + "_id")}


@bp.get("/assignments")
def assignments() -> str:
    return render_template(
        "billing/assignments.html", centres=_all(CostCentre, CostCentre.name),
        current=_current(), users=_all(User, User.name),
        services=_all(SwitchboardService, SwitchboardService.name),
        numbers=_all(PhoneNumber, PhoneNumber.e164))


@bp.post("/assignments")
def save_assignments() -> Response:
    """Move every object whose select changed; others' ids are not found (404)."""
    moved = 0
    for field, value in request.form.items():
        kind, _, object_id = field.partition("-")
        model = dict(KINDS).get(kind)
        if model is None or not object_id.isdigit():
            continue
        centre = scoped(CostCentre, int(value)) if value.isdigit() else None
        moved += billing.assign(get_db(), scoped(model, int(object_id)), centre, g.actor)
    flash(gettext("%(count)s moved.", count=moved), "ok")
    return redirect(url_for("billing.assignments"), 303)


@bp.get("/preview")
def preview() -> str:
    invoice = next_invoice(get_db(), g.company, dt.datetime.now(dt.timezone.utc))
    centres = {c.id: c for c in _all(CostCentre, CostCentre.name)}
    places = {p.id: p for p in _all(InvoicePlace, InvoicePlace.name)}
    return render_template("billing/preview.html", invoice=invoice, centres=centres,
                           places=places, priced=billing.has_prices(get_db()))
