"""Benchmark the xml_curl service as FreeSWITCH uses it: a new TCP connection per request.

    DATABASE_URL=postgresql://postgres@127.0.0.1/postgres \\
        .venv/bin/python -m scripts.bench_xmlcurl [--duration 10] [--classes gevent,sync,gthread]

Creates a throw-away database with 10,000 users (dropped afterwards), starts the production
server (gunicorn, `scripts.cli serve-xmlcurl`), and drives it from separate client
processes replaying the captured request bodies (directory sip_auth for users spread over
the 10k; dialplan default → a service). A bare Flask app returning a constant document,
served the same way, is the floor. Prints req/s and latency percentiles.
"""
from __future__ import annotations

import argparse
import base64
import multiprocessing
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from sqlalchemy import insert, text

from vaxel.credentials import a1_hash
from tests import database
from tests.shared import freeswitch_captures
from vaxel.db import make_engine
from vaxel.models import Company, Device, PresenceProfile, ServiceKind, SwitchboardService, User

CAPTURE = freeswitch_captures() / "xml_curl"
USERS = 10_000
DOMAIN = "127.0.0.1"
PASSWORD = "bench-secret"
REPO = Path(__file__).resolve().parent.parent


# ---- the database -------------------------------------------------------------------

def load_users(url: str) -> None:
    """10,000 users, each with a softphone and an active profile, in a few bulk inserts."""
    engine = make_engine(url)
    with engine.begin() as conn:
        company_id = conn.execute(insert(Company).values(
            name="Bench AB", sip_domain=DOMAIN, country="SE", plan="unlimited",
            main_number="+46812340000", announce_recording=False, active=True,
        ).returning(Company.id)).scalar_one()
        exts = [str(100000 + i) for i in range(USERS)]
        conn.execute(insert(User), [dict(
            company_id=company_id, name=f"User {e}", extension=e, role="user",
            recording_enabled=False, voicemail_enabled=True, active=True) for e in exts])
        ids = dict(conn.execute(text("SELECT extension, id FROM users")).all())
        conn.execute(insert(Device), [dict(
            company_id=company_id, user_id=ids[e], kind="softphone", label="softphone",
            sip_username=e, a1_hash=a1_hash(e, DOMAIN, PASSWORD), ring_order=0, enabled=True)
            for e in exts])
        conn.execute(insert(PresenceProfile), [dict(
            company_id=company_id, user_id=ids[e], name="Work", accept_direct=True,
            accept_queue=True, forward_kind="voicemail", forward_after_seconds=20,
            hide_caller_id=False) for e in exts])
        conn.execute(text("UPDATE users SET active_profile_id = p.id FROM presence_profile p "
                          "WHERE p.user_id = users.id"))
        conn.execute(insert(SwitchboardService).values(
            company_id=company_id, kind=ServiceKind.IVR, name="Reception", extension="4600",
            settings={}))
        conn.execute(text("ANALYZE"))
    engine.dispose()


# ---- the requests -------------------------------------------------------------------

def captured_body(name: str) -> dict[str, str]:
    raw = next(CAPTURE.glob(f"*{name}*.http")).read_bytes()
    body = raw.partition(b"\r\n\r\n")[2].strip()
    return dict(parse_qsl(body.decode(), keep_blank_values=True))


def http_request(form: dict[str, str]) -> bytes:
    body = urlencode(form).encode()
    auth = base64.b64encode(b"freeswitch:xmlcurl-secret").decode()
    head = (f"POST /fs HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic {auth}\r\n"
            f"User-Agent: freeswitch-xml/1.0\r\nAccept: */*\r\nConnection: close\r\n"
            f"Content-Length: {len(body)}\r\n"
            f"Content-Type: application/x-www-form-urlencoded\r\n\r\n")
    return head.encode() + body


def directory_requests(count: int = 2000) -> list[bytes]:
    form = captured_body("directory-sip_auth-1000")
    out = []
    for _ in range(count):
        ext = str(100000 + random.randrange(USERS))
        out.append(http_request({**form, "user": ext, "sip_auth_username": ext}))
    return out


def dialplan_requests(count: int = 500) -> list[bytes]:
    form = captured_body("dialplan-default-4600")
    out = []
    for _ in range(count):
        ext = str(100000 + random.randrange(USERS))
        out.append(http_request({**form, "variable_user_name": ext,
                                 "variable_sip_auth_username": ext}))
    return out


# ---- the load generator -------------------------------------------------------------

def one_request(port: int, payload: bytes) -> tuple[float, bool]:
    start = time.perf_counter()
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(payload)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    ok = b"".join(chunks[:1]).startswith(b"HTTP/1.1 200") or b"200 OK" in b"".join(chunks[:1])
    return time.perf_counter() - start, ok


def client_process(port: int, payloads: list[bytes], threads: int, duration: float, queue) -> None:
    latencies: list[float] = []
    errors = [0]
    deadline = time.perf_counter() + duration

    def loop() -> None:
        i = random.randrange(len(payloads))
        while time.perf_counter() < deadline:
            i = (i + 1) % len(payloads)
            try:
                latency, ok = one_request(port, payloads[i])
            except OSError:
                errors[0] += 1
                continue
            latencies.append(latency)
            errors[0] += 0 if ok else 1

    workers = [threading.Thread(target=loop) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    queue.put((latencies, errors[0]))


def drive(port: int, payloads: list[bytes], processes: int, threads: int,
          duration: float) -> dict:
    queue = multiprocessing.Queue()
    procs = [multiprocessing.Process(target=client_process,
                                     args=(port, payloads, threads, duration, queue))
             for _ in range(processes)]
    for p in procs:
        p.start()
    results = [queue.get(timeout=duration + 60) for _ in procs]
    for p in procs:
        p.join(timeout=10)
    latencies = sorted(x for lat, _ in results for x in lat)
    errors = sum(e for _, e in results)
    return summarise(latencies, errors, duration)


def summarise(latencies: list[float], errors: int, duration: float) -> dict:
    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] * 1000
    return {"requests": len(latencies), "errors": errors, "rps": len(latencies) / duration,
            "p50": pct(0.50), "p99": pct(0.99), "mean": statistics.fmean(latencies) * 1000}


def drive_wrk(port: int, payloads: list[bytes], connections: int, duration: float) -> dict:
    """The same load from wrk (C, epoll): `Connection: close` makes it open a new TCP
    connection for every request. Its latency excludes the TCP handshake."""
    script = Path(f"/tmp/vaxel-bench-{os.getpid()}.lua")
    bodies = ",\n".join("[==[" + p.partition(b"\r\n\r\n")[2].decode() + "]==]"
                         for p in payloads)
    auth = base64.b64encode(b"freeswitch:xmlcurl-secret").decode()
    script.write_text(WRK_SCRIPT.replace("BODIES", bodies).replace("AUTH", auth))
    cmd = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration:.0f}s", "--latency",
           "-s", str(script), f"http://127.0.0.1:{port}/fs"]
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 30).stdout
    script.unlink()
    return parse_wrk(out)


WRK_SCRIPT = """
local bodies = {BODIES}
local i = 0
request = function()
  i = i % #bodies + 1
  return wrk.format("POST", "/fs", {["Authorization"] = "Basic AUTH",
    ["Connection"] = "close", ["Content-Type"] = "application/x-www-form-urlencoded",
    ["User-Agent"] = "freeswitch-xml/1.0"}, bodies[i])
end
"""


def parse_wrk(out: str) -> dict:
    def ms(value: str) -> float:
        units = {"us": 0.001, "ms": 1.0, "s": 1000.0}
        number = value.rstrip("usm")
        return float(number) * units[value[len(number):]]
    fields = {}
    for line in out.splitlines():
        parts = line.split()
        if parts[:1] in (["50%"], ["99%"]):
            fields["p" + parts[0].rstrip("%")] = ms(parts[1])
        elif line.startswith("Requests/sec:"):
            fields["rps"] = float(parts[1])
        elif "requests in" in line:
            fields["requests"] = int(parts[0])
        elif line.strip().startswith(("Non-2xx", "Socket errors")):
            fields["errors"] = fields.get("errors", 0) + sum(
                int(x.strip(",")) for x in parts if x.strip(",").isdigit())
    fields.setdefault("errors", 0)
    return fields


# ---- the servers --------------------------------------------------------------------

def bare_app():
    """The floor: Flask answering a constant document, nothing else."""
    from flask import Flask, Response
    app = Flask("bare")
    document = (CAPTURE / "accepted" / "not-found.xml").read_bytes()

    @app.post("/fs")
    def fs():
        return Response(document, content_type="text/xml")
    return app


def start_server(kind: str, url: str, port: int, workers: int, worker_class: str):
    env = {**os.environ, "DATABASE_URL": url, "VAXEL_XMLCURL_LISTEN": f"127.0.0.1:{port}",
           "VAXEL_XMLCURL_USER": "freeswitch", "VAXEL_XMLCURL_PASSWORD": "xmlcurl-secret",
           "VAXEL_LOG_LEVEL": "WARNING"}
    if kind == "bare":
        cmd = [str(REPO / ".venv/bin/gunicorn"), "-w", str(workers), "-k", worker_class,
               "--threads", "4" if worker_class == "gthread" else "1", "--backlog", "2048",
               "-b", f"127.0.0.1:{port}", "--log-level", "warning", "scripts.bench_xmlcurl:bare_app()"]
    else:
        # As the systemd unit runs it: the workers share their metrics through files.
        metrics = Path(tempfile.mkdtemp(prefix="vaxel-bench-metrics-"))
        env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics)
        cmd = [sys.executable, "-m", "scripts.cli", "serve-xmlcurl", "--workers", str(workers),
               "--worker-class", worker_class]
    proc = subprocess.Popen(cmd, cwd=REPO, env=env)
    proc.metrics_dir = env.get("PROMETHEUS_MULTIPROC_DIR")
    wait_for_port(port)
    time.sleep(1.0)  # let every worker boot
    return proc


def wait_for_port(port: int, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"server on port {port} did not start")


def stop_server(proc) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=5)
    if proc.metrics_dir:
        shutil.rmtree(proc.metrics_dir, ignore_errors=True)


def answer_of(port: int, payload: bytes) -> bytes:
    with socket.create_connection(("127.0.0.1", port), timeout=5) as sock:
        sock.sendall(payload)
        chunks = []
        while chunk := sock.recv(65536):
            chunks.append(chunk)
    return b"".join(chunks)


def run_case(label: str, kind: str, url: str, payloads, args, worker_class: str,
             expect: bytes, warm: bool = False) -> None:
    """warm: first replay every payload until each worker has answered it (the steady
    state of phones that re-register, which xml_curl's directory cache serves)."""
    port = args.port
    proc = start_server(kind, url, port, args.workers, worker_class)
    try:
        # A benchmark of wrong answers is worthless: check one first.
        if expect not in answer_of(port, payloads[0]):
            raise RuntimeError(f"{label}: the answer lacks {expect!r}")
        drive(port, payloads[:50], args.processes, args.threads, 1.0)  # warm-up
        if warm:
            drive(port, payloads, args.processes, args.threads, args.duration)
        if args.client == "wrk":
            r = drive_wrk(port, payloads, args.processes * args.threads, args.duration)
        else:
            r = drive(port, payloads, args.processes, args.threads, args.duration)
    finally:
        stop_server(proc)
    load = os.getloadavg()[0]
    print(f"| {label} | {worker_class} ×{args.workers} | {args.client} | {r['rps']:,.0f} | {r['p50']:.2f} | "
          f"{r['p99']:.2f} | {r['requests']:,} | {r['errors']} | {load:.1f} |", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=10.0)
    parser.add_argument("--workers", type=int, default=3)
    parser.add_argument("--classes", default="gevent")
    parser.add_argument("--processes", type=int, default=2, help="client processes")
    parser.add_argument("--threads", type=int, default=4, help="client threads per process")
    parser.add_argument("--port", type=int, default=18099)
    parser.add_argument("--client", choices=["python", "wrk"], default="python",
                        help="load generator: our raw-socket processes, or wrk")
    args = parser.parse_args()
    base = database.server_url(REPO / "var" / "bench")
    url = database.create_test_database(base)
    try:
        started = time.perf_counter()
        load_users(url)
        print(f"loaded {USERS:,} users in {time.perf_counter() - started:.1f}s", flush=True)
        # The load average shows how much else the machine was doing during each run.
        print("| server | workers | client | req/s | p50 ms | p99 ms | requests | errors | load |")
        print("|---|---|---|---|---|---|---|---|---|")
        directory, dialplan = directory_requests(), dialplan_requests()
        for worker_class in args.classes.split(","):
            run_case("bare Flask (floor)", "bare", url, directory, args, worker_class,
                     b"not found")
            run_case("directory sip_auth, cold cache", "xmlcurl", url, directory, args,
                     worker_class, b'name="a1-hash"')
            run_case("directory sip_auth, warm cache", "xmlcurl", url, directory, args,
                     worker_class, b'name="a1-hash"', warm=True)
            run_case("dialplan default", "xmlcurl", url, dialplan, args, worker_class,
                     b'application="socket"')
    finally:
        database.drop_test_database(base, url)


if __name__ == "__main__":
    main()
