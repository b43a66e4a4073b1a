"""The integrations screens: API tokens, webhook endpoints with their delivery log, the
caller look-up directory and the statistics stream."""
from __future__ import annotations

from flask import (current_app, flash, g, make_response, redirect, render_template, request,
                   url_for)
from werkzeug.wrappers import Response

from vaxel.apitokens.models import ApiToken
from vaxel.apitokens.services import SCOPES, company_tokens, create_token, revoke_token
from vaxel.base import utcnow
from vaxel.caller_names.models import LookupSettings
from vaxel.caller_names.services import configure_provider
from vaxel.statsstream.models import StatsStream
from vaxel.statsstream.services import configure_stream
from vaxel.webhooks import services as webhooks
from vaxel.webhooks.events import EVENT_TYPES, PING
from vaxel.infra.http import HttpPolicy, check_url
from vaxel.tenancy.scoped import in_company

from ..access import company_blueprint
from ..confirm import confirm_first
from ..db import get_db
from ..forms import checkbox, whole_number
from ..i18n import gettext

bp = company_blueprint("integrations", __name__)


def _policy() -> HttpPolicy:
    return HttpPolicy(allow_private=current_app.config["VAXEL_SETTINGS"].integrations_allow_private)


def _back() -> Response:
    return redirect(url_for("integrations.show"), 303)


def _page(**extra) -> str:
    db = get_db()
    return render_template(
        "integrations/show.html", tokens=company_tokens(db, g.company.id), scopes=SCOPES,
        endpoints=webhooks.company_endpoints(db, g.company.id), event_types=EVENT_TYPES,
        lookup=db.get(LookupSettings, g.company.id), stream=db.get(StatsStream, g.company.id),
        **extra)


@bp.get("/")
def show() -> str:
    return _page()


def _reveal(message: str, secret: str) -> Response:
    """A new secret, shown once in this answer from the server. Never flashed: a flash
    travels in the session cookie, which is signed but readable by anyone who has it."""
    response = make_response(_page(revealed=(gettext(message), secret)))
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/tokens")
def add_token() -> Response:
    _, text = create_token(get_db(), g.actor, g.company.id, request.form.get("name", ""),
                           request.form.getlist("scopes"))
    return _reveal("New API token (copy it now, it is not shown again):", text)


@bp.post("/tokens/<int:token_id>/revoke")
@confirm_first("Revoke this API token? Integrations using it stop working.", "Revoke token",
               find=lambda token_id: in_company(get_db(), ApiToken, g.company.id, token_id).name)
def revoke(token_id: int) -> Response:
    revoke_token(get_db(), g.actor, g.company.id, token_id, utcnow())
    return _back()


@bp.post("/webhooks")
def add_endpoint() -> Response:
    url = request.form.get("url", "")
    check_url(url, _policy())
    endpoint = webhooks.create_endpoint(get_db(), g.actor, g.company.id, url,
                                        request.form.getlist("events"),
                                        request.form.get("description", ""))
    return _reveal("Webhook added. Its signing secret (copy it now, it is not shown again):",
                   endpoint.secret)


@bp.get("/webhooks/<int:endpoint_id>")
def deliveries(endpoint_id: int) -> str:
    endpoint = webhooks.get_endpoint(get_db(), g.company.id, endpoint_id)
    rows = webhooks.delivery_log(get_db(), g.company.id, endpoint.id)
    return render_template("integrations/deliveries.html", endpoint=endpoint, deliveries=rows)


@bp.post("/webhooks/<int:endpoint_id>/<any(enable, delete, test):action>")
@confirm_first("Remove this webhook?", "Remove webhook",
               find=lambda endpoint_id, action: webhooks.get_endpoint(
                   get_db(), g.company.id, endpoint_id).url,
               when=lambda endpoint_id, action: action == "delete")
def change_endpoint(endpoint_id: int, action: str) -> Response:
    endpoint = webhooks.get_endpoint(get_db(), g.company.id, endpoint_id)
    if action == "delete":
        webhooks.delete_endpoint(get_db(), g.actor, endpoint)
    elif action == "enable":
        webhooks.enable_endpoint(get_db(), g.actor, endpoint)
    else:
        webhooks.enqueue_event(get_db(), g.company.id, PING, {"endpoint_id": endpoint.id},
                               utcnow(), only_endpoint=endpoint.id)
        flash(gettext("A test event is on its way."), "info")
    return _back()


@bp.post("/deliveries/<int:delivery_id>/redeliver")
def redeliver(delivery_id: int) -> Response:
    webhooks.redeliver(get_db(), g.company.id, delivery_id, utcnow())
    return _back()


@bp.post("/lookup")
def save_lookup() -> Response:
    url = request.form.get("provider_url", "").strip()
    if url:
        check_url(url.replace("{number}", "0"), _policy())
    current = get_db().get(LookupSettings, g.company.id)
    auth = request.form.get("provider_auth", "") or (current.provider_auth if current else "")
    configure_provider(get_db(), g.company.id, url, auth)
    return _back()


@bp.post("/stream")
def save_stream() -> Response:
    url = request.form.get("url", "").strip()
    check_url(url, _policy())
    configure_stream(get_db(), g.actor, g.company.id, url,
                     whole_number(request.form, "interval_seconds", 5, 86400),
                     checkbox(request.form, "active"))
    return _back()
