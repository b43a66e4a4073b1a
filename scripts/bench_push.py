"""Benchmark: a colleague's status changes → every open app's board has the new state.

    DATABASE_URL=postgresql://postgres@127.0.0.1/postgres \\
        .venv/bin/python -m scripts.bench_push [--clients 500] [--rounds 20]

A throw-away database holds the demo company. The portal runs as in production
(`python -m webadmin`: gunicorn, gthread, one worker with a thread per open stream) and
`--clients` apps are connected to the app's one push stream (`/app/events`, server-sent
events: the colleagues board and chat on one stream per tab) on one log-in; the clock
reads its board events (`event: colleagues`). Each round writes what the
controller writes when a call is answered or ends (a `live_call` row of Daria's,
inserted or deleted, committed), and the clock runs from just before that commit until
each client has read the board's next event: NOTIFY → the hub's render → every stream.
The portal's memory per open stream is its resident size with the clients connected,
less before, divided by their number.
"""
from __future__ import annotations

import argparse
import http.client
import os
import re
import secrets
import selectors
import socket
import statistics
import subprocess
import time
from pathlib import Path

from sqlalchemy import text

from scripts.portal_process import start_portal, stop_portal
from tests import database
from vaxel.db import make_engine, make_session_factory

PASSWORD = "bench push password"


def load(url: str) -> int:
    """The demo company and a portal log-in for Alex; Daria's user id."""
    from sqlalchemy import select

    from vaxel.accounts.services import create_user_account
    from vaxel.demo import load_demo
    from vaxel.models import User

    engine = make_engine(url)
    with make_session_factory(engine).begin() as session:
        load_demo(session, "bench.example")
        alex = session.scalar(select(User).where(User.extension == "1000"))
        create_user_account(session, alex, "alex@bench.example", PASSWORD)
        daria = session.scalar(select(User.id).where(User.extension == "1001"))
    engine.dispose()
    return daria


def serve(url: str, port: int, threads: int) -> subprocess.Popen:
    return start_portal(url, port, ["--workers", "1", "--threads", str(threads)])


def log_in(port: int) -> str:
    """The session cookie of Alex's log-in (set by hand: the cookie is Secure)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", "/login")
    reply = conn.getresponse()
    page = reply.read().decode()
    cookie = reply.getheader("Set-Cookie").split(";")[0]
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    body = f"csrf_token={token}&email=alex%40bench.example&password={PASSWORD.replace(' ', '+')}"
    conn.request("POST", "/login", body, {"Cookie": cookie,
                                          "Content-Type": "application/x-www-form-urlencoded"})
    reply = conn.getresponse()
    reply.read()
    assert reply.status == 303, reply.status
    return reply.getheader("Set-Cookie").split(";")[0]


def rss_kib(pid: int) -> int:
    """Resident memory of the portal: its worker and the gunicorn arbiter."""
    total = 0
    for proc in [pid, *_children(pid)]:
        status = Path(f"/proc/{proc}/status").read_text()
        total += int(re.search(r"VmRSS:\s+(\d+)", status).group(1))
    return total


def _children(pid: int) -> list[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in path.read_text().split()] if path.exists() else []


class Client:
    """One app's push stream, read by hand: events end with a blank line."""

    def __init__(self, port: int, cookie: str, path: str = "/app/events",
                 kind: str = "colleagues"):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=10)
        self.sock.sendall((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                           f"Cookie: {cookie}\r\nAccept: text/event-stream\r\n\r\n").encode())
        self.buffer = b""
        self.kind = f"event: {kind}\n".encode()  # the stream's events of one kind

    def events(self, chunk: bytes) -> int:
        """How many events of its kind (not the other kind's, nor keep-alive comments)
        `chunk` completes."""
        self.buffer += chunk
        *done, self.buffer = self.buffer.split(b"\n\n")
        return sum(1 for event in done if self.kind in event and b"data: " in event)


def read_one_event_each(clients: list[Client], timeout: float) -> list[float]:
    """When each client has read its next board event (monotonic times)."""
    return list(next_event_times(clients, timeout).values())


def next_event_times(clients: list[Client], timeout: float) -> dict[Client, float]:
    """Each client's moment of reading its next event (monotonic), by client."""
    selector = selectors.DefaultSelector()
    for client in clients:
        client.sock.setblocking(False)
        selector.register(client.sock, selectors.EVENT_READ, client)
    got: dict[Client, float] = {}
    deadline = time.monotonic() + timeout
    while len(got) < len(clients) and time.monotonic() < deadline:
        for key, _ in selector.select(0.5):
            client = key.data
            if client.events(client.sock.recv(65536)) and client not in got:
                got[client] = time.monotonic()
                selector.unregister(client.sock)
    selector.close()
    if len(got) < len(clients):
        raise RuntimeError(f"only {len(got)} of {len(clients)} clients got the event")
    return got


def change(engine, daria: int, call: str, answered: bool) -> float:
    """Daria's call answered (a live_call row) or ended (deleted), as the controller
    writes it; returns the moment just before the commit."""
    with engine.connect() as conn:
        if answered:
            conn.execute(text("INSERT INTO live_call (call_uuid, company_id, caller_number, "
                              "destination, state, user_id, started_at) SELECT :c, company_id, "
                              "'+46701234567', '1001', 'ACTIVE', id, now() FROM users "
                              "WHERE id = :u"), {"c": call, "u": daria})
        else:
            conn.execute(text("DELETE FROM live_call WHERE call_uuid = :c"), {"c": call})
        started = time.monotonic()
        conn.commit()
    return started


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100 * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=20)
    args = parser.parse_args()
    base = os.environ["DATABASE_URL"]
    url = database.create_test_database(base)
    port = 18000 + secrets.randbelow(1000)
    process = None
    clients: list[Client] = []
    try:
        daria = load(url)
        process = serve(url, port, args.clients + 16)
        cookie = log_in(port)
        warm = Client(port, cookie)
        read_one_event_each([warm], 30)
        before = rss_kib(process.pid)
        clients += [Client(port, cookie) for _ in range(args.clients)]
        read_one_event_each(clients, 60)  # each stream's first event: the board as it is
        per_client = (rss_kib(process.pid) - before) / args.clients
        engine = make_engine(url)
        latencies: list[float] = []
        for n in range(args.rounds):
            started = change(engine, daria, "bench-call", answered=n % 2 == 0)
            latencies += [(t - started) * 1000 for t in read_one_event_each(clients, 30)]
            time.sleep(0.2)
        engine.dispose()
        print(f"{args.clients} clients, {args.rounds} changes: status change → every board, "
              f"ms p50 {statistics.median(latencies):.0f}, p95 {percentile(latencies, 95):.0f}, "
              f"p99 {percentile(latencies, 99):.0f}, max {max(latencies):.0f}; "
              f"portal memory {per_client:.0f} KiB per open stream")
    finally:
        shut_down(process, clients)
        database.drop_test_database(base, url)


def shut_down(process: subprocess.Popen | None, clients: list) -> None:
    """Close the streams, then stop the portal."""
    for client in clients:
        client.sock.close()
    if process is not None:
        # gunicorn waits for open streams to end (a keep-alive finds them closed).
        stop_portal(process, timeout=40)


if __name__ == "__main__":
    main()
