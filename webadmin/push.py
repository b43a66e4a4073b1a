"""Server-sent events from a push hub (vaxel.infra.push): one stream per open screen.

    return event_stream(hub("colleagues", render_board), company_id)

Each stream starts with the view as it is, then sends each new state as one `data:`
event, and a comment every KEEPALIVE_SECONDS so proxies keep the connection open and a
closed tab is noticed. The browser's EventSource reconnects by itself (after `retry`).
Each open stream holds one of the server's threads (gunicorn gthread): see README.
"""
from __future__ import annotations

from typing import Callable, Iterator

from flask import Response, current_app

from vaxel.infra.changes import CHANNEL as CONFIG_CHANNEL
from vaxel.infra.push import LIVE_CHANNEL, PushHub, Subscription

KEEPALIVE_SECONDS = 15.0


def hub(name: str, render: Callable[[int], str],
        channels: tuple[str, ...] = (LIVE_CHANNEL, CONFIG_CHANNEL)) -> PushHub:
    """This app's hub for the view `name` (woken by `channels`), made on first use."""
    hubs = current_app.extensions.setdefault("vaxel_push_hubs", {})
    if name not in hubs:
        settings = current_app.config["VAXEL_SETTINGS"]
        hubs[name] = PushHub(settings.database_url, channels, render)
    return hubs[name]


def event_stream(push: PushHub, company_id: int,
                 personal: Callable[[str], str] | None = None) -> Response:
    """`personal` turns the company's view into this watcher's (its form token, its
    wallboard's queues) as each state is sent: one render, many watchers."""
    subscription, first = push.subscribe(company_id)
    return Response(_events(push, subscription, first, personal or _same),
                    mimetype="text/event-stream",
                    headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def _same(text: str) -> str:
    return text


def _events(push: PushHub, subscription: Subscription, first: str,
            personal: Callable[[str], str]) -> Iterator[str]:
    try:
        yield "retry: 2000\n" + _event(personal(first))
        while True:
            text = subscription.take(KEEPALIVE_SECONDS)
            yield _event(personal(text)) if text is not None else ": keep-alive\n\n"
    finally:
        push.unsubscribe(subscription)


def _event(text: str) -> str:
    return "".join(f"data: {line}\n" for line in text.splitlines()) + "\n"
