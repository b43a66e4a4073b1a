"""Benchmark: 1,000 website visitors' widgets polling the company's hours and queue waits.

    DATABASE_URL=postgresql://postgres@127.0.0.1/postgres \\
        .venv/bin/python -m scripts.bench_widget [--visitors 1000] [--interval 20] [--seconds 60]

A throw-away database holds the demo company, its widget showing every queue of it (with
an hour of answered calls behind each, so the wait is a real estimate). The portal runs
as in production (`python -m webadmin`: gunicorn gthread), behind a "proxy" (loopback is
a trusted proxy, every visitor has an X-Forwarded-For of their own), so the per-address
limits are in the path as they would be. `--visitors` greenlets each poll
`/widget/v1/<key>/state` with the site's Origin every `--interval` seconds (the widget's
own period is 20 s), starting spread over one interval; a request is timed from connect
to the last byte. The floor, in the same run and the same way: the same visitors fetching
a static file of the same portal (`/static/widget/widget.js`). Server CPU: the portal's
processes' user+system seconds over each phase, per 1,000 requests and as cores used.
"""
from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import http.client  # noqa: E402
import random  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402

import gevent  # noqa: E402
import psutil  # noqa: E402

from scripts.portal_process import portal_on_a_throw_away_database  # noqa: E402
from vaxel.db import make_engine, make_session_factory  # noqa: E402

SITE = "https://www.bench.example"


def load(url: str) -> str:
    """The demo company, its widget showing every queue; the widget's key."""
    from sqlalchemy import select

    from vaxel.actor import Actor
    from vaxel.demo import load_demo
    from vaxel.models import Company
    from vaxel.queues import entries
    from vaxel.queues.models import EntryOutcome, QueueEntry, QueueSettings
    from vaxel.widget import services
    from vaxel.widget.services import WidgetForm

    engine = make_engine(url)
    now = dt.datetime.now(dt.timezone.utc)
    with make_session_factory(engine).begin() as session:
        load_demo(session, "bench.example")
        company = session.scalar(select(Company))
        queues = tuple(session.scalars(select(QueueSettings.service_id)))
        for queue_id in queues:  # an hour of answered calls: the estimate has figures
            for n in range(20):
                entry = session.get(QueueEntry, entries.join(
                    session, queue_id, f"bench-{queue_id}-{n}", "+46700000000", "",
                    now - dt.timedelta(minutes=50)).entry_id)
                entry.state, entry.outcome, entry.talk_seconds = "done", EntryOutcome.ANSWERED, 150
                entry.answered_at = entry.ended_at = entry.joined_at + dt.timedelta(seconds=40)
        actor = Actor.system("bench")
        services.save(session, actor, company.id, WidgetForm(
            SITE, queues, "#1d4ed8", "#ffffff", "Kundtjänst", "Customer service", "", "",
            "08-777 88 99", "", 30))
        key = services.rotate_key(session, actor, company.id)
    engine.dispose()
    return key


def cpu_seconds(pid: int) -> float:
    root = psutil.Process(pid)
    total = 0.0
    for proc in [root, *root.children(recursive=True)]:
        try:
            times = proc.cpu_times()
            total += times.user + times.system
        except psutil.NoSuchProcess:
            pass
    return total


def fetch(port: int, path: str, address: str) -> tuple[float, int]:
    started = time.monotonic()
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        conn.request("GET", path, headers={"Origin": SITE, "X-Forwarded-For": address})
        reply = conn.getresponse()
        reply.read()
        return time.monotonic() - started, reply.status
    except OSError:
        return time.monotonic() - started, 0
    finally:
        conn.close()


def phase(port: int, pid: int, path: str, visitors: int, interval: float,
          seconds: float) -> dict:
    """Every visitor polls `path` each `interval` s for `seconds`; latencies and CPU."""
    latencies: list[float] = []
    statuses: Counter = Counter()
    deadline = time.monotonic() + seconds

    def visitor(n: int) -> None:
        address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        gevent.sleep(random.uniform(0, interval))
        while time.monotonic() < deadline:
            took, status = fetch(port, path, address)
            latencies.append(took)
            statuses[status] += 1
            # Not past the phase's end: its CPU is divided by its length.
            gevent.sleep(max(0.0, min(interval - took, deadline - time.monotonic())))

    cpu_before, wall_before = cpu_seconds(pid), time.monotonic()
    gevent.joinall([gevent.spawn(visitor, n) for n in range(visitors)])
    cpu, wall = cpu_seconds(pid) - cpu_before, time.monotonic() - wall_before
    ordered = sorted(latencies)
    return {"requests": len(ordered), "rate": len(ordered) / wall, "statuses": dict(statuses),
            "p50": ordered[len(ordered) // 2] * 1000,
            "p99": ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000,
            "max": ordered[-1] * 1000, "cpu_per_1000": cpu / len(ordered) * 1000,
            "cores": cpu / wall}


def report(name: str, figures: dict) -> None:
    print(f"{name:<8} {figures['requests']:>7} req {figures['rate']:7.1f}/s  "
          f"p50 {figures['p50']:6.1f} ms  p99 {figures['p99']:7.1f} ms  "
          f"max {figures['max']:7.1f} ms  server CPU {figures['cpu_per_1000']:5.2f} s/1000 req "
          f"({figures['cores']:.2f} cores)  statuses {figures['statuses']}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--visitors", type=int, default=1000)
    parser.add_argument("--interval", type=float, default=20.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with portal_on_a_throw_away_database(load, args.workers,
                                         {"VAXEL_TRUSTED_PROXIES": "127.0.0.1"}) as (key, port, process):
        state = f"/widget/v1/{key}/state"
        took, status = fetch(port, state, "10.255.255.254")
        assert status == 200, f"the widget's state answered {status}"
        print(f"{args.visitors} visitors, one poll each {args.interval:g} s, "
              f"{args.seconds:g} s a phase, {args.workers} portal workers")
        for name, path in (("floor", "/static/widget/widget.js"), ("widget", state)):
            report(name, phase(port, process.pid, path, args.visitors, args.interval,
                               args.seconds))


if __name__ == "__main__":
    main()
