"""Fetching an ICS feed over HTTP through the checked integrations client (request-forgery
guard, timeout, no redirects, capped size)."""
from __future__ import annotations

from ..infra.http import HttpFailure, HttpPolicy, check_url, request
from .services import CheckUrl, Fetch, FeedError

TIMEOUT = 10.0  # feeds are fetched by a background round, not while a caller waits


def http_feed(allow_private: bool = False, timeout: float = TIMEOUT) -> Fetch:
    policy = HttpPolicy(timeout=timeout, allow_private=allow_private)

    def fetch(url: str) -> bytes:
        try:
            response = request("GET", url, policy, headers={"Accept": "text/calendar"})
        except HttpFailure as exc:
            raise FeedError(str(exc)) from exc
        if response.status_code != 200:
            raise FeedError(f"HTTP {response.status_code}")
        return response.content
    return fetch


def url_checker(allow_private: bool = False) -> CheckUrl:
    """The check made when a user saves an address (UnsafeTarget, an InvalidInput)."""
    policy = HttpPolicy(allow_private=allow_private)

    def check(url: str) -> None:
        check_url(url, policy)
    return check

