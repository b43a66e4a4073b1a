"""`scripts/run` (its Python entry, `python -m scripts.cli run`) on an empty data folder:
with the real FreeSWITCH a phone registers with the credentials it prints; without one it
says calls need FreeSWITCH; Ctrl-C leaves nothing running either way."""
from __future__ import annotations

import os
import re
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import psutil
import pytest

from . import processes
from .sipp import explain, free_port_udp, run_sipp

START_TIMEOUT = 420.0  # scripts/run waits up to 180 s per service
# A machine without FreeSWITCH: nothing on PATH or in FREESWITCH_BIN, and install.sh's
# folder looked for where nothing is.
WITHOUT_FREESWITCH = ("import pathlib, scripts.freeswitch_run as f; "
                      "f.INSTALLED_BINARY = pathlib.Path('/nonexistent/freeswitch'); "
                      "from scripts.cli import cli; cli(['run'])")


# A loopback alias of its own: the suite's own FreeSWITCH (tests/integration/harness.py)
# holds 127.0.0.1:5060 for the whole run, and a REGISTER sent there was refused.
SIP_ADDRESS = "127.0.0.7"


@pytest.fixture
def data_dir():
    # Short: PostgreSQL's socket path (in data_dir/pgdata) must fit in 107 bytes.
    folder = Path(tempfile.mkdtemp(prefix="vx-run-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def run_env(data_dir: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("VAXEL_") and k not in ("DATABASE_URL", "FREESWITCH_BIN")}
    env.update({
        "VAXEL_DATA_DIR": str(data_dir), "VAXEL_SIP_IP": SIP_ADDRESS, "VAXEL_LOG_FORMAT": "text",
        "VAXEL_ESL_ADDRESS": f"127.0.0.1:{processes.free_port()}",
        "VAXEL_XMLCURL_LISTEN": f"127.0.0.1:{processes.free_port()}",
        "VAXEL_CONTROLLER_LISTEN": f"127.0.0.1:{processes.free_port()}",
        "VAXEL_CONTROLLER_METRICS_LISTEN": f"127.0.0.1:{processes.free_port()}",
        "VAXEL_WEBADMIN_LISTEN": f"127.0.0.1:{processes.free_port()}",
        **extra})
    return env


@dataclass
class Run:
    """scripts/run in its own process group (as in a terminal), its output in logs/."""
    process: subprocess.Popen
    data_dir: Path
    logs: Path

    def output(self) -> str:
        return "\n".join((self.logs / f"run.{kind}").read_text(errors="replace")
                         for kind in ("out", "err"))

    def wait_for_welcome(self) -> str:
        deadline = time.monotonic() + START_TIMEOUT
        while "Ctrl-C stops everything" not in (out := (self.logs / "run.out").read_text()):
            assert self.process.poll() is None, f"scripts/run stopped:\n{self.output()}"
            assert time.monotonic() < deadline, f"no welcome:\n{self.output()}"
            time.sleep(0.5)
        return out


@contextmanager
def scripts_run(data_dir: Path, logs: Path, env: dict[str, str], command: list[str]) -> Iterator[Run]:
    with open(logs / "run.out", "wb") as out, open(logs / "run.err", "wb") as err:
        process = subprocess.Popen(command, cwd=processes.REPO, env=env, stdout=out, stderr=err,
                                   stdin=subprocess.DEVNULL, start_new_session=True)
    try:
        yield Run(process, data_dir, logs)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)


def on_data_dir(data_dir: Path) -> list[psutil.Process]:
    """What runs on the data folder: FreeSWITCH, postgres, the database's guardian."""
    return [candidate for candidate in psutil.process_iter(["cmdline"])
            if str(data_dir) in " ".join(candidate.info["cmdline"] or ())]


def everything_it_started(process: subprocess.Popen, data_dir: Path) -> list[psutil.Process]:
    """Its children (the services), and postgres and the guardian, which detach."""
    return psutil.Process(process.pid).children(recursive=True) + on_data_dir(data_dir)


def ctrl_c_stops_everything(run: Run, expected: set[str]) -> None:
    started = everything_it_started(run.process, run.data_dir)
    # "python" or "python3": the services run as sys.executable, whichever name started the tests.
    names = {"python" if p.name().startswith("python") else p.name() for p in started}
    assert expected <= names, names
    os.killpg(run.process.pid, signal.SIGINT)  # as the terminal sends Ctrl-C
    assert run.process.wait(120) == 0, run.output()  # the supervisor gives each child 40 s
    deadline = time.monotonic() + 30
    while (alive := [p for p in started if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]):
        assert time.monotonic() < deadline, f"left running: {[(p.pid, p.cmdline()) for p in alive]}"
        time.sleep(0.2)
    assert on_data_dir(run.data_dir) == []


def printed(pattern: str, text: str) -> re.Match:
    match = re.search(pattern, text)
    assert match, f"{pattern!r} not in:\n{text}"
    return match


@pytest.mark.freeswitch
@pytest.mark.timeout(600)
def test_scripts_run_starts_the_switch_a_phone_registers_and_ctrl_c_stops_everything(
        data_dir, tmp_path, sipp_dir):
    command = [sys.executable, "-m", "scripts.cli", "run"]
    with scripts_run(data_dir, tmp_path, run_env(data_dir), command) as run:
        welcome = run.wait_for_welcome()
        server = printed(r"SIP server (\S+), port (\d+)", welcome)
        domain = printed(r"Domain (\S+);", welcome).group(1)
        extension, password = printed(r"extension (\d+)  password (\S+)", welcome).groups()
        assert printed(r"Log in as (\S+) with the password (\S+)", welcome)
        secrets_file = data_dir / "secrets.env"
        assert stat.S_IMODE(secrets_file.stat().st_mode) == 0o600
        assert "VAXEL_ESL_PASSWORD=" in secrets_file.read_text()
        result = register_until_accepted(sipp_dir, f"{server.group(1)}:{server.group(2)}",
                                         domain, extension, password)
        assert result.returncode == 0, explain(result, sipp_dir) + run.output()
        ctrl_c_stops_everything(run, {"freeswitch", "postgres", "python"})


def register_until_accepted(sipp_dir: Path, target: str, domain: str, extension: str,
                            password: str) -> subprocess.CompletedProcess:
    """The SIP profile may come up a moment after the Event Socket: try for up to 60 s."""
    deadline = time.monotonic() + 60
    while True:
        result = run_sipp(sipp_dir, "register.xml", target, "-s", extension, "-key", "domain",
                          domain, "-key", "contact_port", str(free_port_udp()),
                          "-au", extension, "-ap", password)
        if result.returncode == 0 or time.monotonic() > deadline:
            return result
        time.sleep(1)


@pytest.mark.timeout(540)
def test_scripts_run_without_freeswitch_says_calls_need_it_and_ctrl_c_stops_everything(
        data_dir, tmp_path):
    env = run_env(data_dir, PATH="/usr/bin:/bin")
    with scripts_run(data_dir, tmp_path, env, [sys.executable, "-c", WITHOUT_FREESWITCH]) as run:
        welcome = run.wait_for_welcome()
        assert "Calls need FreeSWITCH, and none is installed" in welcome
        assert "../shared/freeswitch/install.sh" in welcome and "FREESWITCH_BIN" in welcome
        assert printed(r"Log in as (\S+) with the password (\S+)", welcome)
        assert not (data_dir / "freeswitch").exists()
        ctrl_c_stops_everything(run, {"postgres", "python"})


@pytest.mark.timeout(200)
def test_scripts_run_refuses_a_weak_event_socket_password_before_freeswitch_starts(
        data_dir, tmp_path, database_url):
    # FreeSWITCH is never executed: rendering its configuration refuses the password first.
    env = run_env(data_dir, DATABASE_URL=database_url, VAXEL_ESL_PASSWORD="ClueCon",
                  FREESWITCH_BIN="/bin/false")
    with scripts_run(data_dir, tmp_path, env, [sys.executable, "-m", "scripts.cli", "run"]) as run:
        assert run.process.wait(120) == 1, run.output()
        assert "cannot configure FreeSWITCH: VAXEL_ESL_PASSWORD is a default or published" in run.output()
        assert "Växel is running" not in run.output()
