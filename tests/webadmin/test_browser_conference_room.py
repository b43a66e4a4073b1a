"""The app's room panel in Chromium at 390 px, in Swedish and in English: the room's
number and PIN, a participant who joins appears without a reload (pushed), mute and
remove (after the question) reach the controller's queue, a refused invitation keeps what
was typed, and nothing is wider than the phone's screen."""
from __future__ import annotations


import pytest
from sqlalchemy import select

from tests.actors import SYSTEM
from vaxel.accounts.services import create_user_account
from vaxel.conference.models import ConferenceCommand
from vaxel.conference.rules import RoomChange
from vaxel.conference.services import apply_change, own_room
from vaxel.config import Settings
from vaxel.models import Plan
from vaxel.people.services import create_user
from vaxel.tenancy.services import create_company
from webadmin import create_app

from .conftest import PASSWORD, TEST_CONFIG
from .browser import CHROMIUM, CHROMIUM_ARGS, served, shot, sync_api

EMAIL = "ann@room.example"


@pytest.fixture
def server(committed_db, database_url):
    with committed_db.begin() as session:
        company = create_company(session, SYSTEM, "Room AB", "room.example", plan=Plan.BUSINESS)
        user = create_user(session, SYSTEM, company, "Ann Andersson", "1001")
        create_user_account(session, user, EMAIL, PASSWORD)
        room = own_room(session, SYSTEM, user)
        room_id, number, pin = room.id, room.number, room.pin
    # The database URL lets the push hub LISTEN, as in production.
    settings = Settings.from_env({"VAXEL_SECRET_KEY": "browser-test-secret",
                                  "DATABASE_URL": database_url})
    app = create_app(settings, committed_db, TEST_CONFIG)
    with served(app) as url:
        yield url, room_id, number, pin


def open_app(server_url: str, browser, locale: str):
    context = browser.new_context(locale=locale, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(server_url + "/")
    page.fill("input[name=email]", EMAIL)
    page.fill("input[name=password]", PASSWORD)
    page.click("button.primary")
    page.wait_for_load_state()
    page.goto(server_url + "/app/")
    return page


def eventually(page, check, what: str, seconds: float = 10.0) -> None:
    """Poll while Playwright keeps serving the page's events (a sleep would hold its
    dialogs unanswered)."""
    for _ in range(int(seconds * 10)):
        if check():
            return
        page.wait_for_timeout(100)
    raise AssertionError(f"not within {seconds:.0f} s: {what}")


def commands(committed_db):
    with committed_db() as session:
        return [(c.action.value, c.member_id) for c in session.scalars(
            select(ConferenceCommand).order_by(ConferenceCommand.id))]


@pytest.mark.parametrize("locale, title, mute, remove", [
    ("sv-SE", "Mitt konferensrum", "Tyst", "Ta bort"),
    ("en-GB", "My conference room", "Mute", "Remove"),
])
def test_the_room_panel_at_390_px(server, committed_db, locale, title, mute, remove):
    url, room_id, number, pin = server
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = open_app(url, browser, locale)
        panel = page.locator("#room")
        panel.get_by_role("heading", name=title).wait_for()
        page.wait_for_function(f"document.getElementById('room-pin').textContent === '{pin}'")
        assert page.locator("#room-number").text_content() == number

        with committed_db.begin() as session:  # the switch reports a guest joining
            apply_change(session, RoomChange(room_id, "join", 4, "u4", "+46701234567", "Gäst"))
        guest = panel.locator("li[data-member='4']")
        guest.wait_for()  # pushed: no reload
        guest.get_by_role("button", name=mute).click()
        eventually(page, lambda: commands(committed_db) == [("mute", 4)], "mute queued")
        asked = []
        page.on("dialog", lambda dialog: asked.append(dialog.message) or dialog.accept())
        guest.get_by_role("button", name=remove).click()
        eventually(page, lambda: commands(committed_db) == [("mute", 4), ("remove", 4)],
                   "remove queued after the question")
        assert len(asked) == 1

        panel.locator("summary").click()
        assert not page.is_visible("#room-phones")  # no SMS gateway configured
        page.fill("#room-invite input[name=emails]", "inte-en-adress")
        page.fill("#room-invite input[name=start]", "2030-06-01T10:00")
        page.click("#room-invite button.primary")
        page.locator("#room-message.error").wait_for()
        assert page.input_value("#room-invite input[name=emails]") == "inte-en-adress"
        wide = page.evaluate("document.documentElement.scrollWidth")
        shot(page, f"room-panel-{locale}")
        assert wide <= 390, f"the page is {wide} px wide at 390 px"
        browser.close()
