"""Calls from outside to the app, on the real FreeSWITCH: the carrier (sipp) calls Alex's
number and his browser rings; answered, sound flows both ways and he transfers the caller
to Daria from the app, blind or attended (he consults her first, then completes or goes
back to the caller); not answered, it appears in his missed calls with a call-back."""
from __future__ import annotations

import pytest

from vaxel.calls.events import CallDirection, CallResult

from .app_browser import media_stats, open_app
from .journey_tools import esl_api
from .phones import CALLER, trunk_call
from .waiting import wait_until

pytestmark = pytest.mark.freeswitch
ALEX_NUMBER = "+46812345610"


@pytest.fixture
def apps(browser, portal, carrier, call_controller):
    pages = {ext: open_app(browser, portal, ext) for ext in ("1000", "1001")}
    yield pages
    for page in pages.values():
        page.context.close()


def receives_audio(page, who: str, freeswitch) -> None:
    wait_until(lambda: (media_stats(page) or {}).get("received", 0) > 4000, 15,
               f"{who}'s browser receives audio", lambda: freeswitch.log.read_text()[-3000:])


def test_a_caller_from_outside_reaches_the_app_and_is_transferred_to_a_colleague(
        apps, sipp_dir, switch_watch, freeswitch):
    alex, daria = apps["1000"], apps["1001"]
    with trunk_call(sipp_dir, switch_watch, ALEX_NUMBER) as call:
        alex.wait_for_selector("body[data-call=incoming]")
        assert CALLER in alex.inner_text("#incoming-from")
        alex.click("#answer")
        alex.wait_for_selector("body[data-call=active]")
        receives_audio(alex, "Alex", freeswitch)
        call.hears_sound()  # the browser's (fake) microphone reaches the caller
        alex.fill("#transfer-target", "1001")
        alex.click("#transfer button")
        daria.wait_for_selector("body[data-call=incoming]")
        alex.wait_for_selector("body[data-call=idle]")
        daria.click("#answer")
        daria.wait_for_selector("body[data-call=active]")
        receives_audio(daria, "Daria", freeswitch)
        call.hears_sound()
    daria.wait_for_selector("body[data-call=idle]")


def answered_by_alex(alex, call, freeswitch) -> None:
    alex.wait_for_selector("body[data-call=incoming]")
    alex.click("#answer")
    alex.wait_for_selector("body[data-call=active]")
    receives_audio(alex, "Alex", freeswitch)
    call.hears_sound()


def talks_with(freeswitch, fs_secrets, call, device: str) -> bool:
    """The caller's channel is bridged to `device`'s (1000-web: Alex's app)."""
    def api(command: str) -> str:
        return esl_api(freeswitch.esl_port, fs_secrets.esl, command).strip()
    partner = api(f"uuid_getvar {call.legs.uuid} bridge_uuid")
    return bool(partner) and api(f"uuid_getvar {partner} channel_name") == \
        f"sofia/internal/{device}"


def logged_once_answered(fs_database_url, call) -> None:
    """The caller's call leaves one call-log row (the consultation is a call of its own)."""
    row = call.log_row(fs_database_url)
    assert (row.direction, row.other_number, row.result) == (
        CallDirection.INCOMING, CALLER, CallResult.ANSWERED)
    assert row.talk_seconds > 0


def consults_daria(alex, daria, freeswitch) -> None:
    """From the app Alex consults Daria (the switch holds the caller and calls Alex's web
    device back, which the app answers itself); Daria answers in her app."""
    alex.fill("#transfer-target", "1001")
    alex.click("#consult")
    daria.wait_for_selector("body[data-call=incoming]")
    assert "Alex" in daria.inner_text("#incoming-from") or "1000" in daria.inner_text(
        "#incoming-from")
    daria.click("#answer")
    daria.wait_for_selector("body[data-call=active]")
    alex.wait_for_selector("body[data-consult=connected]")
    receives_audio(daria, "Daria", freeswitch)


def test_alex_consults_daria_from_the_app_and_completes_the_transfer(
        apps, sipp_dir, switch_watch, freeswitch, fs_secrets, fs_database_url):
    alex, daria = apps["1000"], apps["1001"]
    with trunk_call(sipp_dir, switch_watch, ALEX_NUMBER) as call:
        answered_by_alex(alex, call, freeswitch)
        consults_daria(alex, daria, freeswitch)
        alex.click("#consult-complete")
        alex.wait_for_selector("body[data-call=idle]")  # Alex has left both calls
        assert alex.is_hidden("#consulting")
        daria.wait_for_selector("body[data-call=active]")  # Daria talks with the caller
        wait_until(lambda: talks_with(freeswitch, fs_secrets, call, "1001-web"), 10,
                   "the caller is joined with Daria's app")
        received = media_stats(daria)["received"]
        call.hears_sound()  # Daria's microphone reaches the caller
        wait_until(lambda: media_stats(daria)["received"] > received + 4000, 15,
                   "Daria keeps receiving audio")
        assert call.process.poll() is None  # the caller is still on the line
    daria.wait_for_selector("body[data-call=idle]")
    logged_once_answered(fs_database_url, call)


def test_alex_consults_daria_and_cancels_and_is_back_with_the_caller(
        apps, sipp_dir, switch_watch, freeswitch, fs_secrets, fs_database_url):
    alex, daria = apps["1000"], apps["1001"]
    with trunk_call(sipp_dir, switch_watch, ALEX_NUMBER) as call:
        answered_by_alex(alex, call, freeswitch)
        consults_daria(alex, daria, freeswitch)
        alex.click("#consult-cancel")
        daria.wait_for_selector("body[data-call=idle]")  # the consultation ended (BYE)
        alex.wait_for_selector("body[data-call=active]")
        alex.wait_for_selector("#consulting", state="hidden")
        assert CALLER in alex.inner_text("#call-peer")  # back with the caller
        wait_until(lambda: talks_with(freeswitch, fs_secrets, call, "1000-web"), 10,
                   "the caller is with Alex's app again")
        received = media_stats(alex)["received"]
        call.hears_sound()  # Alex's microphone reaches the caller again
        wait_until(lambda: media_stats(alex)["received"] > received + 4000, 15,
                   "Alex receives the caller's audio again")
        assert call.process.poll() is None
    alex.wait_for_selector("body[data-call=idle]")
    logged_once_answered(fs_database_url, call)


def test_an_unanswered_call_shows_in_my_missed_calls_with_a_call_back(
        apps, sipp_dir, switch_watch):
    alex = apps["1000"]
    with trunk_call(sipp_dir, switch_watch, ALEX_NUMBER) as call:
        alex.wait_for_selector("body[data-call=incoming]")
        call.legs.hang_up()  # the caller gives up before Alex answers
        alex.wait_for_selector("body[data-call=idle]")
    alex.click("#calls [data-which=missed]")
    missed = alex.wait_for_selector(f"#call-list li[data-result=missed]:has-text('{CALLER}')")
    assert missed.query_selector("button") is not None  # call back
