"""HTTP basic auth for FreeSWITCH's requests: the only client allowed to ask."""
from __future__ import annotations

import hmac

from flask import Response, current_app, request


def credentials_ok() -> bool:
    """Constant-time check of the request's basic-auth user and password."""
    auth = request.authorization
    given_user = auth.username if auth and auth.type == "basic" and auth.username else ""
    given_password = auth.password if auth and auth.type == "basic" and auth.password else ""
    settings = current_app.config["VAXEL_SETTINGS"]
    # Both comparisons always run, so the timing tells nothing about which one failed.
    user_ok = hmac.compare_digest(given_user.encode(), settings.xmlcurl_user.encode())
    password_ok = hmac.compare_digest(given_password.encode(), settings.xmlcurl_password.encode())
    return bool(auth) and user_ok & password_ok


def unauthorized() -> Response:
    return Response("Unauthorized\n", 401, {"WWW-Authenticate": 'Basic realm="xml_curl"'},
                    mimetype="text/plain")
