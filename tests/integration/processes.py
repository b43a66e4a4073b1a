"""Starting and stopping the real processes the integration tests talk to."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Mapping, Sequence

# The run folder and command are scripts/run's own, so the tests run FreeSWITCH as it does.
from scripts.freeswitch_run import freeswitch_command, prepare_run_dir, silence_wav  # noqa: F401

REPO = Path(__file__).resolve().parents[2]


def free_port(kind: int = socket.SOCK_STREAM) -> int:
    with socket.socket(socket.AF_INET, kind) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_free(ports: Sequence[int], timeout: float) -> None:
    """Return once nothing holds these UDP ports on 127.0.0.1: a switch from the run before
    (killed by a timeout, say) may still be shutting down, and a profile that cannot bind
    its port gives up after three tries."""
    deadline = time.monotonic() + timeout
    for port in ports:
        while True:
            with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
                try:
                    sock.bind(("127.0.0.1", port))
                    break
                except OSError:
                    if time.monotonic() >= deadline:
                        raise TimeoutError(f"UDP port {port} still in use after {timeout:.0f} s") from None
            time.sleep(0.2)


def wait_for_port(port: int, process: subprocess.Popen, timeout: float) -> None:
    """Return once something accepts TCP on 127.0.0.1:port; fail if `process` dies first."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before listening on {port}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError(f"nothing listened on 127.0.0.1:{port} within {timeout:.0f} s")


def stop(process: subprocess.Popen, timeout: float = 20.0) -> None:
    """SIGTERM (FreeSWITCH and gunicorn shut down cleanly on it), then SIGKILL."""
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(5)


def tail(path: Path, lines: int = 40) -> str:
    if not path.exists():
        return f"({path} was not written)"
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])


@dataclass(frozen=True)
class FreeSwitchRun:
    process: subprocess.Popen
    root: Path
    esl_port: int

    @property
    def log(self) -> Path:
        return self.root / "log" / "freeswitch.log"


def start(command: Sequence[str], root: Path, name: str, env: Mapping[str, str] | None = None,
          cwd: Path | None = None) -> subprocess.Popen:
    """Start a process with its output in root/<name>.out (read it when a test fails)."""
    out = open(root / f"{name}.out", "wb")
    try:
        return subprocess.Popen(list(command), stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, env=dict(env or os.environ),
                                cwd=str(cwd or root), start_new_session=True)
    finally:
        out.close()


def wait_for_health(port: int, process: subprocess.Popen, timeout: float,
                    answers: int = 1) -> None:
    """Return once http://127.0.0.1:port/healthz has answered 200 `answers` times in a
    row (several, to reach every worker of a pre-forked server): for the controller, that
    its Event Socket to FreeSWITCH is up and subscribed (until then it would miss events)."""
    deadline = time.monotonic() + timeout
    last, healthy = "no answer", 0
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"process exited with {process.returncode} before it was healthy")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as reply:
                healthy = healthy + 1 if reply.status == 200 else 0
            if healthy >= answers:
                return
            continue
        except urllib.error.HTTPError as exc:
            last = f"{exc.code} {exc.read()[:200]!r}"
        except OSError as exc:
            last = str(exc)
        healthy = 0
        time.sleep(0.2)
    raise TimeoutError(f"not healthy within {timeout:.0f} s: {last}")


def start_service(service: str, env: Mapping[str, str], root: Path, port: int,
                  timeout: float, answers: int = 1) -> subprocess.Popen:
    """`scripts.cli serve-<service>` (xmlcurl, controller) with `env` over os.environ,
    output in root/<service>.out, returned once its /healthz on 127.0.0.1:port answered
    `answers` times; stopped, and a RuntimeError with its output's tail, if it never does."""
    process = start([sys.executable, "-m", "scripts.cli", f"serve-{service}"], root, service,
                    env={**os.environ, **env}, cwd=REPO)
    try:
        wait_for_health(port, process, timeout, answers)
    except (RuntimeError, TimeoutError) as exc:
        stop(process)
        raise RuntimeError(f"{service} did not start: {exc}\n"
                           f"{tail(root / f'{service}.out')}") from exc
    return process


@contextmanager
def controller(env: Mapping[str, str], root: Path) -> Iterator[Path]:
    """`scripts.cli serve-controller` with `env` (VAXEL_* and DATABASE_URL), once connected
    to FreeSWITCH; yields its log file."""
    metrics_port = free_port()
    env = {**env, "VAXEL_CONTROLLER_METRICS_LISTEN": f"127.0.0.1:{metrics_port}"}
    # Health, not the call listener: a probe of the listener would be taken for a call.
    process = start_service("controller", env, root, metrics_port, 30.0)
    try:
        yield root / "controller.out"
    finally:
        stop(process)
