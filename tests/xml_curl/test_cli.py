"""The ops CLI (scripts/cli.py): migrate, demo, and the supervisor behind `run`."""
from __future__ import annotations

import subprocess
import sys

from click.testing import CliRunner

from scripts import cli


def test_migrate_and_demo_are_safe_to_repeat(committed_db, database_url):
    runner = CliRunner(env={"DATABASE_URL": database_url})
    assert runner.invoke(cli.cli, ["migrate"]).exit_code == 0
    first = runner.invoke(cli.cli, ["demo", "--domain", "demo.example"])
    assert first.exit_code == 0, first.output
    assert "SIP passwords" in first.output and "1000" in first.output
    again = runner.invoke(cli.cli, ["demo", "--domain", "demo.example"])
    assert again.exit_code == 0 and "exists already" in again.output


def test_supervisor_stops_when_a_service_dies_and_reports_failure():
    quick = subprocess.Popen([sys.executable, "-c", "import sys; sys.exit(3)"])
    slow = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    children = {"quick": quick, "slow": slow}
    try:
        assert cli._supervise(children) == 3
    finally:
        cli._stop_all(children)
    assert slow.poll() is not None


def test_services_without_a_main_module_are_not_started(monkeypatch):
    monkeypatch.setattr(cli, "_has_main", lambda package: False)
    assert cli._start_services({}, set()) == {}
