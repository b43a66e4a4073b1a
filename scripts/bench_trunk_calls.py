"""Benchmark: carrier calls per second a real FreeSWITCH and the controller set up through
the IVR, into a queue whose agents (sipp) answer.

    flock /tmp/vaxel-fs.lock env DATABASE_URL=postgresql://postgres@127.0.0.1/postgres \\
        .venv/bin/python -m scripts.bench_trunk_calls [--rates 25,50,100] [--seconds 10]

Everything on loopback: FreeSWITCH on a rendered copy of freeswitch-conf, the xml_curl
service and the controller as production runs them, a throw-away database. sipp plays the
carrier from the trunk address (127.0.0.5 → the external profile, 127.0.0.1:5080): each
call is answered by the reception menu, keys 1, waits in the Sales queue until an agent
(one sipp answering for every agent) picks up, and hangs up after --hold-ms. At each rate,
--seconds worth of calls are placed; reported per rate: answered ratio (200 OK received),
set-up time INVITE → 200 OK p50/p99 as the carrier sees it, calls that reached an agent,
CPU of FreeSWITCH, the controller and xml_curl (from /proc), and call-log rows against
calls placed. The floor, measured in the same run at the same rates: the same calls to a
number FreeSWITCH answers from a static extension (answer, playback, park) without the
controller. It stops by itself: every sipp run is bounded in calls and time.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import shutil
import subprocess
import tempfile
import json
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from tests import database
from tests.integration import processes
from tests.integration.harness import DOMAIN, TRUNK_ADDRESS
from tests.integration.sipp import SIPP, free_port_udp

from . import bench_trunk_setup as setup
from .cpu_groups import CpuGroups, descendants

REPO = Path(__file__).resolve().parent.parent
CALLER = "+46701234567"
SETTLE_SECONDS = 20.0  # for the last calls' rows to reach the call log from the live events
SPOOL_SECONDS = 45.0  # …and from the CDR spool, the safety net (fs_control/cdr_spool.py: 30 s)


@dataclass
class Result:
    target: str
    rate: int
    placed: int
    answered: int
    completed: int
    setup_ms: list[float]
    cpu: dict[str, float]
    logged: int
    logged_live: int
    reached_agent: int
    load: float
    elapsed: float

    def row(self) -> str:
        ms = sorted(self.setup_ms) or [float("nan")]
        pct = lambda q: ms[min(len(ms) - 1, int(q * len(ms)))]  # noqa: E731
        cpu = "  ".join(f"{name} {share:.0%}" for name, share in self.cpu.items())
        return (f"{self.target:5} {self.rate:4}/s  placed {self.placed:5}  answered "
                f"{self.answered / max(self.placed, 1):7.2%}  completed {self.completed:5}  "
                f"set-up p50 {pct(0.5):6.1f} ms  p99 {pct(0.99):7.1f} ms  agent {self.reached_agent:5}  "
                f"logged {self.logged_live:5} live, {self.logged:5} in all /{self.placed}  "
                f"CPU {cpu}  load {self.load:.2f}")


def cpu_seconds(pid: int) -> float:
    """User + system time of a process and the children it waited for."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except FileNotFoundError:
        return 0.0
    return sum(int(f) for f in fields[11:15]) / os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int) -> float:
    """A process and its live descendants (gunicorn's workers)."""
    return sum(cpu_seconds(member) for member in descendants(pid))


def rtt_values(path: Path) -> list[float]:
    """sipp's -trace_rtt file: `date_ms;response_time_ms;rtd_no` per answered call."""
    if not path.exists():
        return []
    values = []
    for line in path.read_text().splitlines():
        parts = line.split(";")
        if len(parts) >= 2 and parts[1].replace(".", "", 1).isdigit():
            values.append(float(parts[1]))
    return values


def sipp_counts(stat: Path) -> tuple[int, int]:
    """(calls created, calls that ran through) from the last line of sipp's -trace_stat."""
    with stat.open() as handle:
        rows = list(csv.DictReader(handle, delimiter=";"))
    last = rows[-1]
    return int(last["TotalCallCreated"]), int(last["SuccessfulCall(C)"])


def place_calls(root: Path, number: str, rate: int, count: int, hold_ms: int,
                name: str) -> tuple[int, int, list[float]]:
    folder = root / name
    folder.mkdir()
    command = [SIPP, "-sf", str(setup.SCENARIOS / "bench_trunk_caller.xml"), "-s", number,
               "-key", "caller", CALLER, "-key", "domain", DOMAIN, "-i", TRUNK_ADDRESS,
               "-p", str(free_port_udp()), "-mp", str(free_port_udp()),
               "-r", str(rate), "-m", str(count), "-l", str(rate * 20), "-d", str(hold_ms),
               "-timeout", f"{count // rate + hold_ms // 1000 + 60}s", "-nostdin",
               "-trace_stat", "-fd", "1", "-trace_rtt", "-rtt_freq", "1", "-trace_err",
               "-recv_timeout", "30000", "127.0.0.1:5080"]
    subprocess.run(command, cwd=folder, capture_output=True, timeout=count // rate + 180,
                   stdin=subprocess.DEVNULL)
    created, completed = sipp_counts(next(folder.glob("*_.csv")))
    return created, completed, rtt_values(next(folder.glob("*_rtt.csv"), folder / "none"))


def settle(url: str, since: dt.datetime, expected: int, within: float) -> int:
    """Wait (bounded) until the call log holds `expected` incoming rows since `since`."""
    deadline = time.monotonic() + within
    while True:
        logged = setup.incoming_logged(url, since)
        if logged >= expected or time.monotonic() > deadline:
            return logged
        time.sleep(1.0)


def events_dropped(health_port: int) -> int:
    """Channel events the controller's subscribers dropped so far (its /healthz): a call
    whose hang-up was dropped is logged from the CDR spool instead."""
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{health_port}/healthz", timeout=5) as reply:
            report = json.load(reply)
    except (OSError, ValueError):
        return -1
    return sum(state["dropped"] for state in report.get("backlog", {}).values())


class ConfigNotifies:
    """Counts NOTIFY vaxel_config during a rate: each one empties the company's caches in
    xml_curl and the controller (vaxel.infra.changes), so calls alone should cause none."""

    def __init__(self, url: str):
        import psycopg2
        from vaxel.infra.changes import CHANNEL
        from vaxel.db import libpq_dsn
        self.conn = psycopg2.connect(libpq_dsn(url), connect_timeout=5)
        self.conn.autocommit = True
        self.conn.cursor().execute(f"LISTEN {CHANNEL}")

    def count(self) -> int:
        self.conn.poll()
        found = len(self.conn.notifies)
        self.conn.close()
        return found


def measure(ctx: dict, target: str, rate: int, seconds: int, hold_ms: int, run: int) -> Result:
    number = setup.FLOOR_NUMBER if target == "floor" else setup.NUMBER
    pids = ctx["pids"]
    # Whole seconds: the call log's start times come from FreeSWITCH's start_epoch, so a call
    # placed in the first fraction of a second would otherwise count as before the rate.
    since = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    notifies = ConfigNotifies(ctx["url"])
    before = {name: tree_cpu(pid) for name, pid in pids.items()}
    began = time.monotonic()
    created, completed, setup_ms = place_calls(ctx["root"], number, rate, rate * seconds,
                                               hold_ms, f"{target}-{rate}-{run}")
    elapsed = time.monotonic() - began
    cpu = {name: (tree_cpu(pid) - before[name]) / elapsed for name, pid in pids.items()}
    load = os.getloadavg()[0]
    answered = len(setup_ms)
    live = settle(ctx["url"], since, answered, SETTLE_SECONDS) if target == "ivr" else 0
    logged = settle(ctx["url"], since, answered, SPOOL_SECONDS - SETTLE_SECONDS) \
        if target == "ivr" and live < answered else live
    agents = setup.reached_agent(ctx["url"], since) if target == "ivr" else 0
    ctx["notifies"] = notifies.count()
    ctx["dropped"] = events_dropped(ctx["health_port"])
    return Result(target, rate, created, len(setup_ms), completed, setup_ms, cpu, logged, live,
                  agents, load, elapsed)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rates", default="25,50,100")
    parser.add_argument("--seconds", type=int, default=10, help="calls placed = rate × seconds")
    parser.add_argument("--hold-ms", type=int, default=3000, help="how long a caller stays")
    parser.add_argument("--agents", type=int, default=400)
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--targets", default="floor,ivr")
    parser.add_argument("--sessions-per-second", type=int, help="override switch.conf")
    parser.add_argument("--max-sessions", type=int, help="override switch.conf")
    parser.add_argument("--no-speech-cache", action="store_true",
                        help="the controller leaves every say: prompt to FreeSWITCH")
    parser.add_argument("--keep", action="store_true", help="keep the run folder")
    parser.add_argument("--no-cgroups", dest="cgroups", action="store_false",
                        help="leave every process in one CPU group (scripts/cpu_groups.py)")
    return parser.parse_args()


def main() -> None:
    args = parse_args()
    base = database.server_url(REPO / "var" / "bench")
    url = database.create_test_database(base)
    root = Path(tempfile.mkdtemp(prefix="vaxel-bench-trunk-"))
    started: list[subprocess.Popen] = []
    groups = CpuGroups(f"vaxel-bench-{os.getpid()}") if args.cgroups else None
    if groups is not None:
        groups.place("driver", os.getpid())  # sipp's carrier, started later, is born here
    try:
        agents = setup.load_company(url, args.agents)
        pids, health_port = start_all(root, url, agents, args, started, groups)
        ctx = {"root": root, "url": url, "pids": pids, "health_port": health_port}
        print(f"run folder {root}; {args.agents} agents registered; "
              f"load {os.getloadavg()[0]:.2f}; "
              f"{groups.describe() if groups else 'all processes in one CPU group'}", flush=True)
        for run in range(args.repeat):
            for rate in (int(r) for r in args.rates.split(",")):
                for target in args.targets.split(","):
                    result = measure(ctx, target, rate, args.seconds, args.hold_ms, run)
                    print(result.row(), f"config NOTIFYs {ctx['notifies']}",
                          f"events dropped {ctx['dropped']}", flush=True)
    finally:
        for process in reversed(started):
            processes.stop(process)
        database.drop_test_database(base, url)
        if groups is not None:
            groups.close()
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


def start_all(root: Path, url: str, agents, args, started: list,
              groups: CpuGroups | None) -> tuple[dict[str, int], int]:
    """FreeSWITCH, xml_curl, the answering agents and the controller: their pids, and the
    controller's health port."""
    env = setup.environment()
    env["VAXEL_MOH_DIR"] = str(processes.silence_wav(root / "moh" / "silence.wav").parent)
    conf = processes.prepare_run_dir(root, env)
    setup.tune(conf, args.sessions_per_second, args.max_sessions)
    setup.add_floor(conf, processes.silence_wav(root / "floor-prompt.wav", seconds=2.0))
    started.append(setup.start_freeswitch(root, env))
    service_env = {**env, "DATABASE_URL": url}
    started.append(setup.start_service(root, service_env, "serve-xmlcurl",
                                       port=int(env["VAXEL_XMLCURL_LISTEN"].rpartition(":")[2])))
    agent_port = free_port_udp()
    started.append(setup.answering_agents(root, agent_port))
    setup.register_agents(root, agents, agent_port)
    health = processes.free_port()
    controller_env = {**service_env, "VAXEL_FS_CONF_DIR": str(conf),
                      "VAXEL_DATA_DIR": str(root / "data"),
                      "VAXEL_CDR_SPOOL_DIR": str(root / "log" / "json_cdr"),
                      "VAXEL_CONTROLLER_METRICS_LISTEN": f"127.0.0.1:{health}",
                      "VAXEL_SPEECH_CACHE": "off" if args.no_speech_cache else "on"}
    started.append(setup.start_service(root, controller_env, "serve-controller", health=health))
    names = ("freeswitch", "xml_curl", "agents", "controller")
    for name, process in zip(names, started, strict=True):
        if groups is not None:
            groups.place(name, process.pid)
    pids = {name: process.pid for name, process in zip(names, started, strict=True) if name != "agents"}
    return pids, health


if __name__ == "__main__":
    main()
