"""The app's media through a real TURN relay (coturn, Debian's package): with the portal
set to relay-only, two colleagues' browsers reach each other through the switch with every
packet relayed by coturn, on credentials the portal derived for their web devices; the
relay refuses a credential whose time is up (vaxel.people.relay)."""
from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest

from .app_browser import media_stats, open_app, served_portal
from .sipp import free_port_udp
from .waiting import wait_until

pytestmark = pytest.mark.freeswitch
SECRET = "relay-secret-for-the-app-test"
REALM = "vaxel.test"


class Relay:
    def __init__(self, port: int, log) -> None:
        self.port, self.log = port, log

    def allocated_for(self, user_part: str) -> bool:
        """coturn (with --verbose) logs each allocation it granted, with the user name."""
        return any("ALLOCATE processed, success" in line and user_part in line
                   for line in self.log.read_text(errors="replace").splitlines())


@pytest.fixture(scope="module")
def relay(tmp_path_factory):
    if shutil.which("turnserver") is None:
        pytest.skip("turnserver is missing; run scripts/install_system_deps.sh")
    root = tmp_path_factory.mktemp("coturn")
    port = free_port_udp()
    log = root / "turn.log"
    process = subprocess.Popen(
        ["turnserver", "-n", "--listening-ip=127.0.0.1", "--relay-ip=127.0.0.1",
         f"--listening-port={port}", "--min-port=40000", "--max-port=40999",
         "--use-auth-secret", f"--static-auth-secret={SECRET}", f"--realm={REALM}",
         # The switch's media is on loopback here, which coturn refuses to relay to unless
         # told; a real relay reaches the switch's public address.
         "--allow-loopback-peers", "--no-cli", "--no-tls", "--no-dtls", "--verbose",
         "--simple-log", f"--log-file={log}", f"--pidfile={root / 'turn.pid'}",
         f"--db={root / 'turn.db'}"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_until(lambda: log.exists() and "Relay address to use" in log.read_text(errors="replace"),
               10, "coturn started")
    yield Relay(port, log)
    process.terminate()
    process.wait(10)


@pytest.fixture(scope="module")
def relayed_portal(fs_env, fs_database_url, demo_rows, relay):
    with served_portal(fs_env, fs_database_url, demo_rows, {
            "VAXEL_TURN_URLS": f"turn:127.0.0.1:{relay.port}?transport=udp",
            "VAXEL_TURN_SECRET": SECRET, "VAXEL_ICE_POLICY": "relay"}) as served:
        yield served


def test_colleagues_talk_with_every_packet_relayed_by_turn(
        browser, relayed_portal, call_controller, freeswitch, relay):
    alex = open_app(browser, relayed_portal, "1000")
    daria = open_app(browser, relayed_portal, "1001")
    try:
        alex.fill("#target", "1001")
        alex.click("#call")
        daria.wait_for_selector("body[data-call=incoming]")
        daria.click("#answer")
        why = lambda: relay.log.read_text(errors="replace")[-3000:]  # noqa: E731
        for name, page in (("Alex", alex), ("Daria", daria)):
            page.wait_for_selector("body[data-call=active]")
            wait_until(lambda page=page: (media_stats(page) or {}).get("received", 0) > 8000,
                       20, f"{name}'s browser receives audio through the relay", why)
            stats = media_stats(page)
            print(f"{name}'s WebRTC audio: {stats}")
            assert stats["route"] == "relay", stats
        assert relay.allocated_for(":1000-web@") and relay.allocated_for(":1001-web@"), why()
        alex.click("#hangup")
        for page in (alex, daria):
            page.wait_for_selector("body[data-call=idle]")
    finally:
        for page in (alex, daria):
            page.context.close()


def _uclient(relay: Relay, who: str, expires_at: dt.datetime) -> tuple[int, str]:
    from vaxel.people.relay import turn_credential

    username, password = turn_credential(SECRET, who, expires_at)
    result = subprocess.run(["turnutils_uclient", "-u", username, "-w", password,
                             "-p", str(relay.port), "-e", "127.0.0.1", "-n", "1", "-m", "1",
                             "127.0.0.1"], capture_output=True, timeout=30)
    return result.returncode, username


def test_the_relay_takes_our_credentials_while_they_last_and_refuses_them_after(relay):
    """coturn checks vaxel.people.relay's user name and password with the shared secret:
    taken while the credential's time runs, refused once it is up."""
    now = dt.datetime.now(dt.timezone.utc)
    code, live = _uclient(relay, f"probe-live@{REALM}", now + dt.timedelta(minutes=10))
    assert code == 0 and relay.allocated_for(live)
    code, dead = _uclient(relay, f"probe-dead@{REALM}", now - dt.timedelta(minutes=1))
    assert code != 0 and not relay.allocated_for(dead)
