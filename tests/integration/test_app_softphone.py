"""The app's softphone on the real FreeSWITCH: two colleagues in their own browsers
register as their web devices over SIP on WebSocket, one calls the other, the call is
answered and audio flows both ways (WebRTC's statistics, DTLS-SRTP through the switch),
hang-up, one call-log row. And a web credential that expired or was rotated is refused
by the switch itself."""
from __future__ import annotations

import datetime as dt
import time

import pytest
from sqlalchemy import func, select, update

from vaxel.base import utcnow

from .app_browser import media_stats, open_app
from .calllog import read
from .harness import DOMAIN
from .phones import register
from .sipp import explain, free_port_udp, run_sipp
from .waiting import wait_until

pytestmark = pytest.mark.freeswitch


def call_log_count(url: str, company_id: int, since: dt.datetime) -> int:
    from vaxel.calls.models import CallLogEntry
    return read(url, lambda s: s.scalar(select(func.count()).select_from(CallLogEntry).where(
        CallLogEntry.company_id == company_id, CallLogEntry.started_at >= since)))


BOTH_ON_A_CALL = ("() => ['1000', '1001'].every(e => document.querySelector("
                  "`#colleague-list li[data-extension='${e}'][data-status='on_call']`))")


def test_colleagues_call_each_other_from_the_app_with_audio_both_ways(
        browser, portal, call_controller, demo_rows, fs_database_url, freeswitch):
    """…and a third colleague's board shows both on a call within a second of the answer,
    pushed (no polling) from the controller's live_call rows through PostgreSQL."""
    since = utcnow() - dt.timedelta(seconds=1)
    alex = open_app(browser, portal, "1000")
    daria = open_app(browser, portal, "1001")
    dennis = open_app(browser, portal, "1002")
    # Laid out for a phone: nothing wider than the 390 px screen.
    assert dennis.evaluate("document.documentElement.scrollWidth") <= 390
    dennis.wait_for_selector("#colleague-list li[data-extension='1001'][data-status=available]")
    alex.fill("#target", "1001")
    alex.click("#call")
    daria.wait_for_selector("body[data-call=incoming]")
    assert "Alex" in daria.inner_text("#incoming-from")
    dennis.wait_for_selector("#colleague-list li[data-extension='1001'][data-status=ringing]",
                             timeout=3_000)
    daria.click("#answer")
    answered = time.monotonic()
    dennis.wait_for_function(BOTH_ON_A_CALL, timeout=5_000)
    shown = time.monotonic() - answered
    print(f"Dennis's board showed both on a call {shown * 1000:.0f} ms after Daria answered")
    assert shown < 1.0
    for page in (alex, daria):
        page.wait_for_selector("body[data-call=active]")
    why = lambda: freeswitch.log.read_text()[-3000:]  # noqa: E731
    for name, page in (("Alex", alex), ("Daria", daria)):
        wait_until(lambda page=page: (media_stats(page) or {}).get("received", 0) > 8000, 15,
                   f"{name}'s browser receives audio", why)
        print(f"{name}'s WebRTC audio: {media_stats(page)}")
    alex.click("#hangup")
    for page in (alex, daria):
        page.wait_for_selector("body[data-call=idle]")
    wait_until(lambda: call_log_count(fs_database_url, demo_rows.company_id, since), 15,
               "the call's call-log row")
    assert call_log_count(fs_database_url, demo_rows.company_id, since) == 1
    dennis.wait_for_selector("#colleague-list li[data-extension='1000'][data-status=available]")
    for page in (alex, daria, dennis):
        page.context.close()


def web_credential(portal, demo_rows, fs_database_url, extension: str):
    """A credential issued as the app issues it, to the user's own session."""
    from vaxel.actor import Actor
    from vaxel.models import User
    from vaxel.people.webphone import issue_web_credential

    def issue(session):
        user = session.get(User, portal.users[extension])
        return issue_web_credential(session, Actor.of_user(user), user, utcnow())
    return demo_rows.change(issue, lambda s: None)


def refused(sipp_dir, credential) -> bool:
    """The switch answers its REGISTER with 401/403 (tests/sipp/register_refused.xml)."""
    result = run_sipp(sipp_dir, "register_refused.xml", "127.0.0.1:5060", "-s",
                      credential.username, "-key", "domain", DOMAIN, "-key", "contact_port",
                      str(free_port_udp()), "-au", credential.username, "-ap", credential.password)
    return result.returncode == 0 or explain(result, sipp_dir)


def test_expired_and_rotated_web_credentials_are_refused_by_the_switch(
        portal, demo_rows, fs_database_url, xmlcurl_service, sipp_dir):
    from vaxel.models import Device

    first = web_credential(portal, demo_rows, fs_database_url, "1002")
    second = web_credential(portal, demo_rows, fs_database_url, "1002")
    ok = register(sipp_dir, second.username, second.password, free_port_udp())
    assert ok.returncode == 0, explain(ok, sipp_dir)
    assert refused(sipp_dir, first) is True  # rotated: the old password is gone
    demo_rows.change(lambda s: s.execute(update(Device).where(
        Device.sip_username == second.username, Device.kind == "web").values(
        expires_at=utcnow() - dt.timedelta(seconds=1))), lambda s: None)
    assert refused(sipp_dir, second) is True  # expired
