"""Mobile data for a company: each user's package, this month's usage, and how many
top-ups the company pays for before they go to the user's private card."""
from __future__ import annotations

import datetime as dt

from flask import flash, g, redirect, render_template, request, url_for
from sqlalchemy import select
from werkzeug.wrappers import Response

from vaxel.mobiledata import services as data
from vaxel.mobiledata.rules import PACKAGES
from vaxel.models import User

from .. import forms
from ..access import company_blueprint, scoped
from ..confirm import confirm_first
from ..db import get_db
from ..i18n import gettext

bp = company_blueprint("mobiledata", __name__)


@bp.get("/")
def list_users() -> str:
    now = dt.datetime.now(dt.timezone.utc)
    users = get_db().scalars(select(User).where(User.company_id == g.company.id)
                             .order_by(User.name)).all()
    return render_template("mobiledata/list.html", packages=list(PACKAGES),
                           rows=[(u, data.month_summary(get_db(), u, now)) for u in users])


@bp.post("/users/<int:user_id>")
def set_package(user_id: int) -> Response:
    user = scoped(User, user_id)
    data.set_subscription(get_db(), user, forms.text(request.form, "package"),
                          forms.whole_number(request.form, "top_up_limit", 0, 50), g.actor)
    flash(gettext("Saved."), "ok")
    return redirect(url_for("mobiledata.list_users"), 303)


@bp.post("/users/<int:user_id>/end")
@confirm_first("End this data package?", "End package",
               find=lambda user_id: scoped(User, user_id).name)
def end_package(user_id: int) -> Response:
    data.end_subscription(get_db(), scoped(User, user_id), g.actor)
    flash(gettext("Saved."), "ok")
    return redirect(url_for("mobiledata.list_users"), 303)
