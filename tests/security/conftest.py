"""The xml_curl fixtures (the capture's company, the app on the test's transaction), and
controllers started against the FreeSWITCH double that a test may crash."""
import pytest

from fs_control.controller import Controller
from fs_control.registry import default_features
from tests.security.crashing import settings
from tests.xml_curl.conftest import app, app_sessions, cached, client, world  # noqa: F401


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
