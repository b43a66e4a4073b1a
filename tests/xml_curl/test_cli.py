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


def test_run_makes_up_missing_secrets_once_and_keeps_them_private(tmp_path):
    """The services refuse to start without them; the local all-in-one generates them."""
    made = cli.local_secrets(tmp_path, {})
    assert set(made) == set(cli.LOCAL_SECRETS) and all(len(v) >= 40 for v in made.values())
    kept = tmp_path / cli.LOCAL_SECRETS_FILE
    assert kept.stat().st_mode & 0o777 == 0o600
    assert cli.local_secrets(tmp_path, {}) == made  # the same after a restart
    given = cli.local_secrets(tmp_path, {"VAXEL_SECRET_KEY": "from-the-environment"})
    assert set(given) == {"VAXEL_XMLCURL_PASSWORD"}  # what the environment sets wins
