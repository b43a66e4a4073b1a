"""The app's one push stream (GET /app/events): the colleagues board and my chat messages
on one server-sent-event stream, so an open app holds one server thread, not two.

- `event: colleagues` — the whole board as JSON, first as it is, then at each change (the
  "colleagues" hub, views.py). It carries no `id:`, so it never moves the browser's
  Last-Event-ID.
- `event: message` — one chat message, with `id: <message id>` (chat_stream.py): the
  browser sends the last one back as Last-Event-ID when it reconnects, and a new page
  passes the id it loaded with as `after`; what arrived meanwhile comes then, once, in
  order.

Both hubs' subscriptions share one condition: the stream sleeps until either has news, or
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
    board = hub("colleagues", render_board(factory))
    chat = chat_hub(factory, as_json)
    return app_stream(board, chat, factory, actor, start)


def app_stream(board: PushHub, chat: PushHub, session_factory: Callable[[], Session], actor,
               after: int) -> Response:
    ready = threading.Condition()
    # Subscribed before the first chat read: a message committed after that read wakes us.
    board_subscription, first_board = board.subscribe(actor.company_id, ready)
    try:
        chat_subscription, _ = chat.subscribe(actor.company_id, ready)
    except BaseException:
        board.unsubscribe(board_subscription)
        raise
    reader = Reader(session_factory, actor, after, as_json)
    events = _events(board, board_subscription, first_board, chat, chat_subscription, reader)
    return Response(events, mimetype="text/event-stream",
                    headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"})


def _events(board: PushHub, board_subscription: Subscription, first_board: str,
            chat: PushHub, chat_subscription: Subscription, reader: Reader) -> Iterator[str]:
    ready = board_subscription.ready
    try:
        yield "retry: 2000\n\n"
        yield _colleagues(first_board)
        found, more = reader.own_read()
        while True:
            for message in found:
                yield f"id: {message['id']}\nevent: message\ndata: {json.dumps(message)}\n\n"
            if more:
                found, more = reader.own_read()
                continue
            with ready:
                if not (board_subscription.waiting() or chat_subscription.waiting()):
                    ready.wait(KEEPALIVE_SECONDS)
                board_text, chat_text = board_subscription.take(0), chat_subscription.take(0)
            if board_text is not None:
                yield _colleagues(board_text)
            if chat_text is not None:
                shared = reader.from_window(chat_text)
                found, more = (shared, False) if shared is not None else reader.own_read()
            elif board_text is None:
                yield ": keep-alive\n\n"
                found, more = reader.own_read()
            else:
                found, more = [], False
    finally:
        board.unsubscribe(board_subscription)
        chat.unsubscribe(chat_subscription)


def _colleagues(text: str) -> str:
    return "event: colleagues\n" + "".join(f"data: {line}\n" for line in text.splitlines()) + "\n"
