"""A company's licences: buy, assign/move, freeze, terminate, upgrade Fixed→Mobile."""
from __future__ import annotations

import datetime as dt

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from vaxel.models import Licence, LicenceKind, User
from vaxel.people import licences

from .. import forms
from ..access import company_blueprint, scoped
from ..confirm import confirm_first
from ..db import get_db
from ..i18n import gettext

bp = company_blueprint("licences", __name__)


@bp.get("/")
def list_licences() -> str:
    db = get_db()
    licences = db.scalars(select(Licence).where(Licence.company_id == g.company.id)
                          .order_by(Licence.id)).all()
    users = db.scalars(select(User).where(User.company_id == g.company.id)
                       .order_by(User.name)).all()
    return render_template("licences/list.html", licences=licences, users=users,
                           kinds=list(LicenceKind), by_id={u.id: u for u in users})


@bp.post("/")
def buy_licence() -> Response:
    licences.buy_licence(get_db(), g.actor, g.company,
                         forms.choice(request.form, "kind", LicenceKind),
                         bound_until=forms.optional_date(request.form, "bound_until"))
    flash(gettext("The licence was bought."), "ok")
    return redirect(url_for("licences.list_licences"), 303)


@bp.post("/<int:licence_id>/assign")
def assign_licence(licence_id: int) -> Response:
    licence = scoped(Licence, licence_id)
    user_id = forms.optional_id(request.form, "user_id")
    licences.assign_licence(get_db(), g.actor, licence,
                            scoped(User, user_id) if user_id else None)
    flash(gettext("Saved."), "ok")
    return redirect(url_for("licences.list_licences"), 303)


def _terminate_today(db, actor, licence: Licence) -> None:
    licences.terminate_licence(db, actor, licence, dt.date.today())


# Each lifecycle step by the name the portal posts.
STEPS = {"freeze": licences.freeze_licence, "unfreeze": licences.unfreeze_licence,
         "upgrade": licences.upgrade_to_mobile, "terminate": _terminate_today}


@bp.post("/<int:licence_id>/<any(freeze, unfreeze, terminate, upgrade):step>")
@confirm_first("Terminate this licence?", "Terminate licence",
               find=lambda licence_id, step: f"#{scoped(Licence, licence_id).id}",
               when=lambda licence_id, step: step == "terminate")
def change_licence(licence_id: int, step: str) -> Response:
    STEPS[step](get_db(), g.actor, scoped(Licence, licence_id))
    flash(gettext("Saved."), "ok")
    return redirect(url_for("licences.list_licences"), 303)
