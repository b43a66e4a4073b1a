"""The company's call log and each user's, filtered (incoming, outgoing, missed) and paged."""
from __future__ import annotations

from functools import partial

from flask import g, render_template, request

from vaxel.calls.log import CallFilter, company_call_log, user_call_log
from vaxel.models import User
from vaxel.people.services import user_names

from ..access import company_blueprint, scoped
from ..db import get_db
from .pages import call_page

bp = company_blueprint("calls", __name__)


def _names() -> dict[int, str]:
    return user_names(get_db(), g.company.id)


@bp.get("/")
def company_log() -> str:
    page = call_page(request.args, partial(company_call_log, get_db(), g.company.id))
    return render_template("calls/list.html", page=page, filters=list(CallFilter),
                           names=_names(), user=None)


@bp.get("/users/<int:user_id>")
def user_log(user_id: int) -> str:
    user = scoped(User, user_id)
    page = call_page(request.args, partial(user_call_log, get_db(), g.company.id, user.id))
    return render_template("calls/list.html", page=page, filters=list(CallFilter),
                           names=_names(), user=user)
