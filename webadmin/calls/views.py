"""The company's call log and each user's: filtered (incoming, outgoing, missed), searched
by number or name, between two days, paged, exported as CSV, and click-to-call."""
from __future__ import annotations

from functools import partial

from flask import g, render_template, request

from vaxel.calls.log import CallFilter
from vaxel.calls.search import export_csv, find_calls
from vaxel.models import User
from vaxel.people.services import user_names

from ..access import company_blueprint, scoped
from ..db import get_db
from .dialling import call_back, csv_response
from .pages import call_page, call_query

bp = company_blueprint("calls", __name__)


def _names() -> dict[int, str]:
    return user_names(get_db(), g.company.id)


def _fetch(user_id: int | None = None):
    return partial(find_calls, get_db(), g.company.id, tz=g.company.timezone, user_id=user_id)


@bp.get("/")
def company_log() -> str:
    return render_template("calls/list.html", page=call_page(request.args, _fetch()),
                           filters=list(CallFilter), names=_names(), user=None,
                           export=True, can_call=g.account.user_id is not None)


@bp.get("/users/<int:user_id>")
def user_log(user_id: int) -> str:
    user = scoped(User, user_id)
    return render_template("calls/list.html", page=call_page(request.args, _fetch(user.id)),
                           filters=list(CallFilter), names=_names(), user=user,
                           export=True, can_call=g.account.user_id is not None)


@bp.get("/export.csv")
def export():
    user_id = request.args.get("user", type=int)
    if user_id is not None:
        user_id = scoped(User, user_id).id
    text = export_csv(get_db(), g.company.id, call_query(request.args), g.company.timezone,
                      _names(), user_id=user_id)
    return csv_response(text, f"calls-{g.company.sip_domain}.csv")


@bp.post("/call")
def click_to_call():
    return call_back(g.company.id)
