"""A controller wired to a FreeSWITCH double, as tests that drive whole calls need it."""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from fs_control.controller import Controller
from fs_control.registry import default_features
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


@contextmanager
def running_controller(double: FreeSwitchDouble, session_factory, data_dir: Path,
                       **env: str) -> Iterator[Controller]:
    """The production controller (every feature) on a free port, connected to `double`;
    `env` adds VAXEL_* settings."""
    settings = Settings.from_env({
        "VAXEL_ESL_ADDRESS": "%s:%s" % double.address, "VAXEL_ESL_PASSWORD": double.password,
        "VAXEL_CONTROLLER_LISTEN": "127.0.0.1:0", "VAXEL_DATA_DIR": str(data_dir), **env})
    ctl = Controller(settings, session_factory, default_features)
    ctl.start()
    try:
        assert ctl.inbound.wait_connected(5), "the controller never reached the double"
        yield ctl
    finally:
        ctl.stop()
