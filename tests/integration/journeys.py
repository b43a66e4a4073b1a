"""Fixtures for call journeys on the real FreeSWITCH (a pytest plugin, like harness.py):
the controller, a watch on the switch's channel events, the carrier with its trunk, and
a way to change the demo company for one module and put it back.

Each is module-scoped: the controller's call port is fixed (VAXEL_CONTROLLER_LISTEN), so
one module's controller stops before the next module's starts.
"""
from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from . import processes
from .harness import DOMAIN, TRUNK_ADDRESS
from .phones import Carrier
from .switch_events import SwitchWatch


@dataclass(frozen=True)
class RunningController:
    log: Path
    data_dir: Path

    @property
    def voicemail_dir(self) -> Path:
        return self.data_dir / "voicemail"

    def tail(self) -> str:
        return processes.tail(self.log)


@pytest.fixture(scope="module")
def call_controller(freeswitch, xmlcurl_service, fs_env, fs_database_url, tmp_path_factory):
    """`scripts.cli serve-controller` taking this module's calls, its files in a temporary
    data folder (voicemail, recordings)."""
    root = tmp_path_factory.mktemp("journey-controller")
    env = {**fs_env, "DATABASE_URL": fs_database_url, "VAXEL_LOG_FORMAT": "json",
           "VAXEL_FS_CONF_DIR": str(freeswitch.root / "conf"), "VAXEL_DATA_DIR": str(root / "data"),
           # The journeys follow prompts by their text (`say:`…); the cache would play a
           # rendered file from the second call on (tested on its own in test_speech.py).
           "VAXEL_SPEECH_CACHE": "off"}
    with processes.controller(env, root) as log:
        yield RunningController(log, root / "data")


@pytest.fixture(scope="module")
def switch_watch(freeswitch, fs_secrets):
    watch = SwitchWatch(freeswitch.esl_port, fs_secrets.esl)
    yield watch
    watch.close()


class DemoRows:
    """Changes to the demo company that are undone when the module ends (other modules
    share the database): `add` rows to delete later, `undo` anything else."""

    def __init__(self, url: str):
        from vaxel.db import make_engine, make_session_factory
        from vaxel.tenancy.models import Company

        self.engine = make_engine(url)
        self.sessions = make_session_factory(self.engine)
        with self.sessions() as session:
            self.company_id = session.scalar(select(Company.id).where(Company.sip_domain == DOMAIN))
        self._undo: list[Callable[[Session], None]] = []

    def change(self, do: Callable[[Session], object], undo: Callable[[Session], None]) -> object:
        """Run `do` in its own committed transaction; `undo` runs when the module ends."""
        with self.sessions.begin() as session:
            result = do(session)
        self._undo.append(undo)
        return result

    @contextmanager
    def temporarily(self, do: Callable[[Session], object], undo: Callable[[Session], None]):
        """Like change, with `undo` run when the `with` block ends (one test's change)."""
        with self.sessions.begin() as session:
            result = do(session)
        try:
            yield result
        finally:
            with self.sessions.begin() as session:
                undo(session)

    def restore(self) -> None:
        for undo in reversed(self._undo):
            with self.sessions.begin() as session:
                undo(session)
        self.engine.dispose()


@pytest.fixture(scope="module")
def demo_rows(test_company, fs_database_url):
    rows = DemoRows(fs_database_url)
    yield rows
    rows.restore()


@pytest.fixture(scope="module")
def carrier(freeswitch, demo_rows, switch_watch, tmp_path_factory):
    """The carrier: its trunk row (calls from TRUNK_ADDRESS are the company's, and calls out
    take its gateway) and a sipp UAS behind that gateway answering what is dialled out."""
    from sqlalchemy import delete
    from vaxel.numbers.models import Trunk

    name = "journey-carrier"
    demo_rows.change(
        lambda s: s.add(Trunk(company_id=demo_rows.company_id, name=name, gateway=name,
                              source_addresses=[f"{TRUNK_ADDRESS}/32"], priority=5)),
        lambda s: s.execute(delete(Trunk).where(Trunk.name == name)))
    with Carrier(tmp_path_factory.mktemp("carrier"), freeswitch.root / "conf", switch_watch,
                 name) as running:
        yield running
