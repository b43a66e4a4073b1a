"""HTTP basic auth for FreeSWITCH's requests: the only client allowed to ask."""
from __future__ import annotations

import base64
import hmac

from flask import Response, current_app, request


def expected_header(user: str, password: str) -> bytes:
    """The exact Authorization header mod_xml_curl sends for these credentials."""
    return b"Basic " + base64.b64encode(f"{user}:{password}".encode())


def credentials_ok() -> bool:
    """Constant-time comparison of the whole Authorization header with the one expected.

    Comparing the header as sent (rather than parsing it) is what FreeSWITCH needs and
    keeps the check to one compare_digest on the hot path.
    """
    given = request.headers.get("Authorization", "").encode("latin-1", errors="replace")
    return hmac.compare_digest(given, current_app.config["VAXEL_AUTH_HEADER"])


def unauthorized() -> Response:
    return Response("Unauthorized\n", 401, {"WWW-Authenticate": 'Basic realm="xml_curl"'},
                    mimetype="text/plain")
