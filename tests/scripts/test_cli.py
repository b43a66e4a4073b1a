"""The ops CLI (scripts/cli.py): migrate, demo, and what `run` starts."""
from __future__ import annotations

from click.testing import CliRunner

from scripts import cli
from scripts.supervisor import Supervisor
from vaxel.config import Settings


def test_migrate_and_demo_are_safe_to_repeat(committed_db, database_url):
    runner = CliRunner(env={"DATABASE_URL": database_url})
    assert runner.invoke(cli.cli, ["migrate"]).exit_code == 0
    first = runner.invoke(cli.cli, ["demo", "--domain", "demo.example"])
    assert first.exit_code == 0, first.output
    assert "SIP passwords" in first.output and "1000" in first.output
    again = runner.invoke(cli.cli, ["demo", "--domain", "demo.example"])
    assert again.exit_code == 0 and "exists already" in again.output


def test_services_without_a_main_module_are_not_started(monkeypatch):
    monkeypatch.setattr(cli, "_has_main", lambda package: False)
    with Supervisor() as supervisor:
        cli._start_all(supervisor, Settings.from_env({}), {}, set(), binary=None)
        assert supervisor.children == {}
