"""Visitor chat through the widget's public door (/widget/v1/<key>/chat…).

The same gate as the rest of the door (public.py): the key names the company, the
browser's Origin must be one of its sites (403 without CORS headers), and each visitor
address is limited (429). A chat is then opened by its conversation id AND the visitor's
token (header X-Visitor-Token; only its hash is stored): another company's id, or one
without its token, is 404, as if it did not exist.

Why a header and not a cookie: the widget runs inside the company's page, so a cookie of
ours would be a third-party cookie (blocked by Safari and Firefox, phased out by Chrome)
and would ride along on every request to us (a cross-site request forgery surface). The
widget keeps the token in the company site's own sessionStorage instead: the tab keeps
its chat across reloads and reconnects; closing the tab forgets it.

Reading is a long poll: "my conversation's messages after id N" from PostgreSQL, answered
at once when there are any (or the chat's state or place in line changed from what the
visitor knows), else after the next message in the company or a chat agent's log-in
wakes the visitor-chat hub (LISTEN vaxel_chat, vaxel_live), or after WAIT_SECONDS. What
is sent always comes from the table, so a lost wake-up or a restart loses nothing: the
widget asks again after its last id.
"""
from __future__ import annotations

import json
import time
from dataclasses import asdict
from typing import Any, Callable

from flask import current_app, request
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response

from vaxel.base import utcnow
from vaxel.chat.models import ChatMessage
from vaxel.errors import VaxelError
from vaxel.infra.push import LIVE_CHANNEL
from vaxel.widget import visitor_chat
from vaxel.widget.chat_rules import Wake, worth_a_read
from vaxel.widget.models import ChatState, VisitorChat
from vaxel.widget.services import by_key

from ..confirm import asked_in_the_browser
from ..db import get_db, release_db
from ..push import hub
from .public import _answer, _door, _let_in, _limits, _refused, bp

TOKEN_HEADER = "X-Visitor-Token"
WAIT_SECONDS = 20.0


def _message(m: ChatMessage, agent: str) -> dict[str, Any]:
    origin = m.origin.value
    return {"id": m.id, "from": "agent" if origin == "person" else origin,
            "name": agent if origin == "person" else "", "body": m.body,
            "at": m.created_at.isoformat()}


def _view(session: Session, chat: VisitorChat, after: int) -> dict[str, Any]:
    agent = visitor_chat.agent_name(session, chat)
    return {"id": chat.conversation_id, "state": chat.state.value,
            "position": visitor_chat.position(session, chat), "agent": agent,
            "messages": [_message(m, agent)
                         for m in visitor_chat.messages_after(session, chat, after)]}


def _whole(name: str, default: int = 0) -> int:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else default


@bp.route("/<key>/chat", methods=["OPTIONS"])
@bp.route("/<key>/chat/<int:conversation_id>", methods=["OPTIONS"])
@bp.route("/<key>/chat/<int:conversation_id>/messages", methods=["OPTIONS"])
@bp.route("/<key>/chat/<int:conversation_id>/end", methods=["OPTIONS"])
def chat_preflight(key: str, conversation_id: int = 0) -> Response:
    origin, refused = _let_in(_door(key), _limits().chat_reads)
    if refused is not None:
        return refused
    response = _answer({}, 204, origin)
    response.headers["Access-Control-Allow-Methods"] = "GET, POST"
    response.headers["Access-Control-Allow-Headers"] = f"Content-Type, {TOKEN_HEADER}"
    response.headers["Access-Control-Max-Age"] = "600"
    return response


@bp.post("/<key>/chat")
def start_chat(key: str) -> Response:
    settings = by_key(get_db(), key)
    origin, refused = _let_in(settings, _limits().chat_starts)
    if refused is not None:
        return refused
    sent = request.get_json(silent=True) or {}
    try:
        chat, token = visitor_chat.start(get_db(), settings, str(sent.get("name") or ""),
                                         utcnow())
    except VaxelError as exc:
        return _refused(exc, origin)
    return _answer({**_view(get_db(), chat, 0), "token": token}, 201, origin)


def _chat(company_id: int, conversation_id: int) -> VisitorChat:
    return visitor_chat.visitors_chat(get_db(), company_id, conversation_id,
                                      request.headers.get(TOKEN_HEADER, ""))


@bp.post("/<key>/chat/<int:conversation_id>/messages")
def send_message(key: str, conversation_id: int) -> Response:
    door = _door(key)
    origin, refused = _let_in(door, _limits().chat_messages)
    if refused is not None:
        return refused
    sent = request.get_json(silent=True) or {}
    try:
        chat = _chat(door.company_id, conversation_id)
        message_id, new = visitor_chat.send(get_db(), chat, str(sent.get("client_id") or ""),
                                            str(sent.get("body") or ""))
    except VaxelError as exc:
        return _refused(exc, origin)
    return _answer({"id": message_id}, 201 if new else 200, origin)


@bp.post("/<key>/chat/<int:conversation_id>/end")
@asked_in_the_browser
def end_chat(key: str, conversation_id: int) -> Response:
    door = _door(key)
    origin, refused = _let_in(door, _limits().chat_messages)
    if refused is not None:
        return refused
    try:
        visitor_chat.end(get_db(), _chat(door.company_id, conversation_id), utcnow())
    except VaxelError as exc:
        return _refused(exc, origin)
    return _answer({"state": "ended"}, 200, origin)


@bp.get("/<key>/chat/<int:conversation_id>")
def read_chat(key: str, conversation_id: int) -> Response:
    """The visitor's new messages, state and place in line; waits for news when `wait`."""
    door = _door(key)
    origin, refused = _let_in(door, _limits().chat_reads)
    if refused is not None:
        return refused
    after, known = _whole("after"), request.args.get("known", "")
    token = request.headers.get(TOKEN_HEADER, "")
    try:
        view = _look(get_db(), door.company_id, conversation_id, token, after)
    except VaxelError as exc:
        return _refused(exc, origin)
    release_db()  # committed: routing's lock is not held while waiting
    if request.args.get("wait") and not _news(view, known):
        view = _wait(door.company_id, conversation_id, lambda s, routing: _look(
            s, door.company_id, conversation_id, token, after, routing), known) or view
    return _answer(view, 200, origin)


def _look(session: Session, company_id: int, conversation_id: int, token: str,
          after: int, routing: bool = True) -> dict[str, Any]:
    chat = visitor_chat.visitors_chat(session, company_id, conversation_id, token)
    if routing and chat.state is ChatState.WAITING:
        now = utcnow()
        visitor_chat.seen(chat, now)
        visitor_chat.route(session, company_id, now)
    return _view(session, chat, after)


def _news(view: dict[str, Any], known: str) -> bool:
    return bool(view["messages"]) or f"{view['state']}:{view['position'] or ''}" != known


def _wait(company_id: int, conversation_id: int,
          look: Callable[[Session, bool], dict[str, Any]], known: str) -> dict[str, Any] | None:
    """Woken by the company's messages, a waiting visitor reads again only when the wake
    may concern them (chat_rules.worth_a_read), and routes again only when the chat
    agents logged in changed (a start, an end and the agent's app route by themselves):
    a busy company's messages do not cost every waiter a read, nor a routing pass."""
    factory = current_app.extensions["vaxel_session_factory"]
    seconds = current_app.config.get("VAXEL_WIDGET_CHAT_WAIT_SECONDS", WAIT_SECONDS)
    push = visitor_hub(factory)
    subscription, first = push.subscribe(company_id)  # before the read: later news wakes us
    deadline = time.monotonic() + seconds
    last, routing = _wake(first), True  # the read after subscribing: routes in case
    try:
        while True:
            with factory() as session:
                view = look(session, routing)
                session.commit()  # what routing did
            if _news(view, known):
                return view
            woken = _next_worth_a_read(subscription, last, conversation_id, deadline)
            if woken is None:
                return view
            last, routing = woken
    finally:
        push.unsubscribe(subscription)


def _next_worth_a_read(subscription, last: Wake, conversation_id: int,
                       deadline: float) -> tuple[Wake, bool] | None:
    """The next wake that may concern this visitor, and whether to route; None at the
    deadline."""
    while (remaining := deadline - time.monotonic()) > 0:
        text = subscription.take(remaining)
        if text is None:
            return None
        woken = _wake(text)
        read, routing = worth_a_read(last, woken, conversation_id)
        if read:
            return woken, routing
        last = woken
    return None


def _wake(text: str) -> Wake:
    found = json.loads(text)
    return Wake(found["after"], found["newest"], found["agents"],
                tuple(found["conversations"]), found["system"])


def visitor_hub(factory: Callable[[], Session]):
    """One per process: each new message of the company, or a chat agent logging in or
    out (vaxel_live carries queue log-ins), wakes its waiting visitors with what happened
    since the previous wake (one read for all of them); each decides whether to read."""
    rendered: dict[int, int] = {}

    def render(company_id: int) -> str:
        with factory() as session:
            found = visitor_chat.wake(session, company_id, rendered.get(company_id))
        rendered[company_id] = found.newest
        return json.dumps(asdict(found))
    return hub("visitor-chat", render, ("vaxel_chat", LIVE_CHANNEL))
