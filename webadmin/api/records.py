"""The call log, contacts and caller look-up, statistics, webhook subscriptions."""
from __future__ import annotations

import datetime as dt

from flask import Response, current_app, jsonify, request
from sqlalchemy import select

from vaxel.base import utcnow
from vaxel.calls.log import CallFilter, company_call_log, user_call_log
from vaxel.errors import InvalidInput
from vaxel.caller_names.http_provider import http_fetch
from vaxel.caller_names.services import lookup, remove_contact, save_contact, search_contacts
from vaxel.queues.stats import statistics as queue_statistics
from vaxel.statsstream.services import export_csv
from vaxel.tenancy.models import Company
from vaxel.infra import http as outbound
from vaxel.webhooks import services as webhooks

from ..db import get_db
from . import actor, body, company_id, paging, query_int, route, shapes


@route("/call-log", "calllog:read")
def call_log():
    limit, offset = paging()
    try:
        which = CallFilter(request.args.get("which", "all"))
    except ValueError:
        raise InvalidInput("which is all, incoming, outgoing or missed.") from None
    user = query_int("user_id")
    if user is None:
        rows = company_call_log(get_db(), company_id(), which=which, limit=limit, offset=offset)
    else:
        rows = user_call_log(get_db(), company_id(), user, which=which, limit=limit,
                             offset=offset)
    return jsonify({"calls": [shapes.call_log_entry(r) for r in rows]})


@route("/contacts", "contacts:read")
def list_contacts():
    limit, _ = paging()
    rows = search_contacts(get_db(), company_id(), request.args.get("q", ""), limit)
    return jsonify({"contacts": [shapes.contact(r) for r in rows]})


@route("/contacts", "contacts:write", ("PUT",))
def save_contact_by_number():
    """Add or update the contact with this number (idempotent: a CRM sync may repeat it)."""
    data = body()
    row = save_contact(get_db(), company_id(), str(data.get("number", "")),
                       str(data.get("name", "")), str(data.get("organisation", "")),
                       str(data.get("external_id", "")))
    return jsonify(shapes.contact(row))


@route("/contacts/<int:contact_id>", "contacts:write", ("DELETE",))
def delete_contact(contact_id: int):
    remove_contact(get_db(), company_id(), contact_id)
    return "", 204


@route("/lookup", "contacts:read")
def look_up_number():
    """Who a number is: the company's contacts, then its external directory (cached)."""
    number = request.args.get("number", "").strip()
    if not number:
        raise InvalidInput("number is required.")
    settings = current_app.config["VAXEL_SETTINGS"]
    found = lookup(get_db(), company_id(), number, utcnow(),
                   http_fetch(settings.integrations_allow_private))
    return jsonify(shapes.caller(found))


def _day(name: str, default: dt.datetime) -> dt.datetime:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        return dt.datetime.combine(dt.date.fromisoformat(raw), dt.time(), dt.timezone.utc)
    except ValueError:
        raise InvalidInput(f"{name} is a date, YYYY-MM-DD.") from None


@route("/statistics", "statistics:read")
def statistics_now():
    """Queue and agent figures for today, the last 7 and 30 days, and right now."""
    session = get_db()
    timezone = session.scalar(select(Company.timezone).where(Company.id == company_id()))
    return jsonify(queue_statistics(session, company_id(), utcnow(), timezone))


@route("/statistics/export.csv", "statistics:read")
def statistics_export():
    """The raw export: one row per caller who joined a queue in [since, until) (UTC days)."""
    until = _day("until", utcnow())
    since = _day("since", until - dt.timedelta(days=7))
    if since >= until or until - since > dt.timedelta(days=366):
        raise InvalidInput("since must be before until, at most a year apart.")
    return Response(export_csv(get_db(), company_id(), since, until), mimetype="text/csv")


@route("/webhooks", "webhooks:write")
def list_webhooks():
    rows = webhooks.company_endpoints(get_db(), company_id())
    return jsonify({"webhooks": [shapes.endpoint(r) for r in rows]})


@route("/webhooks", "webhooks:write", ("POST",))
def create_webhook():
    """Subscribe a URL; the answer carries the signing secret (shown only here)."""
    data = body()
    url, events = str(data.get("url", "")), data.get("events")
    if not isinstance(events, list) or not all(isinstance(e, str) for e in events):
        raise InvalidInput("events must be a list of event types.")
    settings = current_app.config["VAXEL_SETTINGS"]
    outbound.check_url(url, outbound.HttpPolicy(allow_private=settings.integrations_allow_private))
    row = webhooks.create_endpoint(get_db(), actor(), company_id(), url, events,
                                   str(data.get("description", "")))
    return jsonify(shapes.endpoint(row, with_secret=True)), 201


@route("/webhooks/<int:endpoint_id>", "webhooks:write", ("DELETE",))
def delete_webhook(endpoint_id: int):
    endpoint = webhooks.get_endpoint(get_db(), company_id(), endpoint_id)
    webhooks.delete_endpoint(get_db(), actor(), endpoint)
    return "", 204
