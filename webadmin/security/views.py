"""Ops: banned SIP sources (see, lift, ban by hand), the allow-list, recent alerts, and a
company's toll policy. Lifts and bans reach FreeSWITCH within the controller's next sync."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from vaxel.errors import InvalidInput, NotFound
from vaxel.models import Company
from vaxel.security import services
from vaxel.security.toll import TollPolicy, Zone
from vaxel.security.toll_services import set_toll_policy, toll_policy

from .. import forms
from ..access import require_ops
from ..confirm import confirm_first
from ..db import get_db
from ..i18n import gettext

bp = Blueprint("security", __name__, url_prefix="/ops/security")
bp.before_request(require_ops)
ZONES = [z for z in Zone if z is not Zone.BLOCKED]


@bp.get("/")
def overview() -> str:
    db = get_db()
    return render_template("security/overview.html", bans=services.active_bans(db),
                           allowed=services.allow_list(db), alerts=services.recent_alerts(db, 50))


@bp.post("/bans")
def ban_source() -> Response:
    hours = _number(forms.text(request.form, "hours") or "24")
    services.ban_manually(get_db(), forms.text(request.form, "source"), hours, g.account.email)
    flash(gettext("Banned."), "ok")
    return _back()


@bp.post("/bans/lift")
def lift_ban() -> Response:
    services.lift_source(get_db(), forms.text(request.form, "source"), g.account.email)
    flash(gettext("Ban lifted."), "ok")
    return _back()


@bp.post("/allow")
def allow_network() -> Response:
    form = request.form
    services.add_allowed(get_db(), forms.text(form, "network"), forms.text(form, "note"))
    flash(gettext("Saved."), "ok")
    return _back()


@bp.post("/allow/remove")
@confirm_first("Remove this address from the allow-list?", "Remove")
def remove_allowed() -> Response:
    services.remove_allowed_network(get_db(), forms.text(request.form, "network"))
    return _back()


@bp.get("/companies/<int:company_id>/toll")
def edit_toll(company_id: int) -> str:
    company = _company(company_id)
    return render_template("security/toll.html", company=company, zones=ZONES,
                           policy=toll_policy(get_db(), company.id))


@bp.post("/companies/<int:company_id>/toll")
def save_toll(company_id: int) -> Response:
    company, form = _company(company_id), request.form
    policy = TollPolicy(
        frozenset(z for z in ZONES if form.get("zone_" + z.value)),
        tuple(p.strip() for p in forms.text(form, "blocked_prefixes").split(",") if p.strip()),
        _cap(form, "max_concurrent"), _cap(form, "max_setups_per_minute"))
    set_toll_policy(get_db(), company.id, policy)
    flash(gettext("Saved."), "ok")
    return redirect(url_for("security.edit_toll", company_id=company.id), 303)


def _company(company_id: int) -> Company:
    company = get_db().get(Company, company_id)
    if company is None:
        raise NotFound("No such company.")
    return company


def _cap(form, name: str) -> int | None:
    text = forms.text(form, name)
    return int(_number(text)) if text else None


def _number(text: str) -> float:
    try:
        return float(text.replace(",", "."))
    except ValueError:
        raise InvalidInput("%r is not a number." % text) from None


def _back() -> Response:
    return redirect(url_for("security.overview"), 303)
