"""Benchmark: from a queue member becoming free to that member being offered the next caller.

    DATABASE_URL=postgresql://postgres@127.0.0.1/postgres \\
        .venv/bin/python -m scripts.bench_queues [--frees 2000] [--concurrency 1]

A throw-away database holds one company with 20 queues and 200 members (each a member of
two queues, so queues overlap as in real companies) and 1,000 callers waiting (50 a queue,
topped up as callers are served). Every member starts busy. Each round frees one member the
way the controller does when a call ends (`entries.call_finished` in its transaction, then
`fs_control.features.queues.matcher.Matcher.agents`, i.e. `match_queue` under row locks), and the
clock stops when the offer's NOTIFY reaches a LISTEN connection: the moment the caller's
controller would start ringing the member. `--concurrency N` frees N members at once from
N greenlets (as N controllers would). Database cost is counted per freed member:
statements and transactions sent, and rows PostgreSQL read (pg_stat_database).
"""
from __future__ import annotations

import argparse
import random
import statistics
import time
from pathlib import Path

from gevent import monkey

monkey.patch_all()

import gevent  # noqa: E402
from gevent.event import Event as _Event  # noqa: E402
from sqlalchemy import event, text  # noqa: E402

from fs_control.features.queues.matcher import Matcher  # noqa: E402
from fs_control.features.queues.notifier import QueueNotifier, dsn_of  # noqa: E402
from tests import database  # noqa: E402
from vaxel.base import utcnow  # noqa: E402
from vaxel.db import make_engine, make_session_factory  # noqa: E402
from vaxel.infra.green import make_psycopg2_green  # noqa: E402
from vaxel.queues import entries  # noqa: E402
from vaxel.queues.models import QueueAgent, QueueEntry  # noqa: E402

REPO = Path(__file__).resolve().parent.parent


class Event(_Event):
    """An event that remembers when it was set (gevent's C Event takes no attributes)."""

    at = 0.0
QUEUES, MEMBERS, WAITING = 20, 200, 1000
TALKING: dict[int, int] = {}  # member → the caller they are talking to


def load(factory) -> tuple[list[int], list[int]]:
    """The company, its queues and members (all busy), and the waiting callers."""
    from tests.queues.fixtures import make_agents, make_company, make_queue
    from tests.actors import SYSTEM
    from vaxel.queues.services import add_member
    with factory.begin() as s:
        company = make_company(s, "Bench AB", "bench.example")
        users = make_agents(s, company, [str(3000 + n) for n in range(MEMBERS)])
        queues = [make_queue(s, company, f"Queue {n}", wrapup_seconds=0, strategy=strategy)
                  for n, strategy in zip(range(QUEUES), _strategies(), strict=True)]
        for n, user in enumerate(users):
            for queue in (queues[n % QUEUES], queues[(n + 7) % QUEUES]):
                add_member(s, SYSTEM, queue, user)
        s.flush()
        s.execute(text("UPDATE queue_member SET logged_in = true"))
        s.execute(text("UPDATE queue_agent SET state = 'on_call'"))
        queue_ids = [q.service_id for q in queues]
        for n in range(WAITING):
            entries.join(s, queue_ids[n % QUEUES], f"wait-{n}", "+4670", "", utcnow())
        return [u.id for u in users], queue_ids


def _strategies():
    names = ("longest_idle", "round_robin", "fewest_calls", "ordered")
    return [names[n % len(names)] for n in range(QUEUES)]


def free_and_wait(factory, matcher, offered: dict, user_id: int) -> float | None:
    """Free `user_id` (a call ended, no wrap-up); seconds until their offer is notified."""
    started = time.perf_counter()
    with factory.begin() as s:
        talking = TALKING.pop(user_id, None)
        if talking is not None:
            entries.call_finished(s, talking, utcnow())  # what the controller does
        else:  # busy since the start (no call of ours to finish)
            s.get(QueueAgent, user_id, with_for_update=True).state = "available"
    matcher.agents([user_id])
    with factory() as s:
        entry_id = s.scalar(text("SELECT entry_id FROM queue_offer WHERE user_id = :u "
                                 "AND result = 'ringing'"), {"u": user_id})
    if entry_id is None:
        return None
    arrived = offered.setdefault(entry_id, Event())
    if not arrived.wait(5):
        raise RuntimeError("the NOTIFY for entry %s never arrived" % entry_id)
    return offered.pop(entry_id).at - started


def serve(factory, user_id: int) -> None:
    """Outside the clock: the member answers and talks; a new caller takes the seat."""
    now = utcnow()
    with factory.begin() as s:
        entry_id = s.scalar(text("SELECT entry_id FROM queue_offer WHERE user_id = :u "
                                 "AND result = 'ringing'"), {"u": user_id})
        if entry_id is None:
            return
        entries.offer_answered(s, entry_id, user_id, now)
        TALKING[user_id] = entry_id
        queue_id = s.get(QueueEntry, entry_id).queue_id
        entries.join(s, queue_id, f"new-{entry_id}", "+4670", "", now)


class Counter:
    def __init__(self, engine):
        self.statements = self.transactions = 0
        event.listen(engine, "before_cursor_execute", self._statement)
        event.listen(engine, "commit", self._commit)
        event.listen(engine, "rollback", self._commit)

    def _statement(self, *args) -> None:
        self.statements += 1

    def _commit(self, *args) -> None:
        self.transactions += 1


def rows_read(factory) -> int:
    with factory() as s:
        return s.scalar(text("SELECT tup_returned + tup_fetched FROM pg_stat_database "
                             "WHERE datname = current_database()"))


def run(url: str, frees: int, concurrency: int) -> None:
    engine = make_engine(url, pool_size=concurrency + 4, pool_pre_ping=False)
    factory = make_session_factory(engine)
    users, _ = load(factory)
    offered: dict[int, Event] = {}

    def on_offer(payload_kind: str, ident: int) -> None:
        pass

    notifier = QueueNotifier(dsn_of(engine), on_offer, lambda: None, poll_seconds=1.0)
    notifier.dispatch = lambda payload: _arrived(offered, payload)
    listener = gevent.spawn(notifier.serve_window, 3600)
    notifier.listening.wait(5)
    matcher = Matcher(factory)
    counter = Counter(engine)
    busy = list(users)
    random.seed(7)
    latencies = []
    before_rows, started = rows_read(factory), time.perf_counter()
    statements0 = counter.statements
    for _ in range(frees // concurrency):
        picks = random.sample(busy, concurrency)
        jobs = [gevent.spawn(free_and_wait, factory, matcher, offered, u) for u in picks]
        gevent.joinall(jobs, raise_error=True)
        latencies += [j.value for j in jobs if j.value is not None]
        for u in picks:
            serve(factory, u)
    elapsed = time.perf_counter() - started
    rows = rows_read(factory) - before_rows
    listener.kill()
    report(latencies, frees, elapsed, counter, statements0, rows, concurrency)


def _arrived(offered: dict, payload: str) -> None:
    kind, _, ident = payload.partition(":")
    if kind in ("offer", "callback"):
        arrived = offered.setdefault(int(ident), Event())
        arrived.at = time.perf_counter()
        arrived.set()


def report(latencies, frees, elapsed, counter, statements0, rows, concurrency) -> None:
    ms = sorted(x * 1000 for x in latencies)
    p = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]  # noqa: E731
    print(f"members freed: {len(ms)} of {frees} (concurrency {concurrency}) in {elapsed:.1f}s")
    print(f"free → offer notified: p50 {p(0.5):.2f} ms  p99 {p(0.99):.2f} ms  "
          f"max {ms[-1]:.2f} ms  mean {statistics.mean(ms):.2f} ms")
    per = max(frees, 1)
    print(f"database per freed member (incl. the benchmark's own serve step): "
          f"{(counter.statements - statements0) / per:.1f} statements, "
          f"{counter.transactions / per:.1f} transactions, {rows / per:.0f} rows read")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--frees", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=1)
    args = parser.parse_args()
    make_psycopg2_green()
    base = database.server_url(REPO / "var" / "bench")
    url = database.create_test_database(base)
    try:
        run(url, args.frees, args.concurrency)
    finally:
        database.drop_test_database(base, url)


if __name__ == "__main__":
    main()
