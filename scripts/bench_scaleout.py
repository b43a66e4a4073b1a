"""Benchmark: carrier calls set up per second through Kamailio with one FreeSWITCH node and
with two (docs/scale-out.md), same load generator, same run; or, with --controllers, two
nodes followed by a controller each and by one controller process for both.

    env DATABASE_URL=postgresql://postgres@127.0.0.1/postgres \\
        .venv/bin/python -m scripts.bench_scaleout [--rates 10,20,40] [--seconds 10] \\
        [--controllers]

The topology of tests/scaleout (Kamailio 127.0.0.20, nodes 127.0.0.21/.22 each with its
xml_curl and controller, a throw-away database). sipp plays the carrier (127.0.0.25):
each call is answered by the reception menu and hung up after --hold-ms. At each rate
--seconds worth of calls go first with both nodes active, then with node .22 set inactive
in Kamailio's dispatcher (`dispatcher.set_state`), so the same Kamailio and load generator
serve both. With --controllers both nodes stay active and the runs at each rate are "a
controller each" and "one controller for both" (tests/scaleout's one_controller_for),
alternating which goes first from one rate to the next. Reported: answered ratio,
INVITE → 200 OK p50/p99 at the carrier, calls per node, and Kamailio's and the
controllers' CPU milliseconds per call (their own cost).
"""
from __future__ import annotations

import argparse
import signal
import statistics
import subprocess
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from scripts.bench_trunk_calls import cpu_seconds, rtt_values, sipp_counts
from scripts.freeswitch_run import freeswitch_binary
from tests import database
from tests.integration.sipp import SCENARIOS, SIPP, free_port_udp
from tests.scaleout.topology import (CARRIER, DOMAIN, NODES, create_company,
                                     one_controller_for, shared_env, start_kamailio, start_node)
from vaxel.config import Settings

from .cpu_groups import descendants


def caller_scenario(folder: Path, hold_ms: int) -> Path:
    path = folder / "bench_carrier.xml"
    path.write_text((SCENARIOS / "uac_answered.xml").read_text()
                    .replace('timeout="8000"', f'timeout="{hold_ms}"'))
    return path


def place_calls(folder: Path, scenario: Path, number: str, rate: int, count: int):
    folder.mkdir()
    command = [SIPP, "-sf", str(scenario), "-s", number, "-key", "caller", "+46701234567",
               "-key", "domain", DOMAIN, "-i", CARRIER, "-p", str(free_port_udp()),
               "-r", str(rate), "-m", str(count), "-l", str(rate * 20),
               "-timeout", f"{count // rate + 90}s", "-nostdin", "-trace_stat", "-fd", "1",
               "-trace_rtt", "-rtt_freq", "1", "-recv_timeout", "30000", "127.0.0.20:5080"]
    subprocess.run(command, cwd=folder, capture_output=True, timeout=count // rate + 180,
                   stdin=subprocess.DEVNULL)
    created, completed = sipp_counts(next(folder.glob("*_.csv")))
    return created, completed, rtt_values(next(folder.glob("*_rtt.csv"), folder / "none"))


def set_second_node(kamailio, state: str) -> None:
    """`a`ctive, or `d`isabled: an inactive one would be probed back to active within 2 s."""
    for group, port in ((1, 5060), (2, 5080)):
        reply = kamailio.rpc("dispatcher.set_state", state, str(group), f"sip:{NODES[1]}:{port}")
        if "error" in reply.lower():
            raise RuntimeError(f"dispatcher.set_state {state}: {reply}")


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


@contextmanager
def second_node(kamailio, nodes, state: str) -> Iterator[list]:
    """Node .22 active (`a`) or disabled (`d`); gives the controllers' processes."""
    set_second_node(kamailio, state)
    yield [n.processes["controller"] for n in nodes]


@contextmanager
def one_controller(nodes, folder: Path) -> Iterator[list]:
    folder.mkdir()
    with one_controller_for(nodes, folder) as process:
        yield [process]


def deployments(nodes, kamailio, root: Path, controllers: bool, rate_index: int):
    """(label, set-up) pairs compared at one rate: two nodes then one; or (--controllers)
    a controller per node and one for both, the order alternating from rate to rate."""
    if not controllers:
        return [("two nodes", lambda: second_node(kamailio, nodes, "a")),
                ("one node", lambda: second_node(kamailio, nodes, "d"))]
    runs = [("controller each", lambda: second_node(kamailio, nodes, "a")),
            ("one controller", lambda: one_controller(nodes, root / f"one-{rate_index}"))]
    return runs if rate_index % 2 == 0 else runs[::-1]


def run(rates: list[int], seconds: int, hold_ms: int, root: Path, controllers: bool) -> None:
    base = Settings.from_env().database_url
    url = database.create_test_database(base)
    nodes, kamailio = [], None
    try:
        _, number = create_company(url)
        env = shared_env(url, root / "moh")
        for ip in NODES:
            (root / ip).mkdir()
            nodes.append(start_node(env, ip, root / ip, freeswitch_binary()))
        (root / "kamailio").mkdir()
        kamailio = start_kamailio(env, root / "kamailio")
        kamailio.wait_for_nodes(set(NODES))
        scenario = caller_scenario(root, hold_ms)
        for index, rate in enumerate(rates):
            for label, deployment in deployments(nodes, kamailio, root, controllers, index):
                with deployment() as controller_processes:
                    time.sleep(1)
                    measure(rate, seconds, label, nodes, kamailio, controller_processes,
                            scenario, number, root / f"{index}-{rate}-{label.replace(' ', '-')}")
                    time.sleep(hold_ms / 1000 + 2)
    finally:
        if kamailio is not None:
            kamailio.stop()
        for node in nodes:
            node.stop()
        database.drop_test_database(base, url)


def measure(rate: int, seconds: int, label: str, nodes, kamailio, controllers, scenario: Path,
            number: str, folder: Path) -> None:
    before = [n.sessions_since_start() for n in nodes]
    cpu_kamailio = sum(cpu_seconds(p) for p in descendants(kamailio.process.pid))
    cpu_controllers = sum(cpu_seconds(p.pid) for p in controllers)
    created, answered, rtts = place_calls(folder, scenario, number, rate, rate * seconds)
    cpu_kamailio = sum(cpu_seconds(p) for p in descendants(kamailio.process.pid)) - cpu_kamailio
    cpu_controllers = sum(cpu_seconds(p.pid) for p in controllers) - cpu_controllers
    spread = [n.sessions_since_start() - b for n, b in zip(nodes, before, strict=True)]
    calls = max(created, 1)
    print(f"{rate:4d}/s {label:15s} answered {answered}/{created} ({answered / calls:.1%})  "
          f"200 OK p50 {statistics.median(rtts) if rtts else float('nan'):.0f} ms p99 "
          f"{percentile(rtts, 0.99):.0f} ms  channels per node {spread}  "
          f"Kamailio {1000 * cpu_kamailio / calls:.2f} ms CPU/call  "
          f"controllers {1000 * cpu_controllers / calls:.2f} ms CPU/call", flush=True)


def _interrupted(*_) -> None:
    """SIGTERM as Ctrl-C: the nodes, Kamailio and the database are cleaned up either way."""
    raise KeyboardInterrupt


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rates", default="10,20,40")
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--hold-ms", type=int, default=2000)
    parser.add_argument("--controllers", action="store_true",
                        help="compare a controller per node with one for both (two nodes)")
    args = parser.parse_args()
    signal.signal(signal.SIGTERM, _interrupted)
    with tempfile.TemporaryDirectory(prefix="vaxel-bench-scaleout-") as tmp:
        run([int(r) for r in args.rates.split(",")], args.seconds, args.hold_ms, Path(tmp),
            args.controllers)


if __name__ == "__main__":
    main()
