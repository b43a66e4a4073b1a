"""Benchmark: a chat message sent → received by every connected app, against the floor
of a bare NOTIFY → LISTEN in the same run.

    DATABASE_URL=postgresql://postgres@127.0.0.1/postgres \\
        .venv/bin/python -m scripts.bench_chat [--clients 200] [--rounds 20]

A throw-away database holds the demo company; the portal runs as in production (gunicorn
gthread, one worker, a thread per open stream; bench_push's set-up). `--clients` apps of
Alex's (one log-in) hold the app's one stream `/app/events` open (its `message`
events). Each round Alex's colleague sends one message into their direct chat
(vaxel.chat.messages.send, as the app's POST does) and the clock runs from just before
its commit until each stream has delivered it: NOTIFY vaxel_chat → the chat hub reads
the new message once for the company (a window with its conversation's members) → every
stream sends what its user may see. The floor: a commit
with one NOTIFY timed to its arrival on one bare LISTEN connection, what the hub itself
waits on, measured in the same run between the chat rounds.
"""
from __future__ import annotations

import argparse
import os
import secrets
import select
import statistics
import tempfile
import time
import uuid
from pathlib import Path

import psycopg2
from sqlalchemy import select as sql_select

from scripts.bench_push import (Client, load, log_in, percentile, read_one_event_each, serve,
                                shut_down)
from tests import database
from vaxel.actor import Actor
from vaxel.db import libpq_dsn, make_engine, make_session_factory
from vaxel.storage import Store


def chat_between(session_factory, daria: int):
    """Alex and Daria's direct chat, and the actor Daria sends as."""
    from vaxel.chat.services import start_direct
    from vaxel.models import User

    with session_factory.begin() as session:
        daria_user = session.get(User, daria)
        alex = session.scalar(sql_select(User.id).where(
            User.company_id == daria_user.company_id, User.extension == "1000"))
        sender = Actor.of_user(daria_user)
        return start_direct(session, sender, alex).id, sender


def send(session_factory, store: Store, sender: Actor, conversation: int, n: int) -> float:
    """One message; the moment just before its commit."""
    from vaxel.chat.messages import send as send_message

    session = session_factory()
    try:
        send_message(session, sender, store, conversation, str(uuid.uuid4()), f"round {n}")
        started = time.monotonic()
        session.commit()
    finally:
        session.close()
    return started


def floor_round(url: str, listener) -> float:
    """A bare NOTIFY committed → read on a LISTEN connection, in ms."""
    with psycopg2.connect(libpq_dsn(url)) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT pg_notify('bench_chat_floor', 'x')")
        started = time.monotonic()
        conn.commit()
    conn.close()
    deadline = started + 10
    while time.monotonic() < deadline:
        if select.select([listener], [], [], 1.0)[0]:
            listener.poll()
            if listener.notifies:
                listener.notifies.clear()
                return (time.monotonic() - started) * 1000
    raise RuntimeError("the floor's notification never came")


def summary(values: list[float]) -> str:
    return (f"p50 {statistics.median(values):.1f}, p95 {percentile(values, 95):.1f}, "
            f"p99 {percentile(values, 99):.1f}, max {max(values):.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    base = os.environ["DATABASE_URL"]
    url = database.create_test_database(base)
    port = 19000 + secrets.randbelow(1000)
    process = None
    clients: list[Client] = []
    store = Store(Path(tempfile.mkdtemp(prefix="bench-chat-")))  # no files sent: unused
    try:
        daria = load(url)
        engine = make_engine(url)
        factory = make_session_factory(engine)
        conversation, sender = chat_between(factory, daria)
        process = serve(url, port, args.clients + 16)
        cookie = log_in(port)
        clients += [Client(port, cookie, "/app/events?after=0", "message")
                    for _ in range(args.clients)]
        time.sleep(2)  # every stream subscribed before the first message
        listener = psycopg2.connect(libpq_dsn(url))
        listener.set_isolation_level(psycopg2.extensions.ISOLATION_LEVEL_AUTOCOMMIT)
        listener.cursor().execute("LISTEN bench_chat_floor")
        chat: list[float] = []
        floor: list[float] = []
        for n in range(args.rounds):
            started = send(factory, store, sender, conversation, n)
            chat += [(t - started) * 1000 for t in read_one_event_each(clients, 30)]
            floor.append(floor_round(url, listener))
            time.sleep(0.2)
        listener.close()
        engine.dispose()
        print(f"{args.clients} clients, {args.rounds} messages: send → every app, ms "
              f"{summary(chat)}\nfloor, bare NOTIFY → LISTEN (one connection), ms "
              f"{summary(floor)}")
    finally:
        shut_down(process, clients)
        database.drop_test_database(base, url)


if __name__ == "__main__":
    main()
