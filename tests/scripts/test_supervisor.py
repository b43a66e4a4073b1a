"""scripts/run's supervisor: if one child stops, all stop; start-up waits are bounded."""
from __future__ import annotations

import signal
import sys

import pytest

from scripts.supervisor import Stopped, Supervisor
from tests.integration.processes import free_port

SLEEPER = [sys.executable, "-c", "import time; time.sleep(60)"]


def test_supervisor_stops_when_a_service_dies_and_reports_failure():
    with Supervisor() as supervisor:
        supervisor.start("quick", [sys.executable, "-c", "import sys; sys.exit(3)"], {}, ".")
        slow = supervisor.start("slow", SLEEPER, {}, ".")
        assert supervisor.wait() == 3
    assert slow.poll() is not None


def test_a_signal_stops_everything_with_success():
    with Supervisor() as supervisor:
        slow = supervisor.start("slow", SLEEPER, {}, ".")
        signal.raise_signal(signal.SIGTERM)
        assert supervisor.wait() == 0
    assert slow.poll() is not None


def test_a_child_dying_before_it_listens_ends_the_wait_at_once():
    with Supervisor() as supervisor:
        supervisor.start("quick", [sys.executable, "-c", "import sys; sys.exit(2)"], {}, ".")
        with pytest.raises(Stopped, match="quick stopped"):
            supervisor.wait_for_port("quick", ("127.0.0.1", free_port()), timeout=30)


def test_waiting_for_a_port_nobody_opens_times_out():
    with Supervisor() as supervisor:
        supervisor.start("slow", SLEEPER, {}, ".")
        with pytest.raises(Stopped, match="did not listen"):
            supervisor.wait_for_port("slow", ("127.0.0.1", free_port()), timeout=1)


def test_children_stop_when_the_supervisor_is_killed(tmp_path):
    """SIGKILL gives scripts/run no chance to stop anything: the children must go anyway."""
    import os
    import subprocess

    import psutil

    script = ("import sys, time; from scripts.supervisor import Supervisor\n"
              "with Supervisor() as s:\n"
              f"    child = s.start('slow', {SLEEPER!r}, {{}}, '.')\n"
              "    print(child.pid, flush=True); time.sleep(60)\n")
    supervisor = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True,
                                  cwd=os.getcwd())
    child = psutil.Process(int(supervisor.stdout.readline()))
    assert child.is_running()
    supervisor.kill()
    supervisor.wait(10)
    child.wait(10)  # raises TimeoutExpired if it outlived its supervisor
