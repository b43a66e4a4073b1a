"""Calls from outside to the app, on the real FreeSWITCH: the carrier (sipp) calls Alex's
number and his browser rings; answered, sound flows both ways and he transfers the caller
to Daria from the app; not answered, it appears in his missed calls with a call-back."""
from __future__ import annotations

import pytest

from .app_browser import media_stats, open_app
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
