"""The chat half of the app's one stream (stream.py): each of my new messages as a
server-sent event with its id.

The stream reads "my messages after id N" from PostgreSQL (vaxel.chat.messages.since) and
sends them in order, each as `id: <message id>`; then it waits for the chat hub (LISTEN
vaxel_chat, one per process), which reads each new message once for all the company's
streams (a window: the messages since its last read and their conversations' members);
a stream takes what its user may see, or reads for itself if it is behind the window.
The browser's EventSource sends the last id back as Last-Event-ID when it reconnects, and
a new page passes the id it loaded with (`after`): whatever arrived while it was away
comes then, once, in order. A notification only wakes the reader; what is sent always
comes from the table, so a lost notification costs at most KEEPALIVE_SECONDS.
"""
from __future__ import annotations

import json
from typing import Callable

from sqlalchemy.orm import Session

from vaxel.actor import Actor
from vaxel.chat.messages import company_window, newest_id, since, visible
from vaxel.infra.push import PushHub

from ..push import hub

CHAT_CHANNEL = "vaxel_chat"
BATCH = 200


def chat_hub(session_factory: Callable[[], Session],
             as_json: Callable[[list], list[dict]]) -> PushHub:
    """One hub per process. Its "view" of a company is the window of messages since its
    previous render, with their conversations' members: one read per message for all the
    company's streams, each taking what its user may see."""
    rendered: dict[int, int] = {}

    def render(company_id: int) -> str:
        with session_factory() as session:
            newest = newest_id(session, company_id)
            after = rendered.get(company_id)
            if after is None or after < newest - BATCH:
                after = newest  # long unwatched: streams behind read for themselves
            window = company_window(session, company_id, after, newest)
            text = json.dumps({"after": window.after, "newest": window.newest,
                               "messages": as_json(window.messages),
                               "members": {c: sorted(u) for c, u in window.members.items()}})
        rendered[company_id] = window.newest
        return text
    return hub("chat", render, (CHAT_CHANNEL,))


class Reader:
    """One stream's cursor, moved by the shared windows or, when it has fallen behind one
    (a window skipped while it was busy, a reconnect), by its own read."""

    def __init__(self, session_factory, actor: Actor, cursor: int, as_json) -> None:
        self.session_factory, self.actor, self.cursor = session_factory, actor, cursor
        self.as_json = as_json

    def own_read(self) -> tuple[list[dict], bool]:
        """(messages, more waiting)."""
        with self.session_factory() as session:
            newest = newest_id(session, self.actor.company_id)  # first: see since()
            found = since(session, self.actor, self.cursor, BATCH, upto=newest)
            payload = self.as_json(found)
        more = len(found) == BATCH
        self.cursor = payload[-1]["id"] if more else max(self.cursor, newest)
        return payload, more

    def from_window(self, text: str) -> list[dict] | None:
        """What the window brings this user; None if the stream is behind it."""
        window = json.loads(text)
        if self.cursor < window["after"]:
            return None
        members = {int(c): frozenset(u) for c, u in window["members"].items()}
        found = visible(window["messages"], members, self.actor.user_id, self.cursor)
        self.cursor = max(self.cursor, window["newest"])
        return found


def resume_point(last_event_id: str | None, after: str | None) -> int:
    """Where a stream starts: the browser's Last-Event-ID (a reconnect) wins over the
    page's `after` (a new page); anything else starts from now (-1, see views)."""
    for value in (last_event_id, after):
        if value and value.isdigit():
            return int(value)
    return -1
