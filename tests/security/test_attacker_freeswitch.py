"""Playing the attacker against a real FreeSWITCH on loopback (marker `freeswitch`): sipp
guesses passwords from 127.0.0.2 while a legitimate phone registers from 127.0.0.3.

Needs FreeSWITCH and sipp, like tests/integration (tests/integration/harness.py).
"""
from __future__ import annotations

import subprocess
import time

import pytest

from tests.integration import processes
from tests.integration.harness import DOMAIN
from tests.integration.sipp import explain, free_port_udp, sipp_command

pytestmark = pytest.mark.freeswitch
SIP = "127.0.0.1:5060"
ATTACKER, PHONE, STRANGER = "127.0.0.2", "127.0.0.3", "127.0.0.4"


def sipp_from(address: str, cwd, scenario: str, user: str, password: str):
    command = sipp_command(scenario, SIP, "-s", user, "-key", "domain", DOMAIN,
                           "-key", "contact_port", str(free_port_udp()),
                           "-au", user, "-ap", password)
    command[command.index("-i") + 1] = address
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=30,
                          stdin=subprocess.DEVNULL)


@pytest.fixture(scope="module")
def controller(freeswitch, fs_env, fs_database_url, tmp_path_factory):
    """The controller, banning after 5 failures; yields the ACL file it writes bans to."""
    env = {**fs_env, "DATABASE_URL": fs_database_url, "VAXEL_BAN_MAX_FAILURES": "5",
           "VAXEL_FS_CONF_DIR": str(freeswitch.root / "conf")}
    with processes.controller(env, tmp_path_factory.mktemp("controller")):
        yield freeswitch.root / "conf" / "banned.local.xml"


def test_guessing_passwords_gets_the_attacker_banned_and_the_phone_keeps_working(
        freeswitch, xmlcurl_service, test_company, controller, sipp_dir):
    right = test_company.passwords["1000"]
    assert sipp_from(PHONE, sipp_dir, "register.xml", "1000", right).returncode == 0
    for n in range(6):
        result = sipp_from(ATTACKER, sipp_dir, "register_refused.xml", "1000", f"Guess-{n}-wrong")
        assert result.returncode == 0, explain(result, sipp_dir)
    deadline = time.monotonic() + 15
    while ATTACKER not in (controller.read_text() if controller.exists() else ""):
        assert time.monotonic() < deadline, "no ban written\n" + freeswitch.log.read_text()[-3000:]
        time.sleep(0.2)
    time.sleep(1)  # reloadacl
    # Banned: even the right password is refused now.
    banned = sipp_from(ATTACKER, sipp_dir, "register_refused.xml", "1000", right)
    assert banned.returncode == 0, explain(banned, sipp_dir)
    # The legitimate phone on another address registers as before.
    phone = sipp_from(PHONE, sipp_dir, "register.xml", "1000", right)
    assert phone.returncode == 0, explain(phone, sipp_dir) + freeswitch.log.read_text()[-3000:]


def test_unknown_and_existing_users_get_the_same_refusal(freeswitch, xmlcurl_service,
                                                         test_company, sipp_dir):
    for user in ("1001", "1999"):
        result = sipp_from(STRANGER, sipp_dir, "register_refused.xml", user, "Wrong-password-1")
        assert result.returncode == 0, explain(result, sipp_dir)
