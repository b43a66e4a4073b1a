"""The external directory over HTTP: one GET with a short timeout (it runs while a phone
rings, so it must not keep the caller waiting)."""
from __future__ import annotations

from ..infra.http import HttpFailure, HttpPolicy, request
from ..redact import scrub
from .rules import CallerName, parse_answer, provider_url
from .services import Fetch, LookupFailed

TIMEOUT = 1.0


def http_fetch(allow_private: bool = False, timeout: float = TIMEOUT) -> Fetch:
    policy = HttpPolicy(timeout=timeout, allow_private=allow_private)

    def fetch(template: str, auth: str, number: str) -> CallerName:
        headers = {"Accept": "application/json", **({"Authorization": auth} if auth else {})}
        url = provider_url(template, number)
        try:
            response = request("GET", url, policy, headers=headers)
            payload = response.json() if response.status_code == 200 else None
        except (HttpFailure, ValueError) as exc:
            # Logged: the directory's address may carry its key in the query.
            raise LookupFailed(scrub(str(exc), url)) from exc
        if response.status_code not in (200, 404):
            raise LookupFailed(f"HTTP {response.status_code}")
        return parse_answer(number, response.status_code, payload)
    return fetch
