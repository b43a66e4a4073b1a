"""The platform's price list, edited by ops: a monthly price per product, for every plan
or for one plan."""
from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from vaxel.billing import services as billing
from vaxel.billing.products import ALL_PLANS, catalogue
from vaxel.errors import InvalidInput
from vaxel.mobiledata.rules import PACKAGES
from vaxel.models import Plan

from .. import forms
from ..access import require_ops
from ..billing.money import read_amount
from ..db import get_db
from ..i18n import gettext

bp = Blueprint("prices", __name__, url_prefix="/ops/prices")
bp.before_request(require_ops)
PLANS = [ALL_PLANS] + [p.value for p in Plan]


@bp.get("/")
def list_prices() -> str:
    return render_template("ops/prices.html", products=catalogue(tuple(PACKAGES)), plans=PLANS,
                           prices=billing.price_list(get_db()).prices)


@bp.post("/")
def set_price() -> Response:
    form = request.form
    plan, product = forms.text(form, "plan"), forms.text(form, "product")
    if plan not in PLANS or product not in catalogue(tuple(PACKAGES)):
        raise InvalidInput("Choose a plan and a product from the lists.")
    billing.set_price(get_db(), plan, product, read_amount(forms.text(form, "amount")), g.actor,
                      currency=forms.text(form, "currency") or "SEK")
    flash(gettext("Saved."), "ok")
    return redirect(url_for("prices.list_prices"), 303)
