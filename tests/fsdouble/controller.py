"""A controller wired to a FreeSWITCH double, as tests that drive whole calls need it."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Mapping

import pytest

from fs_control.controller import Controller, follow_nodes
from fs_control.features import Deps, Features
from fs_control.call_data import DatabaseCallData
from fs_control.registry import default_features
from tests.integration.processes import free_port
from vaxel.config import Settings

from .double import FreeSwitchDouble

PASSWORD = "double-secret"


@contextmanager
def running_double(password: str = PASSWORD) -> Iterator[FreeSwitchDouble]:
    fs = FreeSwitchDouble(password=password).start()
    try:
        yield fs
    finally:
        fs.stop()


@pytest.fixture
def double() -> Iterator[FreeSwitchDouble]:
    """A running double (a plugin fixture: tests/conftest.py registers this module)."""
    with running_double() as fs:
        yield fs


def controller_env(double: FreeSwitchDouble, data_dir: Path, **env: str) -> dict[str, str]:
    """The VAXEL_* settings of a controller on `double` listening on a free port, keeping its
    files in `data_dir`; `env` adds (or overrides) settings."""
    return {"VAXEL_ESL_ADDRESS": "%s:%s" % double.address, "VAXEL_ESL_PASSWORD": double.password,
            "VAXEL_CONTROLLER_LISTEN": "127.0.0.1:0", "VAXEL_DATA_DIR": str(data_dir), **env}


@contextmanager
def running_controller(double: FreeSwitchDouble, session_factory, data_dir: Path, *,
                       features: Callable[[Deps], Features] = default_features,
                       call_data: DatabaseCallData | None = None,
                       **env: str) -> Iterator[Controller]:
    """The production controller (every feature, unless `features` builds others; look-ups
    from the database, unless `call_data` is given) on a free port, connected to `double`;
    `env` adds VAXEL_* settings (see `controller_env`)."""
    settings = Settings.from_env(controller_env(double, data_dir, **env))
    ctl = Controller(settings, session_factory, features, call_data=call_data)
    ctl.start()
    try:
        assert ctl.inbound.wait_connected(5), "the controller never reached the double"
        yield ctl
    finally:
        ctl.stop()


@contextmanager
def controllers_following(doubles: Mapping[str, FreeSwitchDouble], session_factory,
                          data_dir: Path, *, features: Callable[[Deps], Features] = default_features
                          ) -> Iterator[list[Controller]]:
    """One controller process's controllers following every double (VAXEL_NODES: the
    doubles' names), each connected; listeners on free ports."""
    followed = " ".join(f"{name}=%s:%s/127.0.0.1:{free_port()}" % double.address
                        for name, double in doubles.items())
    first = next(iter(doubles.values()))
    settings = Settings.from_env({**controller_env(first, data_dir), "VAXEL_NODES": followed})
    controllers = follow_nodes(settings, session_factory, features)
    try:
        for controller in controllers:
            assert controller.inbound.wait_connected(5), f"{controller.settings.node} never connected"
        yield controllers
    finally:
        for controller in controllers:
            controller.stop()
