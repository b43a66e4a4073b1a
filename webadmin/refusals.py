"""A refused form is answered with the page it came from, filled in as it was sent and
the reason beside the field (status 4xx), instead of a redirect over an empty form.

The page is drawn by its own GET view, called only when it belongs to the same
blueprint and company as the refused POST: the guard that let the POST through is the
one that guards the page, so a forged Referer cannot show anything the sender may not see.
"""
from __future__ import annotations

import logging
from typing import Callable
from urllib.parse import urlsplit

from flask import current_app, g, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect
from werkzeug.wrappers import Response

from vaxel.errors import VaxelError

from .refill import Refusal, refill

log = logging.getLogger(__name__)


def _page_view(referrer: str) -> tuple[Callable, dict, str] | None:
    """The GET view of the page the form came from, its arguments and its path."""
    parts = urlsplit(referrer)
    if not referrer or parts.netloc != request.host:
        return None
    adapter = current_app.url_map.bind(request.host, script_name=request.script_root or None)
    try:
        endpoint, args = adapter.match(parts.path, method="GET")
    except (HTTPException, RequestRedirect):
        return None
    blueprint = endpoint.rpartition(".")[0] or None
    if blueprint != request.blueprint:
        return None
    if "company_id" in args and args["company_id"] != getattr(g.get("company"), "id", None):
        return None
    for name in (None, blueprint):
        for preprocess in current_app.url_value_preprocessors.get(name, ()):
            preprocess(endpoint, args)
    return current_app.view_functions[endpoint], args, parts.path


def form_again(message: str, exc: VaxelError) -> Response | None:
    """The referring page with the refused form refilled, or None when it cannot be drawn."""
    # Without a Referer, a form that posts to its own page's address still has its page.
    found = _page_view(request.referrer or request.url)
    if found is None:
        return None
    view, args, path = found
    try:
        response = current_app.make_response(view(**args))
    except (VaxelError, HTTPException) as problem:
        log.info("the refused form's page could not be drawn again: %s", problem)
        return None
    if response.status_code != 200 or response.mimetype != "text/html":
        return None
    refusal = Refusal(request.path, request.form, message, exc.field)
    response.set_data(refill(response.get_data(as_text=True), refusal, path))
    response.status_code = exc.status if 400 <= exc.status < 500 else 400
    return response
