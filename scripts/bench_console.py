"""Benchmark: the operator console and wallboards with a busy switchboard — 200 live
calls and 50 waiting callers — p99 from a call event to every open screen's receipt,
beside the floor: the bare NOTIFY → LISTEN latency of the same commits.

    DATABASE_URL=postgresql://postgres@127.0.0.1/postgres \\
        .venv/bin/python -m scripts.bench_console [--consoles 20] [--wallboards 20] [--rounds 40]

A throw-away database holds the demo company (Alex is its admin), 200 `live_call` rows and
50 callers waiting in its queue. The portal runs as in production (gunicorn gthread, one
worker, a thread per open stream; scripts/bench_push.py's helpers). `--consoles` operator
consoles (`/companies/<id>/live/events`) and `--wallboards` wallboard screens
(`/wallboard/<token>/events`) are connected, and one plain psycopg2 connection LISTENs
on `vaxel_live` (the floor). Each round writes what the controller writes for a call
event — alternately a call starting or ending (`live_call`) and a caller joining or
leaving the queue (`queue_entry`) — and the clock runs from just before the commit until
each screen has read its next event (NOTIFY → the hub renders the company's console panel
once per language, its wallboard snapshot once → every stream), and until the LISTEN
connection has the notification. The console's render alone is timed too.
"""
from __future__ import annotations

import argparse
import datetime as dt
import os
import secrets
import select as io_select
import socket
import statistics
import time

import psycopg2
from sqlalchemy import select, text

from scripts.bench_push import (Client, log_in, next_event_times, percentile,
                                read_one_event_each, serve)
from tests import database
from vaxel.db import libpq_dsn, make_engine, make_session_factory

PASSWORD = "bench push password"  # the account bench_push's log_in uses
CALLS, CALLERS = 200, 50


class Stream(Client):
    """A push stream at any path (bench_push's Client reads the app's board)."""

    def __init__(self, port: int, path: str, cookie: str = ""):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           f"Cookie: {cookie}\r\nAccept: text/event-stream\r\n\r\n").encode())
        self.buffer = b""


def load(url: str) -> tuple[int, int, str]:
    """The demo company with a busy switchboard; (company id, queue id, wallboard token)."""
    from vaxel.accounts.services import create_user_account
    from vaxel.actor import Actor
    from vaxel.callcontrol.services import upsert_live_call
    from vaxel.demo import load_demo
    from vaxel.live.wallboard import create_link
    from vaxel.models import ServiceKind, SwitchboardService, User
    from vaxel.queues.entries import join

    engine = make_engine(url)
    with make_session_factory(engine).begin() as session:
        load_demo(session, "bench.example")
        alex = session.scalar(select(User).where(User.extension == "1000"))
        create_user_account(session, alex, "alex@bench.example", PASSWORD)
        queue = session.scalar(select(SwitchboardService).where(
            SwitchboardService.kind == ServiceKind.QUEUE, SwitchboardService.name == "Sales"))
        session.execute(text("UPDATE queue_settings SET max_length = 0, no_agents_destination = '' "
                             "WHERE service_id = :q"), {"q": queue.id})
        now = dt.datetime.now(dt.timezone.utc)
        for n in range(CALLS):
            upsert_live_call(session, f"bench-live-{n}", alex.company_id,
                             caller_number=f"+4670{n:07d}", destination="4601", state="ACTIVE")
        for n in range(CALLERS):
            joined = join(session, queue.id, f"bench-wait-{n}", f"+4673{n:07d}", f"Kund {n}",
                          now - dt.timedelta(seconds=n))
            assert joined.entry_id is not None, "the queue refused a caller"
        token = create_link(session, Actor.system("bench"), alex.company_id, "Bench",
                            [queue.id]).token
        ids = alex.company_id, queue.id
    engine.dispose()
    return ids[0], ids[1], token


def change(engine, company_id: int, queue_id: int, n: int) -> float:
    """Round n's call event, as the controller writes it; the moment before the commit."""
    with engine.connect() as conn:
        kind = n % 4
        if kind in (0, 1):
            if kind == 0:
                conn.execute(text("INSERT INTO live_call (call_uuid, company_id, caller_number, "
                                  "destination, state, node, started_at) VALUES (:c, :co, "
                                  "'+46701234567', '4601', 'RINGING', '', now())"),
                             {"c": f"bench-new-{n}", "co": company_id})
            else:
                conn.execute(text("DELETE FROM live_call WHERE call_uuid = :c"),
                             {"c": f"bench-new-{n - 1}"})
        elif kind == 2:
            conn.execute(text(
                "INSERT INTO queue_entry (company_id, queue_id, call_uuid, caller_number, "
                "caller_name, priority, state, callback, joined_at, eligible_at, talk_seconds) "
                "VALUES (:co, :q, :c, '+46709999999', 'Ny kund', 0, 'waiting', false, now(), "
                "now(), 0)"), {"co": company_id, "q": queue_id, "c": f"bench-join-{n}"})
        else:
            conn.execute(text("UPDATE queue_entry SET state = 'done', outcome = 'abandoned', "
                              "ended_at = now() WHERE call_uuid = :c"), {"c": f"bench-join-{n - 1}"})
        started = time.monotonic()
        conn.commit()
    return started


def drain(streams: list[Stream]) -> None:
    """Throw away whatever a stream has already sent (nothing should be): each round
    then times only its own event."""
    for stream in streams:
        stream.sock.setblocking(False)
        try:
            while stream.sock.recv(65536):
                pass
        except BlockingIOError:
            pass
        stream.buffer = b""


def listener(url: str):
    conn = psycopg2.connect(libpq_dsn(url))
    conn.autocommit = True
    conn.cursor().execute("LISTEN vaxel_live")
    return conn


def heard(conn, timeout: float = 10.0) -> float:
    """When the LISTEN connection has the next notification."""
    deadline = time.monotonic() + timeout
    while not conn.notifies:
        if not io_select.select([conn], [], [], max(0.0, deadline - time.monotonic()))[0]:
            raise RuntimeError("no notification")
        conn.poll()
    at = time.monotonic()
    conn.notifies.clear()
    return at


def render_ms(url: str, company_id: int, times: int = 20) -> float:
    """The console panel's render alone (200 calls, 50 callers), median of `times`."""
    from flask import g

    from vaxel.config import Settings
    from vaxel.models import Company
    from webadmin import create_app
    from webadmin.live.views import _panel

    factory = make_session_factory(make_engine(url))
    app = create_app(Settings.from_env({"VAXEL_SECRET_KEY": "bench", "DATABASE_URL": url}),
                     factory, {"TESTING": True})
    spent = []
    with app.test_request_context("/"), factory() as session:
        g.lang, g.company = "en", session.get(Company, company_id)
        for _ in range(times):
            started = time.perf_counter()
            _panel(session, g.company)
            spent.append((time.perf_counter() - started) * 1000)
    return statistics.median(spent)


def summary(values: list[float]) -> str:
    return (f"p50 {statistics.median(values):.1f}, p95 {percentile(values, 95):.1f}, "
            f"p99 {percentile(values, 99):.1f}, max {max(values):.1f}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--consoles", type=int, default=20)
    parser.add_argument("--wallboards", type=int, default=20)
    parser.add_argument("--rounds", type=int, default=40)
    args = parser.parse_args()
    base = os.environ["DATABASE_URL"]
    url = database.create_test_database(base)
    port = 19000 + secrets.randbelow(1000)
    process, streams, floor_conn = None, [], None
    try:
        company_id, queue_id, token = load(url)
        process = serve(url, port, args.consoles + args.wallboards + 16)
        cookie = log_in(port)
        consoles = [Stream(port, f"/companies/{company_id}/live/events", cookie)
                    for _ in range(args.consoles)]
        boards = [Stream(port, f"/wallboard/{token}/events") for _ in range(args.wallboards)]
        streams = consoles + boards
        read_one_event_each(streams, 60)  # each stream's first event: the view as it is
        floor_conn = listener(url)
        engine = make_engine(url)
        to_console: list[float] = []
        to_board: list[float] = []
        floor: list[float] = []
        for n in range(args.rounds):
            drain(streams)
            floor_conn.poll()
            floor_conn.notifies.clear()
            started = change(engine, company_id, queue_id, n)
            floor.append((heard(floor_conn) - started) * 1000)
            # A call's change shows on the consoles only (a wallboard's figures are the
            # same, so it is sent nothing); a queue's change on every screen.
            queue_round = n % 4 in (2, 3)
            got = next_event_times(streams if queue_round else consoles, 30)
            to_console += [(got[c] - started) * 1000 for c in consoles]
            to_board += [(got[b] - started) * 1000 for b in boards] if queue_round else []
            time.sleep(0.2)
        engine.dispose()
        print(f"{CALLS} live calls, {CALLERS} waiting; {args.consoles} consoles, "
              f"{args.wallboards} wallboards, {args.rounds} call events (ms):")
        print(f"  floor NOTIFY → LISTEN         {summary(floor)}")
        print(f"  event → every console         {summary(to_console)}")
        print(f"  queue event → every wallboard {summary(to_board)}")
        print(f"  console panel render alone    median {render_ms(url, company_id):.1f}")
    finally:
        for stream in streams:
            stream.sock.close()
        if floor_conn is not None:
            floor_conn.close()
        if process is not None:
            process.terminate()
            try:
                process.wait(40)
            except Exception:
                process.kill()
                process.wait(5)
        database.drop_test_database(base, url)


if __name__ == "__main__":
    main()
