"""Benchmark: call set-ups per second the controller carries through an IVR path.

    DATABASE_URL=postgresql://postgres@127.0.0.1/postgres \\
        .venv/bin/python -m scripts.bench_controller_calls [--calls 2000] [--concurrency 100]

The controller runs as in production (`python -m fs_control`, its own process, one core).
The FreeSWITCH double runs in this process and places calls at it over real TCP, each
one the path a customer takes: the controller connects, answers, plays the menu, reads
the caller's key "2", checks opening hours, and bridges to the chosen colleague, who
answers; the call then ends. A call set-up counts when its bridge is answered. CPU time
of both processes is reported, to show which one is the bottleneck.
"""
from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

from gevent import monkey

monkey.patch_all()

import gevent  # noqa: E402

from tests.fsdouble import CallScript, FreeSwitchDouble  # noqa: E402
from tests import database  # noqa: E402
from vaxel.actor import Actor  # noqa: E402
from vaxel.db import make_engine, make_session_factory  # noqa: E402
from vaxel.models import ServiceKind  # noqa: E402
from vaxel.people.services import add_sip_device, create_user  # noqa: E402
from vaxel.switchboard.ivr.services import create_menu, set_option  # noqa: E402
from vaxel.switchboard.services import create_service  # noqa: E402
from vaxel.tenancy.services import create_company  # noqa: E402

SYSTEM = Actor.system()  # who sets the rows up

REPO = Path(__file__).resolve().parent.parent
ESL_PASSWORD = "bench-esl-secret"


def load_company(url: str) -> tuple[int, int]:
    """A company with a reception menu whose key 2 rings Daria (1001)."""
    factory = make_session_factory(make_engine(url))
    with factory.begin() as s:
        acme = create_company(s, SYSTEM, "Bench AB", "bench.example")
        add_sip_device(s, SYSTEM, acme, create_user(s, SYSTEM, acme, "Daria", "1001"))
        reception = create_service(s, SYSTEM, acme, ServiceKind.IVR, "Reception", extension="4600")
        menu = create_menu(s, SYSTEM, reception, "Main", entry=True, greeting_text="Welcome")
        set_option(s, SYSTEM, menu, "2", "user:1001")
        return acme.id, reception.id


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_controller(url: str, esl: tuple[str, int], listen: int) -> subprocess.Popen:
    env = dict(os.environ, DATABASE_URL=url, VAXEL_ESL_ADDRESS="%s:%s" % esl,
               VAXEL_ESL_PASSWORD=ESL_PASSWORD, VAXEL_LOG_LEVEL="WARNING",
               VAXEL_CONTROLLER_LISTEN=f"127.0.0.1:{listen}")
    return subprocess.Popen([sys.executable, "-m", "fs_control"], cwd=REPO, env=env)


def wait_listening(port: int, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            gevent.sleep(0.1)
    raise SystemExit("the controller did not start listening")


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def run_calls(double: FreeSwitchDouble, address, variables: dict, calls: int,
              concurrency: int) -> tuple[float, list[float], int]:
    script = CallScript(digits={"play_and_get_digits": ["2"]})
    pool = gevent.pool.Pool(concurrency)
    latencies: list[float] = []
    failures = [0]

    def one() -> None:
        started = time.perf_counter()
        call = double.place_call(address, caller="+46701234567", destination="+46812345600",
                                 context="public", variables=variables, script=script)
        if not call.ended.wait(30) or not call.bridged:
            failures[0] += 1
            return
        latencies.append(time.perf_counter() - started)

    began = time.perf_counter()
    for _ in range(calls):
        pool.spawn(one)
    pool.join()
    return time.perf_counter() - began, latencies, failures[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--concurrency", type=int, default=100)
    args = parser.parse_args()
    base = database.server_url(REPO / "var" / "bench")
    url = database.create_test_database(base)
    controller = None
    try:
        company_id, service_id = load_company(url)
        double = FreeSwitchDouble(password=ESL_PASSWORD).start()
        port = free_port()
        controller = start_controller(url, double.address, port)
        wait_listening(port)
        variables = {"vaxel_company_id": str(company_id),
                     "vaxel_destination": f"service:{service_id}", "vaxel_intent": "inbound"}
        run_calls(double, ("127.0.0.1", port), variables, 100, 20)  # warm-up
        cpu_ctl, cpu_me = cpu_seconds(controller.pid), time.process_time()
        elapsed, latencies, failures = run_calls(double, ("127.0.0.1", port), variables,
                                                 args.calls, args.concurrency)
        cpu_ctl, cpu_me = cpu_seconds(controller.pid) - cpu_ctl, time.process_time() - cpu_me
        report(args, elapsed, latencies, failures, cpu_ctl, cpu_me)
    finally:
        if controller is not None:
            controller.terminate()
            controller.wait(10)
        database.drop_test_database(base, url)


def report(args, elapsed: float, latencies: list[float], failures: int,
           cpu_ctl: float, cpu_me: float) -> None:
    done = len(latencies)
    latencies.sort()
    pct = lambda q: latencies[min(done - 1, int(q * done))] * 1000  # noqa: E731
    print(f"calls: {args.calls} (concurrency {args.concurrency}), answered: {done}, "
          f"failed: {failures}")
    print(f"call set-ups/s: {done / elapsed:.0f} over {elapsed:.1f} s")
    print(f"set-up time ms: p50 {pct(0.5):.1f}  p99 {pct(0.99):.1f}  "
          f"mean {statistics.mean(latencies) * 1000:.1f}")
    print(f"CPU: controller {cpu_ctl / elapsed:.0%} of a core, "
          f"double + driver {cpu_me / elapsed:.0%} of a core")


if __name__ == "__main__":
    main()
