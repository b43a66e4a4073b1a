"""Running the scenarios in tests/sipp with the sipp binary (sip-tester)."""
from __future__ import annotations

import shutil
import socket
import subprocess
from pathlib import Path

from .processes import free_port

SCENARIOS = Path(__file__).resolve().parents[1] / "sipp"
SIPP = shutil.which("sipp")


def sipp_command(scenario: str | Path, target: str, *options: str, port: int | None = None,
                 timeout_s: int = 15, address: str = "127.0.0.1", calls: int | None = 1
                 ) -> list[str]:
    """`calls` calls (None: as many as come, until stopped) from a free local UDP port;
    sipp exits 0 only if the scenario ran through."""
    path = scenario if isinstance(scenario, Path) else SCENARIOS / scenario
    limit = ["-m", str(calls)] if calls else []
    return [SIPP or "sipp", "-sf", str(path), "-i", address, "-p", str(port or free_port_udp()),
            *limit, "-timeout", f"{timeout_s}s", "-timeout_error", "-nostdin", "-trace_err",
            *options, *([target] if target else [])]


def free_port_udp() -> int:
    return free_port(socket.SOCK_DGRAM)


def run_sipp(cwd: Path, scenario: str | Path, target: str, *options: str,
             timeout_s: int = 15) -> subprocess.CompletedProcess:
    command = sipp_command(scenario, target, *options, timeout_s=timeout_s)
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True,
                          timeout=timeout_s + 10, stdin=subprocess.DEVNULL)


def explain(result: subprocess.CompletedProcess, cwd: Path) -> str:
    """What went wrong, for an assertion message: sipp's error logs and last screen."""
    logs = "\n".join(p.read_text(errors="replace")[-2000:] for p in sorted(cwd.glob("*_errors.log")))
    return f"sipp exited {result.returncode}\n{logs}\n{result.stdout[-3000:]}{result.stderr[-1000:]}"
