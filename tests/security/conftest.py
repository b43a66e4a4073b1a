"""Controllers started against the FreeSWITCH double that a test may crash. (xml_curl's
fixtures come from the tests.xml_curl.fixtures plugin.)"""
import pytest

from fs_control.controller import Controller
from fs_control.registry import default_features
from tests.security.crashing import settings


@pytest.fixture
def start(double, committed_db, tmp_path):
    """start() → a running controller; each is stopped afterwards unless it was crashed."""
    started = []

    def start_controller() -> Controller:
        ctl = Controller(settings(double, tmp_path), committed_db, default_features)
        ctl.start()
        assert ctl.inbound.wait_connected(5)
        started.append(ctl)
        return ctl
    yield start_controller
    for ctl in started:
        if not getattr(ctl, "crashed", False):
            ctl.stop()
