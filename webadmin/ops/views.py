"""Operator screens: every company at a glance, new companies, plan changes."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from vaxel.models import Company, Plan
from vaxel.errors import NotFound
from vaxel.tenancy import onboarding

from .. import forms
from ..access import require_ops
from ..db import get_db
from ..i18n import gettext
from . import services

bp = Blueprint("ops", __name__, url_prefix="/ops")
bp.before_request(require_ops)


@bp.get("/companies")
def list_companies() -> str:
    return render_template("ops/companies.html", rows=services.overview(get_db()),
                           plans=list(Plan))


@bp.get("/companies/new")
def new_company() -> str:
    return render_template("ops/new_company.html", plans=list(Plan))


def _new_company_fields() -> onboarding.NewCompany:
    form = request.form
    return onboarding.NewCompany(
        name=forms.required(form, "name", "Name"),
        sip_domain=forms.required(form, "sip_domain", "SIP domain"),
        country=forms.required(form, "country", "Country").upper(),
        plan=forms.choice(form, "plan", Plan),
        admin_name=forms.required(form, "admin_name", "Admin's name"),
        admin_extension=forms.required(form, "admin_extension", "Admin's extension"),
        admin_email=forms.required(form, "admin_email", "Admin's e-mail"),
        admin_password=form.get("admin_password", ""),
    )


@bp.post("/companies/new")
def create_company() -> Response:
    company = onboarding.add_company(get_db(), g.actor, _new_company_fields())
    flash(gettext("%(name)s was created.", name=company.name), "ok")
    return redirect(url_for("ops.list_companies"), 303)


@bp.post("/companies/<int:company_id>/plan")
def change_plan(company_id: int) -> Response:
    company = get_db().get(Company, company_id)
    if company is None:
        raise NotFound("No such company.")
    onboarding.change_plan(get_db(), g.actor, company, forms.choice(request.form, "plan", Plan))
    flash(gettext("Saved."), "ok")
    return redirect(url_for("ops.list_companies"), 303)
