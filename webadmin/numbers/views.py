"""A company's phone numbers: ops assign them, the company routes each to a user or a
switchboard service."""
from __future__ import annotations

from flask import abort, flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from vaxel.accounts.roles import PortalRole
from vaxel.errors import InvalidInput
from vaxel.models import PhoneNumber, SwitchboardService, User
from vaxel.numbers import services as numbers

from .. import forms
from ..access import company_blueprint, scoped
from ..confirm import confirm_first
from ..db import get_db
from ..i18n import gettext

bp = company_blueprint("numbers", __name__)


def _target() -> dict[str, User | SwitchboardService | None]:
    """Reads "user:ID", "service:ID" or "" (parked) from the form, within the company: the
    user= or service= vaxel.numbers takes."""
    kind, _, raw_id = forms.text(request.form, "target").partition(":")
    if not kind:
        return {}
    if kind not in ("user", "service") or not raw_id.isdigit():
        raise InvalidInput("Choose where the number goes.")
    return {kind: scoped(User if kind == "user" else SwitchboardService, int(raw_id))}


@bp.get("/")
def list_numbers() -> str:
    db = get_db()
    cid = g.company.id
    numbers = db.scalars(select(PhoneNumber).where(PhoneNumber.company_id == cid)
                         .order_by(PhoneNumber.e164)).all()
    users = db.scalars(select(User).where(User.company_id == cid).order_by(User.name)).all()
    svcs = db.scalars(select(SwitchboardService).where(SwitchboardService.company_id == cid)
                      .order_by(SwitchboardService.name)).all()
    return render_template("numbers/list.html", numbers=numbers, users=users, services=svcs)


@bp.post("/")
def add_number() -> Response:
    # Numbers are ops' to hand out: a company that could claim any free number would get
    # the calls a carrier delivers to it (someone else's, or one ops has not sold).
    if g.role is not PortalRole.OPS:
        abort(403)
    # A refusal is answered with the form as typed (webadmin.refusals).
    number = numbers.add_number(get_db(), g.actor, g.company,
                                forms.required(request.form, "number", "Number"), **_target())
    flash(gettext("%(number)s was added.", number=number.e164), "ok")
    return redirect(url_for("numbers.list_numbers"), 303)


@bp.post("/<int:number_id>/route")
def route_number(number_id: int) -> Response:
    numbers.route_number(get_db(), g.actor, scoped(PhoneNumber, number_id), **_target())
    flash(gettext("Saved."), "ok")
    return redirect(url_for("numbers.list_numbers"), 303)


@bp.post("/<int:number_id>/delete")
@confirm_first("Remove this number? Its calls reach nobody in the company from then on.",
               "Remove number", find=lambda number_id: _removable(number_id).e164)
def remove_number(number_id: int) -> Response:
    """Ops give a number back (the domain refuses anyone else)."""
    number = scoped(PhoneNumber, number_id)
    numbers.remove_number(get_db(), g.actor, number)
    flash(gettext("%(number)s was removed.", number=number.e164), "ok")
    return redirect(url_for("numbers.list_numbers"), 303)


def _removable(number_id: int) -> PhoneNumber:
    """The number, for the operator only: nobody else is even asked (the domain refuses)."""
    g.actor.check_operator("Only the operator removes numbers.")
    return scoped(PhoneNumber, number_id)
