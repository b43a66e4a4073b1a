"""The chat half of the app's one stream (/app/events) over HTTP with real commits and a
listening hub: messages arrive live; those sent while a client is away arrive when it
comes back (Last-Event-ID, or `after` from a fresh page on a restarted server), once each
and in order — with the colleagues board's events (no id) on the same stream."""
from __future__ import annotations

import json
import queue
import threading
import time
import uuid

import pytest

from tests.actors import SYSTEM, person
from vaxel.accounts.services import create_user_account
from vaxel.chat import services
from vaxel.config import Settings
from vaxel.models import Plan, Role, User
from vaxel.people.services import create_user
from vaxel.tenancy.services import create_company
from webadmin import create_app

from .conftest import PASSWORD, TEST_CONFIG, Portal

TIMEOUT = 30.0


class Reader(threading.Thread):
    """Reads a stream on its own thread until `count` messages came, then hangs up."""

    def __init__(self, response, count: int):
        super().__init__(daemon=True)
        self.response, self.count = response, count
        self.events: queue.Queue = queue.Queue()
        self.keepalives = 0  # a stream woken only by its keep-alive timer was not pushed
        self.boards: list[list[dict]] = []  # the colleagues board's events, in order
        self.rooms: list[str] = []  # the rooms' versions, in order

    def run(self) -> None:
        buffer = ""
        got = 0
        for chunk in self.response.response:
            buffer += chunk.decode() if isinstance(chunk, bytes) else chunk
            while "\n\n" in buffer and got < self.count:
                event, buffer = buffer.split("\n\n", 1)
                self.keepalives += event.startswith(": keep-alive")
                fields = dict(line.split(": ", 1) for line in event.splitlines()
                              if ": " in line and not line.startswith(":"))
                if fields.get("event") in ("colleagues", "room"):
                    assert "id" not in fields  # it must not move the browser's Last-Event-ID
                    data = json.loads(fields["data"])
                    if fields["event"] == "room":
                        self.rooms.append(data["version"])
                    else:
                        self.boards.append(data)
                elif "data" in fields:
                    assert fields["event"] == "message"
                    self.events.put((int(fields["id"]), json.loads(fields["data"])))
                    got += 1
            if got >= self.count:
                break
        self.response.close()

    def take(self, n: int) -> list[tuple[int, dict]]:
        return [self.events.get(timeout=TIMEOUT) for _ in range(n)]


def _wait_for(condition) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        time.sleep(0.02)


@pytest.fixture
def people(committed_db):
    with committed_db.begin() as session:
        company = create_company(session, SYSTEM, "Stream AB", "stream.example",
                                 plan=Plan.BUSINESS)
        anna = create_user(session, SYSTEM, company, "Anna Stream", "1000", role=Role.ADMIN)
        bo = create_user(session, SYSTEM, company, "Bo Stream", "1001")
        create_user_account(session, anna, "anna@stream.example", PASSWORD)
        create_user_account(session, bo, "bo@stream.example", PASSWORD)
    return anna.id, bo.id


def _app(committed_db, engine):
    url = engine.url.render_as_string(hide_password=False)
    settings = Settings.from_env({"VAXEL_SECRET_KEY": "stream-secret", "DATABASE_URL": url})
    return create_app(settings, committed_db, TEST_CONFIG)


def _logged_in(app, email: str) -> Portal:
    portal = Portal(app.test_client())
    portal.login(email)
    return portal


def _hub(app):
    return app.extensions["vaxel_push_hubs"]["chat"]


def _send(portal: Portal, conversation: int, body: str) -> int:
    reply = portal.post(f"/app/chat/{conversation}/messages",
                        {"client_id": str(uuid.uuid4()), "body": body})
    assert reply.status_code == 201, reply.text
    return reply.json["id"]


def _listen(app, portal: Portal, count: int, **kw) -> Reader:
    response = portal.get("/app/events", buffered=False, **kw)
    assert response.mimetype == "text/event-stream"
    watching = _hub(app).watched()
    reader = Reader(response, count)
    reader.start()
    _wait_for(lambda: _hub(app).watched() >= watching)
    return reader


@pytest.fixture
def apps(committed_db, engine):
    made = []
    yield lambda: made.append(_app(committed_db, engine)) or made[-1]
    for app in made:
        for hub in app.extensions.get("vaxel_push_hubs", {}).values():
            hub.stop()


def test_messages_sent_while_away_arrive_on_reconnect_once_and_in_order(apps, people):
    app = apps()
    anna, bo = _logged_in(app, "anna@stream.example"), _logged_in(app, "bo@stream.example")
    direct = anna.post("/app/chat/direct", {"user_id": people[1]}).json["id"]
    room = anna.post("/app/chat/groups", {"title": "Alla", "kind": "room"}).json["id"]
    bo.post(f"/app/chat/{room}/join")
    start = bo.get("/app/chat/conversations.json").json["cursor"]

    live = _listen(app, bo, 1, query_string={"after": start})
    first = _send(anna, direct, "live one")
    [(seen, message)] = live.take(1)  # pushed: the hub woke the stream
    assert (seen, message["body"]) == (first, "live one") and live.keepalives == 0
    live.join(TIMEOUT)
    _wait_for(lambda: _hub(app).watched() == 0)  # Bo is away now

    away = [_send(anna, room, "away two"), _send(anna, direct, "away three"),
            _send(anna, room, "away four")]
    back = _listen(app, bo, 4, headers={"Last-Event-ID": str(seen)})
    assert [i for i, _ in back.take(3)] == away
    after = _send(anna, direct, "after five")
    assert back.take(1)[0][0] == after  # nothing repeated before it

    # The server restarts (a new app, a new hub); the page comes back with its cursor.
    restarted = apps()
    missed = _send(_logged_in(restarted, "anna@stream.example"), room, "while restarting")
    again = _listen(restarted, _logged_in(restarted, "bo@stream.example"), 1,
                    query_string={"after": after})
    assert again.take(1)[0][1]["body"] == "while restarting" and missed > after


def test_a_stream_carries_only_my_conversations(apps, people, committed_db):
    app = apps()
    anna = _logged_in(app, "anna@stream.example")
    with committed_db.begin() as session:
        company = session.get(User, people[0]).company_id
        private = services.create_group(session, person(company, people[0], is_admin=True),
                                        "Private", open_to_join=False).id
    shared = anna.post("/app/chat/direct", {"user_id": people[1]}).json["id"]
    bo = _logged_in(app, "bo@stream.example")
    reader = _listen(app, bo, 1, query_string={"after": 0})
    _send(anna, private, "not for Bo")
    mine = _send(anna, shared, "for Bo")
    assert reader.take(1)[0][0] == mine


def test_a_removed_member_stops_receiving_at_once(apps, people):
    app = apps()
    anna, bo = _logged_in(app, "anna@stream.example"), _logged_in(app, "bo@stream.example")
    group = anna.post("/app/chat/groups", {"title": "Team", "kind": "closed"}).json["id"]
    anna.post(f"/app/chat/{group}/members", {"user_id": people[1]})
    direct = anna.post("/app/chat/direct", {"user_id": people[1]}).json["id"]
    reader = _listen(app, bo, 2, query_string={"after": 0})
    still_in = _send(anna, group, "still in")
    assert reader.take(1)[0][0] == still_in
    removed = anna.post(f"/app/chat/{group}/members/remove", {"user_id": people[1],
                                                              "confirmed": "yes"})
    assert removed.status_code == 200, removed.text
    _send(anna, group, "after Bo left")
    marker = _send(anna, direct, "only this")
    [(got, message)] = reader.take(1)
    assert (got, message["body"]) == (marker, "only this")


def test_the_board_and_chat_share_one_stream_and_the_board_leaves_the_resume_exact(
        apps, people, committed_db):
    from sqlalchemy import delete, text

    from vaxel.callcontrol.models import LiveCallRow

    app = apps()
    anna, bo = _logged_in(app, "anna@stream.example"), _logged_in(app, "bo@stream.example")
    direct = anna.post("/app/chat/direct", {"user_id": people[1]}).json["id"]
    start = bo.get("/app/chat/conversations.json").json["cursor"]
    stream = _listen(app, bo, 2, query_string={"after": start})
    hubs = app.extensions["vaxel_push_hubs"]
    assert [hubs[name].watched() for name in ("colleagues", "chat", "rooms")] == [1, 1, 1]
    first = _send(anna, direct, "before the call")
    assert stream.take(1)[0][0] == first
    _wait_for(lambda: stream.boards)  # the board as it was, first thing on the stream
    call_id = f"stream-{uuid.uuid4()}"
    with committed_db.begin() as session:  # Anna picks up the phone: the board changes
        company = session.get(User, people[0]).company_id
        session.add(LiveCallRow(call_uuid=call_id, company_id=company, caller_number="1000",
                                destination="1999", state="ACTIVE"))
        session.execute(text("SELECT pg_notify('vaxel_live', :c)"), {"c": str(company)})
    try:
        _wait_for(lambda: any(c["extension"] == "1000" and c["status"] == "on_call"
                              for board in stream.boards for c in board))
        second = _send(anna, direct, "during the call")
        assert stream.take(1)[0][0] == second  # board events in between skipped nothing
        stream.join(TIMEOUT)
        _wait_for(lambda: [hubs[n].watched() for n in ("colleagues", "chat", "rooms")] == [0] * 3)
        third = _send(anna, direct, "while away")
        back = _listen(app, bo, 1, headers={"Last-Event-ID": str(second)})
        assert back.take(1)[0][0] == third  # resumed right after the last message seen
    finally:
        with committed_db.begin() as session:
            session.execute(delete(LiveCallRow).where(LiveCallRow.call_uuid == call_id))
