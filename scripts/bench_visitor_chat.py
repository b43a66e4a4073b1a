"""Benchmark: website visitors chatting at once, each waiting in line on a long poll.

    DATABASE_URL=postgresql://postgres@127.0.0.1/postgres \\
        .venv/bin/python -m scripts.bench_visitor_chat [--visitors 50] [--interval 5]

A throw-away database holds the demo company, its widget offering chat to a queue nobody
is logged in to, so every visitor waits in line (the busiest case: each waiter is woken
by every message of the company). The portal runs as in production (gunicorn gthread)
behind a "proxy" (each visitor its own X-Forwarded-For: the per-address limits are in the
path). Each visitor starts a chat, keeps one long poll open (`?wait=1&after=N`, as the
widget does) and sends a message every `--interval` seconds. Delivery: from the send
request leaving to the message arriving in that visitor's long poll (insert, NOTIFY, the
visitor hub, the wake-up, the read "after N"). Server CPU: the portal's processes'
user+system seconds over the phase.
"""
from __future__ import annotations

from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import time  # noqa: E402
from collections import Counter  # noqa: E402

import gevent  # noqa: E402

from scripts.bench_widget import cpu_seconds  # noqa: E402
from scripts.portal_process import portal_on_a_throw_away_database  # noqa: E402
from vaxel.db import make_engine, make_session_factory  # noqa: E402

SITE = "https://www.bench.example"


def load(url: str) -> str:
    """The demo company; its widget offering chat to a queue with nobody logged in."""
    from sqlalchemy import select, update

    from vaxel.actor import Actor
    from vaxel.demo import load_demo
    from vaxel.models import Company
    from vaxel.queues.models import QueueMember, QueueSettings
    from vaxel.widget import services
    from vaxel.widget.services import WidgetForm

    engine = make_engine(url)
    with make_session_factory(engine).begin() as session:
        load_demo(session, "bench.example")
        company = session.scalar(select(Company))
        queue = session.scalar(select(QueueSettings.service_id))
        session.execute(update(QueueMember).values(logged_in=False))
        actor = Actor.system("bench")
        services.save(session, actor, company.id, WidgetForm(
            SITE, (queue,), "#1d4ed8", "#ffffff", "Kundtjänst", "Customer service", "", "",
            "", "", 30, chat_queue_id=queue))
        key = services.rotate_key(session, actor, company.id)
    engine.dispose()
    return key


def call(port: int, method: str, path: str, address: str, token: str = "",
         body: dict | None = None) -> tuple[int, dict]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        headers = {"Origin": SITE, "X-Forwarded-For": address, "X-Visitor-Token": token,
                   "Content-Type": "application/json"}
        conn.request(method, path, body=json.dumps(body) if body is not None else None,
                     headers=headers)
        reply = conn.getresponse()
        return reply.status, json.loads(reply.read() or b"{}")
    except OSError:
        return 0, {}
    finally:
        conn.close()


class Visitor:
    def __init__(self, port: int, key: str, n: int, figures: dict) -> None:
        self.port, self.base, self.figures = port, f"/widget/v1/{key}/chat", figures
        self.address = f"10.{n // 65536 % 256}.{n // 256 % 256}.{n % 256}"
        self.n, self.sent_at = n, {}
        status, view = call(port, "POST", self.base, self.address, body={"name": f"Besökare {n}"})
        assert status == 201, f"starting a chat answered {status}"
        self.id, self.token = view["id"], view["token"]
        self.cursor = max([m["id"] for m in view["messages"]] or [0])
        self.known = f"{view['state']}:{view['position'] or ''}"

    def read(self, deadline: float) -> None:
        while time.monotonic() < deadline:
            status, view = call(self.port, "GET", f"{self.base}/{self.id}?wait=1&after="
                                f"{self.cursor}&known={self.known}", self.address, self.token)
            self.figures["reads"][status] += 1
            if status != 200:
                gevent.sleep(1)
                continue
            arrived = time.monotonic()
            for m in view["messages"]:
                self.cursor = max(self.cursor, m["id"])
                if m["body"] in self.sent_at:
                    self.figures["delivery"].append(arrived - self.sent_at.pop(m["body"]))
            self.known = f"{view['state']}:{view['position'] or ''}"

    def send(self, interval: float, deadline: float, spread: float) -> None:
        gevent.sleep(spread)
        k = 0
        while time.monotonic() < deadline - 2:  # the last answers still arrive in the phase
            body, k = f"m{self.n}-{k}", k + 1
            self.sent_at[body] = started = time.monotonic()
            status, _ = call(self.port, "POST", f"{self.base}/{self.id}/messages", self.address,
                             self.token, {"client_id": f"bench-{self.n}-{k:04d}", "body": body})
            self.figures["sends"][status] += 1
            self.figures["send_ms"].append(time.monotonic() - started)
            gevent.sleep(max(0.0, interval - (time.monotonic() - started)))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000 if ordered else 0.0


def run(port: int, pid: int, key: str, visitors: int, interval: float, seconds: float) -> None:
    figures = {"delivery": [], "send_ms": [], "sends": Counter(), "reads": Counter()}
    crowd = [Visitor(port, key, n, figures) for n in range(visitors)]
    cpu_before, wall_before = cpu_seconds(pid), time.monotonic()
    deadline = wall_before + seconds
    jobs = [gevent.spawn(v.read, deadline) for v in crowd]
    jobs += [gevent.spawn(v.send, interval, deadline, interval * n / visitors)
             for n, v in enumerate(crowd)]
    gevent.joinall(jobs)
    cpu, wall = cpu_seconds(pid) - cpu_before, time.monotonic() - wall_before
    lost = sum(len(v.sent_at) for v in crowd)
    print(f"{visitors} visitors waiting in line, a message each {interval:g} s, {seconds:g} s")
    print(f"sends {sum(figures['sends'].values())} {dict(figures['sends'])}  "
          f"send p50 {percentile(figures['send_ms'], .5):.1f} ms "
          f"p99 {percentile(figures['send_ms'], .99):.1f} ms")
    print(f"delivered {len(figures['delivery'])}, not delivered {lost}: "
          f"p50 {percentile(figures['delivery'], .5):.1f} ms "
          f"p99 {percentile(figures['delivery'], .99):.1f} ms "
          f"max {percentile(figures['delivery'], 1.0):.1f} ms")
    print(f"long polls answered {sum(figures['reads'].values())} {dict(figures['reads'])}; "
          f"server CPU {cpu:.1f} s over {wall:.0f} s ({cpu / wall:.2f} cores)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--visitors", type=int, default=50)
    parser.add_argument("--interval", type=float, default=5.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    with portal_on_a_throw_away_database(load, args.workers,
                                         {"VAXEL_TRUSTED_PROXIES": "127.0.0.1"}) as (key, port, process):
        run(port, process.pid, key, args.visitors, args.interval, args.seconds)


if __name__ == "__main__":
    main()
