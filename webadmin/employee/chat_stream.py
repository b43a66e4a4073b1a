"""The app's chat stream: each of my new messages as a server-sent event with its id.

The stream reads "my messages after id N" from PostgreSQL (vaxel.chat.messages.since) and
sends them in order, each as `id: <message id>`; then it waits for the chat hub (LISTEN
vaxel_chat, one per process) to say the company has a newer message, and reads again.
The browser's EventSource sends the last id back as Last-Event-ID when it reconnects, and
a new page passes the id it loaded with (`after`): whatever arrived while it was away
comes then, once, in order. A notification only wakes the reader; what is sent always
comes from the table, so a lost notification costs at most KEEPALIVE_SECONDS.
"""
from __future__ import annotations

import json
from typing import Callable, Iterator

from flask import Response
from sqlalchemy.orm import Session

from vaxel.actor import Actor
from vaxel.chat.messages import newest_id, since
from vaxel.infra.push import PushHub, Subscription

from ..push import KEEPALIVE_SECONDS, hub

CHAT_CHANNEL = "vaxel_chat"
BATCH = 200


def chat_hub(session_factory: Callable[[], Session]) -> PushHub:
    """One hub per process; its "view" of a company is the company's newest message id,
    so every watcher of the company wakes when it changes."""
    def render(company_id: int) -> str:
        with session_factory() as session:
            return str(newest_id(session, company_id))
    return hub("chat", render, (CHAT_CHANNEL,))


def message_stream(push: PushHub, session_factory: Callable[[], Session], actor: Actor,
                   after: int, as_json: Callable[[list], list[dict]]) -> Response:
    # Subscribed before the first read: a message committed after that read wakes us.
    subscription, _ = push.subscribe(actor.company_id)
    events = _events(push, subscription, session_factory, actor, after, as_json)
    return Response(events, mimetype="text/event-stream",
                    headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def _events(push: PushHub, subscription: Subscription, session_factory, actor: Actor,
            cursor: int, as_json) -> Iterator[str]:
    try:
        yield "retry: 2000\n\n"
        while True:
            with session_factory() as session:
                found = since(session, actor, cursor, BATCH)
                payload = as_json(found)
            for message in payload:
                cursor = message["id"]
                yield f"id: {cursor}\nevent: message\ndata: {json.dumps(message)}\n\n"
            if len(found) == BATCH:
                continue  # more waiting: read on before sleeping
            if subscription.take(KEEPALIVE_SECONDS) is None:
                yield ": keep-alive\n\n"
    finally:
        push.unsubscribe(subscription)


def resume_point(last_event_id: str | None, after: str | None) -> int:
    """Where a stream starts: the browser's Last-Event-ID (a reconnect) wins over the
    page's `after` (a new page); anything else starts from now (-1, see views)."""
    for value in (last_event_id, after):
        if value and value.isdigit():
            return int(value)
    return -1
