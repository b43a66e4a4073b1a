"""The first run on an empty database: demo company and operator log-in, created once,
and the credentials that are printed work."""
from __future__ import annotations

from scripts import welcome
from vaxel.accounts.services import authenticate
from vaxel.config import Settings


def test_first_run_creates_the_demo_and_an_operator_once(committed_db, database_url):
    first = welcome.set_up_if_empty(database_url, "192.0.2.20")
    assert first is not None and first.domain == "192.0.2.20"
    assert set(welcome.SHOWN_EXTENSIONS) <= set(first.sip_passwords)
    with committed_db() as session:
        assert authenticate(session, first.ops_email, first.ops_password, "127.0.0.1") is not None
    assert welcome.set_up_if_empty(database_url, "192.0.2.20") is None


def test_the_welcome_says_how_to_log_in_and_register_or_that_calls_need_freeswitch():
    first = welcome.FirstRun("ops@example.com", "pw-1234567890", "192.0.2.20",
                             {str(e): f"sip-{e}" for e in range(1000, 1011)})
    settings = Settings.from_env({"VAXEL_WEBADMIN_LISTEN": "0.0.0.0:8080"})
    text = welcome.welcome_text(settings, first, "192.0.2.20", "/opt/freeswitch/bin/freeswitch", "HOW")
    assert "http://127.0.0.1:8080/" in text and "ops@example.com" in text and "pw-1234567890" in text
    assert "SIP server 192.0.2.20, port 5060" in text and "extension 1000  password sip-1000" in text
    assert "Calls need FreeSWITCH" not in text
    without = welcome.welcome_text(settings, first, "192.0.2.20", None, "HOW")
    assert "Calls need FreeSWITCH" in without and "HOW" in without
    later = welcome.welcome_text(settings, None, "192.0.2.20", None, "HOW")
    assert "pw-" not in later and "sip-" not in later
