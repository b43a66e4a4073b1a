"""The app's one push stream (GET /app/events): the colleagues board, the meeting rooms'
change signal and my chat messages on one server-sent-event stream, so an open app holds
one server thread, not three.

- `event: colleagues` — the whole board as JSON, first as it is, then at each change (the
  "colleagues" hub, views.py). It carries no `id:`, so it never moves the browser's
  Last-Event-ID.
- `event: room` — a version of the company's rooms, first as it is, then at each change
  (the "rooms" hub, room.py); the app then reads its own room with the owner's rights. No
  `id:` either.
- `event: message` — one chat message, with `id: <message id>` (chat_stream.py): the
  browser sends the last one back as Last-Event-ID when it reconnects, and a new page
  passes the id it loaded with as `after`; what arrived meanwhile comes then, once, in
  order.

The hubs' subscriptions share one condition: the stream sleeps until one has news, or
KEEPALIVE_SECONDS pass (then it sends a comment and reads the chat table itself, so a lost
notification costs at most that long).
"""
from __future__ import annotations

import json
import threading
from typing import Callable, Iterator

from flask import Response, current_app, g, request
from sqlalchemy.orm import Session

from vaxel.chat import messages
from vaxel.chat import services as chat_services
from vaxel.infra.push import PushHub, Subscription

from ..db import get_db, release_db
from ..push import KEEPALIVE_SECONDS, hub
from .chat import as_json
from .chat_stream import Reader, chat_hub, resume_point
from .room import render_room_version
from .views import render_board, bp, own_user


@bp.get("/events")
def events() -> Response:
    """The colleagues board and my new chat messages, pushed, resumed from the last
    message seen."""
    actor = g.actor
    own_user()
    chat_services.person(actor)
    start = resume_point(request.headers.get("Last-Event-ID"), request.args.get("after"))
    if start < 0:
        start = messages.newest_id(get_db(), actor.company_id)
    release_db()  # the stream lasts as long as the app is open
    factory = current_app.extensions["vaxel_session_factory"]
    views = {"colleagues": hub("colleagues", render_board(factory)),
             "room": hub("rooms", render_room_version(factory))}
    return app_stream(views, chat_hub(factory, as_json), factory, actor, start)


def app_stream(views: dict[str, PushHub], chat: PushHub,
               session_factory: Callable[[], Session], actor, after: int) -> Response:
    """`views`: event name → the hub whose company view it carries (whole, at each change)."""
    ready = threading.Condition()
    hubs = {**views, "": chat}  # "": the chat's, read through the Reader
    subscriptions: dict[str, Subscription] = {}
    firsts: dict[str, str] = {}
    try:
        # The chat's last: a message committed after the first chat read wakes us.
        for name, view in hubs.items():
            subscriptions[name], firsts[name] = view.subscribe(actor.company_id, ready)
    except BaseException:
        _unsubscribe(hubs, subscriptions)
        raise
    del firsts[""]
    reader = Reader(session_factory, actor, after, as_json)
    return Response(_events(hubs, subscriptions, firsts, reader, ready),
                    mimetype="text/event-stream",
                    headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def _events(hubs: dict[str, PushHub], subscriptions: dict[str, Subscription],
            firsts: dict[str, str], reader: Reader, ready: threading.Condition) -> Iterator[str]:
    try:
        yield "retry: 2000\n\n"
        for name, text in firsts.items():
            yield _view(name, text)
        found, more = reader.own_read()
        while True:
            for message in found:
                yield f"id: {message['id']}\nevent: message\ndata: {json.dumps(message)}\n\n"
            if more:
                found, more = reader.own_read()
                continue
            with ready:
                if not any(s.waiting() for s in subscriptions.values()):
                    ready.wait(KEEPALIVE_SECONDS)
                changed = {name: s.take(0) for name, s in subscriptions.items()}
            chat_text = changed.pop("")
            for name, text in changed.items():
                if text is not None:
                    yield _view(name, text)
            if chat_text is not None:
                shared = reader.from_window(chat_text)
                found, more = (shared, False) if shared is not None else reader.own_read()
            elif all(text is None for text in changed.values()):
                yield ": keep-alive\n\n"
                found, more = reader.own_read()
            else:
                found, more = [], False
    finally:
        _unsubscribe(hubs, subscriptions)


def _unsubscribe(hubs: dict[str, PushHub], subscriptions: dict[str, Subscription]) -> None:
    for name, subscription in subscriptions.items():
        hubs[name].unsubscribe(subscription)


def _view(name: str, text: str) -> str:
    return f"event: {name}\n" + "".join(f"data: {line}\n" for line in text.splitlines()) + "\n"
