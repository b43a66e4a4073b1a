"""A test run (or scripts/run) that started the embedded PostgreSQL stops it and, for a
throw-away server, removes its folder when it ends: normally, failing, interrupted or
killed (issue 20: every run used to leave a postgres and 60 MB in /tmp)."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

import psutil
import pytest

from vaxel.config import REPO_ROOT

INNER_TEST = '''
import os, time

def test_uses_the_database(database_url):
    assert database_url
    with open(os.environ["INNER_STARTED"], "w") as out:
        out.write(database_url)
    time.sleep(float(os.environ.get("INNER_SLEEP", "0")))
    assert os.environ.get("INNER_FAIL") != "1", "failing on purpose"
'''


def postgres_under(folder: Path) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["name", "cmdline"]):
        if process.info["name"] == "postgres" and str(folder) in " ".join(process.info["cmdline"] or ()):
            found.append(process)
    return found


def leftovers(tmp: Path) -> tuple[list[Path], list[psutil.Process]]:
    return sorted(tmp.glob("vaxel-test-pg-*")), postgres_under(tmp)


def wait_for_nothing_left(tmp: Path, timeout: float = 30.0) -> tuple[list, list]:
    deadline = time.monotonic() + timeout
    while (found := leftovers(tmp)) != ([], []) and time.monotonic() < deadline:
        time.sleep(0.2)
    return found


def inner_run(tmp_path: Path, **env: str) -> tuple[subprocess.Popen, Path]:
    """pytest on one test using the real `database_url` fixture, with no database
    configured, so it starts an embedded server in its TMPDIR."""
    (tmp_path / "test_inner.py").write_text(INNER_TEST)
    # Short: PostgreSQL's socket path must fit in 107 bytes.
    tmp = Path(tempfile.mkdtemp(prefix="vx-"))
    started = tmp_path / "started"
    child_env = {k: v for k, v in os.environ.items()
                 if k not in ("DATABASE_URL", "VAXEL_TEST_DATABASE_URL", "PYTEST_ADDOPTS")}
    child_env.update(TMPDIR=str(tmp), PYTHONPATH=str(REPO_ROOT), INNER_STARTED=str(started), **env)
    command = [sys.executable, "-m", "pytest", "-q", "-p", "tests.conftest", "-p", "no:cacheprovider",
               str(tmp_path / "test_inner.py")]
    process = subprocess.Popen(command, cwd=tmp_path, env=child_env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    return process, tmp


def wait_for_file(path: Path, process: subprocess.Popen, timeout: float = 90.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert process.poll() is None, process.stdout.read()
        assert time.monotonic() < deadline, "the inner test never started"
        time.sleep(0.1)


@pytest.mark.timeout(240)
def test_a_failing_test_run_stops_its_embedded_server_and_removes_its_folder(tmp_path):
    process, tmp = inner_run(tmp_path, INNER_FAIL="1")
    output = process.communicate(timeout=180)[0]
    assert process.returncode == 1 and "failing on purpose" in output, output
    # It used the embedded server, in TMPDIR (the socket folder is in the URL).
    assert urllib.parse.quote(str(tmp), safe="") in (tmp_path / "started").read_text()
    # A normal end cleans up before pytest returns: nothing to wait for.
    assert leftovers(tmp) == ([], []), output
    shutil.rmtree(tmp)  # pgserver's lock file (runtime-0/) is all that may remain


@pytest.mark.timeout(240)
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM, signal.SIGKILL],
                         ids=["ctrl-c", "timeout", "killed"])
def test_an_interrupted_or_killed_test_run_leaves_no_server_behind(tmp_path, signum):
    process, tmp = inner_run(tmp_path, INNER_SLEEP="60")
    wait_for_file(tmp_path / "started", process)
    assert leftovers(tmp)[1], "the inner run should be using an embedded server now"
    # As the terminal (Ctrl-C) or `timeout` would: the whole process group.
    os.killpg(process.pid, signum)
    process.communicate(timeout=60)
    assert wait_for_nothing_left(tmp) == ([], [])
    shutil.rmtree(tmp)  # pgserver's lock file (runtime-0/) is all that may remain
